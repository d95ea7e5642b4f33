import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/index.js';
import pkg from '../../package.json' with { type: 'json' };

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });

const REQUIRED = ['tick', 'residents', 'participation', 'participation_substantive', 'participation_formal', 'trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'match', 'value', 'transaction_cost', 'diversion_attempted', 'diversion_detected', 'teams', 'gini', 'events'];

describe('coprod CLI', () => {
  it('prints one JSON object with scenario, seed, resolved params, rules with schedules and one row per tick', () => {
    const r = cli('run', 'baseline', '--seed', '7', '--ticks', '6', '--rule', 'party-coordination@2-4', '--set', 'trust.loss=0.2', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scenario).toBe('baseline');
    expect(out.seed).toBe(7);
    expect(out.params['trust.loss']).toBe(0.2);
    expect(out.params['empowerment.power']).toBeTypeOf('number');
    expect(out.rules).toEqual([{ name: 'party-coordination', from: 2, to: 4 }]);
    expect(out.rows).toHaveLength(6);
    for (const col of REQUIRED) expect(out.rows[0], col).toHaveProperty(col);
    expect(out.rows[1].events).toContain('rule_on:party-coordination');
    expect(out.rows[4].events).toContain('rule_off:party-coordination');
  });

  it('writes CSV atomically to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coprod-cli-'));
    const file = join(dir, 'sub', 'rows.csv');
    const r = cli('run', 'baseline', '--ticks', '3', '--format', 'csv', '--out', file);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(REQUIRED));
    expect(existsSync(file + '.tmp')).toBe(false);
  });

  it('runs the kernels --kernels names, which give the same rows', () => {
    const runs = ['wasm', 'js', 'auto'].map((k) => cli('run', 'k-community', '--ticks', '8', '--format', 'json', '--kernels', k));
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const [wasm, js, auto] = runs.map((r) => JSON.parse(r.stdout));
    expect([wasm.kernels, js.kernels, auto.kernels]).toEqual(['wasm', 'js', 'wasm']);
    expect(wasm.rows).toHaveLength(8);
    expect(js.rows).toEqual(wasm.rows);
    expect(auto.rows).toEqual(wasm.rows);
    // And with the kernels' second thread: the same output, byte for byte.
    const two = cli('run', 'k-community', '--ticks', '8', '--format', 'json', '--thread');
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(runs[0].stdout);
  });

  it('lists scenarios and rules one per line, and every parameter with unit, default and range', () => {
    const r = cli('list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s+baseline\s+/m);
    for (const name of ['empowerment', 'checks-and-balances', 'party-coordination']) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\s+`, 'm'));
    const p = cli('list', '--params', 'baseline');
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/^empowerment\.power\s+0\.6\s+0\.6\s+\[0, 1\]\s+intensity 0\.\.1$/m);
    expect(p.stdout).toMatch(/trust\.loss/);
  });

  it.each([
    [['run', 'nowhere'], /scenario: got "nowhere", expected a scenario \(.*baseline/],
    [['run', 'baseline', '--rule', 'magic'], /--rule: got "magic", expected a rule \(empowerment, checks-and-balances, party-coordination/],
    [['run', 'baseline', '--without', 'magic'], /--without: got "magic", expected a rule/],
    [['run', 'baseline', '--set', 'trust.loss=2'], /--set trust\.loss: got 2, expected a number in \[0, 1\]/],
    [['run', 'baseline', '--set', 'trust.nothing=0.1'], /--set trust\.nothing: got 0\.1, expected a known parameter path/],
    [['run', 'baseline', '--set', 'trust.loss'], /--set: got "trust\.loss", expected path=value/],
    [['run', 'baseline', '--ticks', '-3'], /--ticks: got "-3", expected a whole number >= 0/],
    [['run', 'baseline', '--rule', 'empowerment@9-3'], /--rule: got "empowerment@9-3", expected name, name@from or name@from-to/],
    [['run', 'baseline', '--format', 'xml'], /format/],
    [['run', 'baseline', '--kernels', 'gpu'], /--kernels <name>' argument 'gpu' is invalid\. Allowed choices are auto, wasm, js/],
    [['run', 'baseline', '--kernels', 'js', '--thread'], /--thread: got "--kernels js", expected --kernels wasm or auto/],
  ])('rejects bad input %j with a clear line and a non-zero exit', (args, message) => {
    const r = cli(...(args as string[]));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stdout).toBe('');
  });

  it('keeps the version constant equal to package.json', () => {
    expect(VERSION).toBe(pkg.version);
  });
});
