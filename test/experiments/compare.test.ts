import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compare, comparisonTable, parseSideFlags, sensitivity } from '../../src/experiments/index.js';
import { createCoprod } from '../../src/model/create.js';
import { main } from '../../src/node/cli.js';
import { createPoolRunner } from '../../src/node/experiments/index.js';
import { ValidationError } from '../../src/validate.js';
import { SMALL, SMALL_FLAGS, scratch } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Run the CLI in this process, capturing its output and exit code. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('compare', () => {
  it('parses side flags and rejects anything but --set, --rule and --without', () => {
    expect(parseSideFlags('')).toEqual({ set: {}, rules: [], without: [] });
    expect(parseSideFlags(`--rule party-coordination@1-52 --set=trust.loss=0.2 --without 'empowerment'`, '--b')).toEqual({ set: { 'trust.loss': 0.2 }, rules: ['party-coordination@1-52'], without: ['empowerment'] });
    expect(() => parseSideFlags('--seed 3 --set x', '--b')).toThrow(ValidationError);
    try {
      parseSideFlags('--seed 3 --set x', '--b');
    } catch (e) {
      expect((e as Error).message.split('\n')).toEqual([
        '--b: got "--seed", expected only --set path=value, --rule name[@from[-to]] and --without name (seed and ticks are common to both sides)',
        '--b: got "3", expected only --set path=value, --rule name[@from[-to]] and --without name (seed and ticks are common to both sides)',
        '--b --set: got "x", expected path=value, e.g. --set trust.loss=0.2',
      ]);
    }
  });

  it('pairs replicates on common random numbers: identical sides differ by exactly zero', async () => {
    const c = await compare({ scenario: 'baseline', set: SMALL, ticks: 8, a: '', b: '', reps: 3 });
    for (const col of c.columns) {
      expect(col.diff, col.output).toBe(0);
      expect(col.ci, col.output).toEqual([0, 0]);
    }
    // Replicate k is the plain run with seed k: the mean curve is the mean of those runs.
    const runs = c.seeds.map((seed) => {
      const sim = createCoprod('baseline', { set: SMALL, ticks: 8, seed });
      sim.runToEnd();
      return sim.rows.map((r) => r.participation as number);
    });
    expect(c.curves.tick).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    c.curves.a.mean.forEach((m, t) => expect(m).toBeCloseTo((runs[0][t] + runs[1][t] + runs[2][t]) / 3, 12));
    expect(new Set(c.seeds).size).toBe(3);
    expect(c.columns.find((x) => x.output === 'participation')!.n).toBe(3);
  });

  it('gives the same result in this thread and on two workers', async () => {
    const opts = { scenario: 'baseline', set: SMALL, ticks: 10, a: '--rule party-coordination@1-5', b: '--rule party-coordination@1-5 --rule empowerment@1-5', reps: 4, window: { from: 6 } } as const;
    const here = await compare(opts);
    const runner = createPoolRunner(2);
    try {
      expect(await compare({ ...opts, runner })).toEqual(here);
    } finally {
      await runner.close();
    }
    expect(here.window).toEqual({ from: 6, to: 10 });
    const table = comparisonTable(here, ['participation', 'teams']);
    expect(table).toContain('A: --rule party-coordination@1-5');
    expect(table.split('\n')[5]).toMatch(/^output\s+mean_a\s+mean_b\s+diff\s+ci95_low\s+ci95_high\s+d_z$/);
    expect(table.trimEnd().split('\n')).toHaveLength(8);
  });

  it('runs from the CLI as a table, as JSON and with an SVG chart', async () => {
    const dir = scratch('compare');
    dirs.push(dir);
    const svg = join(dir, 'chart.svg');
    const args = ['compare', 'baseline', '--a', '', '--b', '--set trust.loss=0.3', '--reps', '3', '--ticks', '6', ...SMALL_FLAGS, '--workers', '0', '--quiet'];
    const t = await cli(...args, '--columns', 'participation,trust_officials', '--svg', svg, '--output', 'trust_officials');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/\nparticipation\s+\S+\s+\S+/);
    expect(t.stdout).toMatch(/\ntrust_officials\s+\S+/);
    const chart = readFileSync(svg, 'utf8');
    expect(chart).toMatch(/^<svg /);
    expect(chart).toContain('trust_officials');
    const j = await cli(...args, '--format', 'json');
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ scenario: 'baseline', reps: 3, window: { from: 1, to: 6 }, a: { label: '(scenario as is)' }, b: { set: { 'trust.loss': 0.3 } } });
    expect(out.columns.find((x: { output: string }) => x.output === 'participation')).toEqual({ output: 'participation', mean_a: expect.any(Number), mean_b: expect.any(Number), diff: expect.any(Number), ci: [expect.any(Number), expect.any(Number)], sd_diff: expect.any(Number), d_z: expect.any(Number) });
  });

  it('exits 2 with clear messages for bad sides, windows and outputs', async () => {
    const r = await cli('compare', 'baseline', '--a', '--rule nosuch', '--b', '--set trust.los=0.2', '--reps', '3', '--ticks', '6');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^coprod: --a: --rule: got "nosuch", expected a rule \(/m);
    const w = await cli('compare', 'baseline', '--a', '', '--b', '', '--ticks', '6', '--window', '5-9', '--output', 'nope');
    expect(w.code).toBe(2);
    expect(w.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^coprod: --output: got "nope", expected an output column \(residents, participation, /), 'coprod: --window: got "5-9", expected whole ticks with 1 <= from <= to <= 6 (the run\'s ticks)']);
  });
});

describe('sensitivity', () => {
  it('ranks a decisive parameter above an inert one on the model, identically on workers', async () => {
    const opts = { scenario: 'baseline', set: SMALL, ticks: 8, params: ['commit.intercept=-5:-1', 'population.time_young=2:2.001'], trajectories: 3, output: 'participation' } as const;
    const s = await sensitivity(opts);
    expect(s.runs).toBe(9);
    expect(s.effects.map((e) => e.path)).toEqual(['commit.intercept', 'population.time_young']);
    expect(s.effects[0].muStar).toBeGreaterThan(10 * s.effects[1].muStar);
    expect(s.effects[0].mu).toBeGreaterThan(0);
    const runner = createPoolRunner(2);
    try {
      expect(await sensitivity({ ...opts, runner })).toEqual(s);
    } finally {
      await runner.close();
    }
  });

  it('runs from the CLI (OAT) and rejects bad ranges with exit 2', async () => {
    const ok = await cli('sensitivity', 'baseline', '--param', 'commit.intercept=-4:-2', '--param', 'trust.loss=0.1:0.3', '--method', 'oat', '--trajectories', '2', '--ticks', '5', ...SMALL_FLAGS, '--workers', '0', '--quiet');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/one at a time, 2 repetitions, 8 runs/);
    expect(ok.stdout).toMatch(/\ncommit\.intercept\s+-4:-2\s/);
    const bad = await cli('sensitivity', 'baseline', '--param', 'commit.intercept=-40:-2', '--param', 'trust.loss=0.1,0.3', '--param', 'no.such=0:1', '--ticks', '5');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toEqual([
      'coprod: --param commit.intercept lo: got -40, expected a number in [-10, 10] (log-odds)',
      'coprod: --param trust.loss: got "0.1,0.3", expected a range lo:hi',
      expect.stringMatching(/^coprod: --param no\.such: got "no\.such", expected a known parameter path/),
    ]);
  });
});
