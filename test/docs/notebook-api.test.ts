// The notebook-shaped API (src/notebook.ts): one call to tidy rows or columns, for runs, sweeps and
// comparisons, matching what the lower-level APIs give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  RUN_COLUMNS,
  ValidationError,
  bandRows,
  columnName,
  compare,
  compareRows,
  compareSummary,
  createCoprod,
  defineRule,
  paramRows,
  parameterSpace,
  runAsync,
  runColumns,
  runColumnsAsync,
  runRows,
  scenarioRows,
  sensitivityRows,
  summaryRows,
  sweep,
  sweepRows,
  toColumns,
  type CoprodModel,
  type Row,
  type SummaryRow,
} from '../../src/index.js';

const SMALL = { 'population.residents': 300, 'population.households': 110, 'population.buildings': 10, 'population.grids': 2 };
const SNAKE = /^[a-z][a-z0-9_]*$/;

function expectTidy(rows: readonly Row[] | readonly SummaryRow[]): void {
  expect(Array.isArray(rows)).toBe(true);
  for (const r of rows) {
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    for (const [k, v] of Object.entries(r)) {
      expect(k).toMatch(SNAKE);
      // Numbers and labels; null only where a statistic is undefined (d_z of a difference with no spread).
      if (v === null) expect(k).toBe('dz');
      else expect(['number', 'string']).toContain(typeof v);
    }
  }
  expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
}

describe('runRows and runColumns', () => {
  it('give the rows createCoprod gives, as tidy plain objects', () => {
    const opts = { seed: 5, ticks: 12, set: { ...SMALL, 'trust.loss': 0.2 }, rules: ['party-coordination@3-8'] };
    const sim = createCoprod('baseline', opts);
    sim.runToEnd();
    const rows = runRows('baseline', opts);
    expect(rows).toEqual(sim.rows);
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0])).toEqual(RUN_COLUMNS);
    expectTidy(rows);
    expect(rows.some((r) => String(r.events).includes('rule_on:party-coordination'))).toBe(true);
  });

  it('accept a scenario object and keep only the columns asked for (tick first)', () => {
    const spec = { name: 'mine', title: 'Mine', description: 'a small test case', ticks: 4, params: SMALL };
    const rows = runRows(spec, { columns: ['trust_officials', 'participation'] });
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Object.keys(r)).toEqual(['tick', 'trust_officials', 'participation']);
  });

  it('reject unknown columns naming the known ones', () => {
    expect(() => runRows('baseline', { ticks: 1, columns: ['participaton'] })).toThrow(ValidationError);
    expect(() => runRows('baseline', { ticks: 1, columns: ['participaton'] })).toThrow(/columns: got "participaton", expected an output column \(tick, residents, participation/);
    expect(() => runColumns('baseline', { ticks: 1, columns: ['nope'] })).toThrow(/columns: got "nope"/);
  });

  it('runColumns gives one plain array per numeric column, equal to the rows', () => {
    const opts = { seed: 2, ticks: 9, set: SMALL, rules: ['empowerment'] };
    const cols = runColumns('baseline', opts);
    const fromRows = toColumns(runRows('baseline', opts));
    delete fromRows.events;
    expect(cols).toEqual(fromRows);
    expect(Object.keys(cols)[0]).toBe('tick');
    expect(cols).not.toHaveProperty('events');
    for (const [k, col] of Object.entries(cols)) {
      expect(k).toMatch(SNAKE);
      expect(Array.isArray(col)).toBe(true);
      expect(col).toHaveLength(9);
    }
    expect(cols.tick).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(runColumns('baseline', { ...opts, columns: ['participation', 'events'] })).toEqual({ tick: cols.tick, participation: cols.participation });
  });

  it('runColumns of zero ticks gives empty columns', () => {
    const cols = runColumns('baseline', { ticks: 0, set: SMALL, columns: ['participation'] });
    expect(cols).toEqual({ tick: [], participation: [] });
  });

  it('work with a user rule from a registry', () => {
    const curfew = defineRule<CoprodModel, Record<string, never>>({ name: 'curfew', description: 'nobody takes part', params: {}, phases: { commitment: ({ model }) => void (model.levers.cost *= 50) } });
    const off = runColumns('baseline', { seed: 1, ticks: 6, set: SMALL, columns: ['participation'] });
    const on = runColumns('baseline', { seed: 1, ticks: 6, set: SMALL, columns: ['participation'], rules: ['curfew'], registry: { rules: [curfew] } });
    expect(on.participation.reduce((s, x) => s + x, 0)).toBeLessThan(off.participation.reduce((s, x) => s + x, 0));
  });
});

