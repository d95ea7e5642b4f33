import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoprod, listScenarios, parseScenario, type Row } from '../../src/index.js';
import { main } from '../../src/node/cli.js';
import { memoryProblems, readGolden, round4, rowProblems, writeGolden } from './helpers.js';

const CASES = ['zhendong', 'k-community', 'getang', 'jinsong', 'whistle'];
const PRESETS = ['p1-breakdown', 'p2-checks', 'p3-coordination', 'p4-sustainability', 'p5-asymmetry', 'p6-turnover', 'p7-open-design', 'p8-matthew'];
const ALL = [...CASES, 'baseline', ...PRESETS];

/** Run the CLI in this process and capture what it writes to standard output. */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string | Uint8Array) => {
    chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(args);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('the scenario catalogue', () => {
  it('lists the five cases, the baseline and the eight presets, in that order, each a valid scenario', () => {
    const names = listScenarios().map((s) => s.name);
    expect(names).toEqual(ALL);
    for (const s of listScenarios()) {
      expect(() => parseScenario(s)).not.toThrow();
      expect(s.title_zh, s.name).toBeTruthy();
      expect(s.description_zh, s.name).toBeTruthy();
      expect(s.source, s.name).toBeTruthy();
    }
  });

  it('gives each preset its pattern, a two-sentence explanation in English and Chinese, a contrast and a small population', () => {
    for (const [k, name] of PRESETS.entries()) {
      const s = listScenarios().find((x) => x.name === name)!;
      expect(s.pattern).toBe(`P${k + 1}`);
      expect(s.description.split(/(?<=[.!?])\s+(?=[A-Z])/).length, name).toBe(2);
      expect(s.description_zh!.split('。').filter((x) => x.trim()).length, name).toBe(2);
      expect(s.contrast?.label, name).toBeTruthy();
      expect(s.contrast?.label_zh, name).toBeTruthy();
      const c = s.contrast!;
      expect((c.rules?.length ?? 0) + (c.without?.length ?? 0) + Object.keys(c.set ?? {}).length, `${name}: one setting changes`).toBeGreaterThan(0);
      // Run B builds: the contrast names only known rules and parameters.
      const b = createCoprod(name, { set: c.set, rules: c.rules, without: c.without });
      expect(b.model.residents.count).toBeLessThanOrEqual(3000);
    }
  });

  it('P4 withdraws coordination after week 52, and run B is the same without empowerment', () => {
    const s = listScenarios().find((x) => x.name === 'p4-sustainability')!;
    expect(s.rules).toContainEqual({ name: 'party-coordination', from: 1, to: 52 });
    expect(s.rules!.map((r) => r.name)).toContain('empowerment');
    expect(s.contrast!.without).toEqual(['empowerment']);
  });

  it('P5 stages one diversion at week 60 that is certain to be detected', () => {
    for (const seed of [1, 2, 3]) {
      const sim = createCoprod('p5-asymmetry', { seed, ticks: 60 });
      sim.runToEnd();
      const row = sim.rows[59];
      expect(String(row.events)).toContain('staged_diversion');
      expect(String(row.events)).toContain('scandal');
      expect(row.diversion_detected as number).toBeGreaterThanOrEqual(1);
      expect((row.trust_enterprises as number) < (sim.rows[58].trust_enterprises as number) - 0.1).toBe(true);
    }
  });
});

describe('baseline and presets over ten years', () => {
  for (const name of ['baseline', ...PRESETS]) {
    it(`${name} keeps shares and trust in [0, 1], counts ≥ 0 and no NaN for 520 weeks`, () => {
      const sim = createCoprod(name, { seed: 1, ticks: 520 });
      const problems: string[] = [];
      for (let t = 1; t <= 520; t++) problems.push(...rowProblems(sim.tickOnce()), ...memoryProblems(sim.rules, t));
      expect(problems).toEqual([]);
    });
  }
});

/*
 * Golden snapshots: the first 52 weeks of every scenario (seed 1), rounded to 4 decimals, plus the rule
 * memories at week 52. Run with UPDATE_GOLDEN=1 to rewrite them after an intended change of the model.
 */
describe('golden snapshots (52 weeks, seed 1)', () => {
  const update = process.env.UPDATE_GOLDEN === '1';
  for (const name of ALL) {
    it(`${name} reproduces its golden rows`, () => {
      const sim = createCoprod(name, { seed: 1, ticks: 52 });
      sim.runToEnd();
      const data = {
        scenario: name,
        seed: 1,
        ticks: 52,
        rows: sim.rows.map((r) => round4(r as Row)),
        memory: Object.fromEntries(sim.rules.filter((r) => Object.keys(r.memory).length).map((r) => [r.rule.name, round4(r.memory)])),
      };
      if (update) writeGolden(name, data);
      const golden = readGolden(name);
      expect(golden, `no golden file for ${name}: run UPDATE_GOLDEN=1 npx vitest run test/scenarios`).toBeDefined();
      expect(data).toEqual(golden);
    });
  }
});

describe('coprod list and run', () => {
  it('`coprod list` shows the five cases, the baseline and the eight presets', async () => {
    const { code, out } = await cli('list');
    expect(code).toBe(0);
    const lines = out.split('\n');
    const start = lines.indexOf('Scenarios:');
    const listed = lines.slice(start + 1, lines.indexOf('Rules:')).map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(ALL);
    for (const rule of ['employment-dispatch', 'venture-philanthropy', 'micro-renewal', 'consultation-group', 'whistle-blowing', 'staged-scandal', 'three-carriages', 'community-partners']) expect(out).toContain(rule);
  });

  it('`coprod list` works as a separate process too', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', 'list'], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
    expect(r.status, r.stderr).toBe(0);
    for (const name of ALL) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
  });

  for (const name of ALL) {
    it(`\`coprod run ${name} --ticks 3\` prints three rows`, async () => {
      const { code, out } = await cli('run', name, '--ticks', '3', '--format', 'json');
      expect(code).toBe(0);
      const parsed = JSON.parse(out);
      expect(parsed.scenario).toBe(name);
      expect(parsed.rows).toHaveLength(3);
    });
  }
});