describe('runAsync and runColumnsAsync', () => {
  it('give the same rows and columns as the synchronous calls, with progress in ticks', async () => {
    const opts = { seed: 9, ticks: 13, set: SMALL };
    const progress: [number, number][] = [];
    const rows = await runAsync('baseline', { ...opts, every: 5, onProgress: (d, t) => progress.push([d, t]) });
    expect(rows).toEqual(runRows('baseline', opts));
    expect(progress).toEqual([[5, 13], [10, 13], [13, 13]]);
    expect(await runColumnsAsync('baseline', { ...opts, columns: ['trust_social'] })).toEqual(runColumns('baseline', { ...opts, columns: ['trust_social'] }));
  });

  it('yield to the event loop while running', async () => {
    let fired = 0;
    let running = true;
    const beat = () => {
      fired++;
      if (running) setTimeout(beat, 0);
    };
    setTimeout(beat, 0);
    const seen: number[] = [];
    await runAsync('baseline', { ticks: 10, set: SMALL, every: 2, onProgress: () => seen.push(fired) });
    running = false;
    expect(seen).toHaveLength(5);
    // Timers ran between chunks: the count grew while the run was in progress.
    expect(seen.at(-1)!).toBeGreaterThan(seen[0]);
  });

  it('stop when the signal is aborted, with an AbortError', async () => {
    const signal = { aborted: false };
    const ticks: number[] = [];
    const p = runAsync('baseline', { ticks: 30, set: SMALL, every: 3, signal, onProgress: (d) => (ticks.push(d), d >= 6 && (signal.aborted = true)) });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(ticks).toEqual([3, 6]);
    const ac = new AbortController();
    ac.abort();
    await expect(runColumnsAsync('baseline', { ticks: 5, set: SMALL, signal: ac.signal })).rejects.toThrow(/aborted/);
  });

  it('check `every`', async () => {
    await expect(runAsync('baseline', { ticks: 2, every: 0 })).rejects.toThrow(/every: got 0, expected a whole number of ticks >= 1/);
  });
});

describe('sweepRows', () => {
  it('gives the sweep API rows in run order with run, point, rep, seed and snake_case swept values first', async () => {
    const params = { 'trust.loss': [0.1, 0.3], 'party-coordination.mobilisation': { lo: 0, hi: 1, steps: 2 } };
    const progress: number[] = [];
    const rows = await sweepRows('baseline', { params, reps: 2, ticks: 3, set: SMALL, seed: 4, onProgress: (d, t) => (expect(t).toBe(8), progress.push(d)) });
    expect(rows).toHaveLength(2 * 2 * 2 * 3);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expectTidy(rows);
    expect(Object.keys(rows[0]).slice(0, 7)).toEqual(['run', 'point', 'rep', 'seed', 'trust_loss', 'party_coordination_mobilisation', 'tick']);
    expect(rows.map((r) => r.run)).toEqual([...rows.map((r) => r.run)].sort((a, b) => Number(a) - Number(b)));
    const ref = await sweep({ scenario: 'baseline', params: ['trust.loss=0.1,0.3', 'party-coordination.mobilisation=0:1:2'], reps: 2, ticks: 3, set: SMALL, seed: 4 });
    const renamed = ref.rows!.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [columnName(k), v])));
    expect(rows).toEqual(renamed);
  });

  it('summarises one row per run and keeps the columns asked for', async () => {
    const rows = await sweepRows('baseline', { params: ['trust.loss=0.1,0.3'], reps: 3, ticks: 4, set: SMALL, summary: true, columns: ['participation', 'final_trust_officials'] });
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(Object.keys(r)).toEqual(['run', 'point', 'rep', 'seed', 'trust_loss', 'ticks', 'mean_participation', 'final_participation', 'final_trust_officials']);
    expect(rows.map((r) => r.trust_loss)).toEqual([0.1, 0.1, 0.1, 0.3, 0.3, 0.3]);
  });

  it('rejects bad designs with the experiments API errors', async () => {
    await expect(sweepRows('baseline', { params: { 'trust.nothing': [1] }, ticks: 2 })).rejects.toThrow(/trust\.nothing/);
    await expect(sweepRows('baseline', { params: { 'trust.loss': [0.1] }, ticks: 2, columns: ['nope'] })).rejects.toThrow(/columns: got "nope"/);
  });

  it('snake_case names of parameter paths never clash with output columns', () => {
    const outputs = new Set([...RUN_COLUMNS, 'run', 'point', 'rep', 'seed', 'arm', 'label', 'ticks']);
    const names = [...parameterSpace().keys()].map(columnName);
    expect(names.filter((n) => outputs.has(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(SNAKE);
  });
});

describe('compareRows, compareSummary, summaryRows, bandRows', () => {
  const A = { rules: ['party-coordination'] };
  const B = { rules: ['party-coordination', 'empowerment'] };

  it('compareRows runs both arms with shared seeds; its mean curves are those of compare()', async () => {
    const reps = 3;
    const rows = await compareRows('baseline', { a: A, b: B, reps, ticks: 6, set: SMALL, seed: 11 });
    expectTidy(rows);
    expect(rows).toHaveLength(2 * reps * 6);
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['arm', 'label', 'rep', 'seed', 'tick']);
    expect([...new Set(rows.map((r) => r.label))]).toEqual(['--rule party-coordination', '--rule party-coordination --rule empowerment']);
    const seedsOf = (arm: string) => [...new Set(rows.filter((r) => r.arm === arm).map((r) => r.seed))];
    expect(seedsOf('a')).toEqual(seedsOf('b'));
    expect(seedsOf('a')).toHaveLength(reps);
    // One arm's replicate is the plain run with that seed.
    const b2 = rows.filter((r) => r.arm === 'b' && r.rep === 2).map(({ arm, label, rep, seed, ...r }) => r);
    expect(b2).toEqual(runRows('baseline', { seed: seedsOf('b')[1], ticks: 6, set: SMALL, rules: B.rules }));
    // Grouping by tick and arm (as Plot.groupX does) gives compare()'s mean curves.
    const c = await compare({ scenario: 'baseline', a: A, b: B, reps, ticks: 6, set: SMALL, seed: 11, output: 'trust_officials', resamples: 200 });
    expect(c.seeds).toEqual(seedsOf('a'));
    for (const arm of ['a', 'b'] as const) {
      const means = c.curves.tick.map((t) => {
        const xs = rows.filter((r) => r.arm === arm && r.tick === t).map((r) => r.trust_officials as number);
        return xs.reduce((s, x) => s + x, 0) / xs.length;
      });
      means.forEach((m, i) => expect(m).toBeCloseTo(c.curves[arm].mean[i], 12));
    }
  });

  it('compareRows takes CLI text for an arm, a summary mode and reports progress in runs', async () => {
    const progress: string[] = [];
    const rows = await compareRows('baseline', { a: '', b: '--rule empowerment --set empowerment.power=1', reps: 2, ticks: 4, set: SMALL, summary: true, columns: ['participation'], onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Object.keys(r)).toEqual(['arm', 'label', 'rep', 'seed', 'ticks', 'mean_participation', 'final_participation']);
    expect(rows.map((r) => r.label)).toEqual(['(scenario as is)', '(scenario as is)', '--set empowerment.power=1 --rule empowerment', '--set empowerment.power=1 --rule empowerment']);
  });

  it('compareRows names the arm in errors', async () => {
    await expect(compareRows('baseline', { a: '', b: { rules: ['magic'] }, reps: 2, ticks: 2 })).rejects.toThrow(/b: --rule: got "magic"/);
    await expect(compareRows('baseline', { a: '', b: '', reps: 0, ticks: 2 })).rejects.toThrow(/reps: got 0/);
  });

  it('compareSummary is summaryRows of compare(), one tidy row per output', async () => {
    const opts = { a: '--rule party-coordination', b: '--rule party-coordination --rule empowerment', reps: 3, ticks: 5, set: SMALL, resamples: 200, window: { from: 2 } };
    const progress: number[] = [];
    const table = await compareSummary('baseline', { ...opts, onProgress: (d) => progress.push(d) });
    expect(progress).toHaveLength(6);
    const c = await compare({ scenario: 'baseline', ...opts });
    expect(table).toEqual(summaryRows(c));
    expectTidy(table);
    const p = table.find((r) => r.output === 'participation')!;
    expect(Object.keys(p)).toEqual(['output', 'n', 'mean_a', 'mean_b', 'diff', 'ci_lo', 'ci_hi', 'sd_diff', 'dz', 'level', 'window_from', 'window_to', 'label_a', 'label_b']);
    expect(p).toMatchObject({ n: 3, level: 0.95, window_from: 2, window_to: 5, label_a: '--rule party-coordination' });
    expect(p.ci_lo as number).toBeLessThanOrEqual(p.ci_hi as number);
    const bands = bandRows(c);
    expectTidy(bands);
    expect(bands).toHaveLength(10);
    expect(bands[0]).toEqual({ tick: 1, arm: 'a', label: '--rule party-coordination', output: 'participation', mean: c.curves.a.mean[0], lo: c.curves.a.lo[0], hi: c.curves.a.hi[0] });
  });
});

describe('sensitivityRows, scenarioRows, paramRows', () => {
  it('sensitivityRows gives the effects as tidy rows, largest mu_star first', async () => {
    const rows = await sensitivityRows('baseline', { params: ['trust.loss=0.05:0.3', 'design.openness=0:0.6'], trajectories: 2, ticks: 3, set: SMALL });
    expectTidy(rows);
    expect(rows.map((r) => r.path).sort()).toEqual(['design.openness', 'trust.loss']);
    expect(rows[0].mu_star as number).toBeGreaterThanOrEqual(rows[1].mu_star as number);
    expect(rows.find((r) => r.path === 'trust.loss')!.column).toBe('trust_loss');
  });

  it('scenarioRows lists the catalogue; paramRows every parameter with its value', () => {
    const s = scenarioRows();
    expectTidy(s);
    expect(s.map((r) => r.name)).toContain('baseline');
    const p = paramRows('baseline', { set: { 'trust.loss': 0.2 } });
    expectTidy(p);
    expect(p.find((r) => r.path === 'trust.loss')).toMatchObject({ value: 0.2, min: 0, max: 1 });
    expect(p.find((r) => r.path === 'empowerment.power')).toBeDefined();
    expect(() => paramRows('baseline', { set: { 'trust.loss': 3 } })).toThrow(/trust\.loss: got 3/);
  });
});

describe('documentation of the notebook API', () => {
  it('every export of src/notebook.ts has TSDoc with an @example (interfaces and types: TSDoc)', () => {
    const file = join(import.meta.dirname, '..', '..', 'src', 'notebook.ts');
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const missing: string[] = [];
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const name = ts.isVariableStatement(st) ? st.declarationList.declarations.map((d) => d.name.getText()).join(',') : ((st as ts.DeclarationStatement).name?.getText() ?? '?');
      const docs = ts.getJSDocCommentsAndTags(st).map((d) => d.getText()).join('\n');
      if (!docs.trim()) missing.push(`${name}: no TSDoc`);
      else if (ts.isFunctionDeclaration(st) && !docs.includes('@example')) missing.push(`${name}: no @example`);
    }
    expect(missing).toEqual([]);
  });
});
