/**
 * The notebook-shaped API: one call from a scenario (a catalogue name or an object) with overrides to
 * tidy rows (arrays of plain objects with snake_case keys) or to columns (plain arrays), for single
 * runs, sweeps and paired comparisons. Results go straight into d3, Observable Plot, Arquero or
 * `console.table` without reshaping.
 *
 * Pure and browser-safe like the rest of the core: no Node built-ins, no clocks. Long runs have async
 * forms that yield to the event loop and report progress, so a notebook or page stays responsive.
 *
 * @example
 * import { runRows } from 'coprod';
 * const rows = runRows('baseline', { seed: 1, ticks: 52, rules: ['empowerment'] });
 * Plot.lineY(rows, { x: 'tick', y: 'participation' }).plot();
 *
 * @module
 */
import { listScenarios } from './catalogue.js';
import { createCoprod, parameterSpace, resolveScenario, type CoprodOptions, type RunOptions } from './model/create.js';
import type { ScenarioSpec } from './model/scenario.js';
import type { Row } from './simulation.js';
import { ValidationError } from './validate.js';
import {
  OUTPUT_COLUMNS,
  compare,
  forEachLimited,
  formatSideFlags,
  inThreadRunner,
  parseSideFlags,
  planRuns,
  resolveBase,
  sensitivity,
  sweep,
  type Axis,
  type CompareOptions,
  type Comparison,
  type DesignKind,
  type Runner,
  type RunTask,
  type Sensitivity,
  type SensitivityOptions,
  type SideFlags,
} from './experiments/index.js';

/** A scenario as the notebook functions take it: a catalogue name (`'baseline'`, `'getang'`, …) or a scenario object. */
export type ScenarioInput = string | ScenarioSpec;

/**
 * Options of {@link runRows} and {@link runColumns}: the CLI's run flags as an object.
 *
 * @example
 * const opts: RunRowsOptions = { seed: 7, ticks: 104, set: { 'trust.loss': 0.2 },
 *   rules: ['party-coordination@1-52'], without: ['checks-and-balances'], columns: ['participation'] };
 */
export interface RunRowsOptions extends RunOptions {
  /**
   * Output columns to keep besides `tick` (default: every column). Keeping few columns keeps long runs
   * and big experiments small. Unknown names throw a `ValidationError` listing the known ones.
   */
  readonly columns?: readonly string[];
}

/** Progress and cancellation of the async functions. */
export interface AsyncOptions {
  /**
   * Called as the work advances: ticks done of all for a single run, runs done of all for an
   * experiment.
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** Anything with an `aborted` flag, such as an `AbortSignal`: when set, the promise rejects (name `AbortError`). */
  readonly signal?: { readonly aborted: boolean };
}

/** Options of {@link runAsync} and {@link runColumnsAsync}. */
export interface RunAsyncOptions extends RunRowsOptions, AsyncOptions {
  /** Ticks between yields to the event loop (default 5). */
  readonly every?: number;
}

/**
 * Columns of a run: one plain array per numeric output, all of the same length, `tick` first. The text
 * column `events` is left out (use {@link runRows} for it).
 *
 * @example
 * const { tick, participation } = runColumns('baseline', { ticks: 10 });
 */
export type Columns = { readonly tick: number[] } & Readonly<Record<string, number[]>>;

/** Every output column of a run, in row order: `tick`, the model's outputs, `events`. */
export const RUN_COLUMNS: readonly string[] = ['tick', ...OUTPUT_COLUMNS, 'events'];

/**
 * The snake_case column name of a parameter path, as sweeps put swept parameters in rows:
 * dots and dashes become underscores.
 *
 * @example
 * columnName('trust.loss'); // 'trust_loss'
 * columnName('party-coordination.mobilisation'); // 'party_coordination_mobilisation'
 */
export function columnName(path: string): string {
  return path.replace(/[^A-Za-z0-9_]+/g, '_');
}

function checkColumns(columns: readonly string[] | undefined): string[] | undefined {
  if (columns === undefined) return undefined;
  const bad = columns.filter((c) => !RUN_COLUMNS.includes(c));
  if (bad.length) throw new ValidationError(bad.map((c) => ({ path: 'columns', value: c, expected: `an output column (${RUN_COLUMNS.join(', ')})` })));
  return ['tick', ...columns.filter((c) => c !== 'tick')];
}

function pick(row: Row, keep: readonly string[] | undefined): Row {
  if (!keep) return row;
  const out: Row = {};
  for (const k of keep) out[k] = row[k];
  return out;
}

function coprodOptions(opts: RunRowsOptions): CoprodOptions {
  return { seed: opts.seed, ticks: opts.ticks, set: opts.set, rules: opts.rules, without: opts.without, registry: opts.registry };
}

/** Collects rows (or columns) of one run as it goes. */
function collector(keep: string[] | undefined, columns: boolean) {
  const rows: Row[] = [];
  const cols: Record<string, number[]> = {};
  let names: string[] | undefined;
  const onRow = (row: Row) => {
    if (!columns) {
      rows.push(pick(row, keep));
      return;
    }
    if (!names) {
      names = (keep ?? Object.keys(row)).filter((k) => typeof row[k] === 'number');
      for (const k of names) cols[k] = [];
    }
    for (const k of names) cols[k].push(row[k] as number);
  };
  const result = () => {
    if (!columns) return rows;
    if (!names) for (const k of (keep ?? RUN_COLUMNS).filter((c) => c !== 'events')) cols[k] = [];
    return cols as Columns;
  };
  return { onRow, result };
}

/**
 * Run a scenario to its end and return its tidy rows: one plain object per tick with snake_case
 * columns (`tick`, `participation`, `trust_officials`, …, `events`).
 *
 * @example
 * const rows = runRows('baseline', { seed: 42, ticks: 104, rules: ['party-coordination@1-52'] });
 * console.table(rows.slice(-3));
 * Plot.lineY(rows, { x: 'tick', y: 'trust_officials' }).plot(); // Observable Plot
 */
export function runRows(scenario: ScenarioInput, opts: RunRowsOptions = {}): Row[] {
  const keep = checkColumns(opts.columns);
  const c = collector(keep, false);
  createCoprod(scenario, { ...coprodOptions(opts), keepRows: false, onRow: c.onRow }).runToEnd();
  return c.result() as Row[];
}

/**
 * Run a scenario to its end and return its numeric outputs as columns (plain arrays), without keeping
 * a row object per tick: the form for long runs, Arquero (`aq.table(cols)`) and typed plotting code.
 *
 * @example
 * const cols = runColumns('k-community', { ticks: 520, columns: ['participation', 'trust_officials'] });
 * cols.tick.length; // 520
 * Math.max(...cols.participation);
 */
export function runColumns(scenario: ScenarioInput, opts: RunRowsOptions = {}): Columns {
  const keep = checkColumns(opts.columns);
  const c = collector(keep, true);
  createCoprod(scenario, { ...coprodOptions(opts), keepRows: false, onRow: c.onRow }).runToEnd();
  return c.result() as Columns;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function abortError(where: string): Error {
  const e = new Error(`coprod: ${where} aborted`);
  e.name = 'AbortError';
  return e;
}

async function runChunked(scenario: ScenarioInput, opts: RunAsyncOptions, columns: boolean): Promise<Row[] | Columns> {
  const keep = checkColumns(opts.columns);
  const every = opts.every ?? 5;
  if (!Number.isInteger(every) || every < 1) throw new ValidationError([{ path: 'every', value: every, expected: 'a whole number of ticks >= 1' }]);
  const c = collector(keep, columns);
  const sim = createCoprod(scenario, { ...coprodOptions(opts), keepRows: false, onRow: c.onRow });
  const total = sim.ticks;
  while (sim.tick < total) {
    await yieldToEventLoop();
    if (opts.signal?.aborted) throw abortError(`run at tick ${sim.tick} of ${total}`);
    sim.run(Math.min(every, total - sim.tick));
    opts.onProgress?.(sim.tick, total);
  }
  return c.result();
}

/**
 * {@link runRows}, asynchronously: runs a few ticks at a time (`every`, default 5), yields to the event
 * loop in between and reports `onProgress(ticksDone, ticksTotal)`. Same rows as {@link runRows}.
 *
 * @example
 * const rows = await runAsync('zhendong', { ticks: 520, onProgress: (done, total) => bar.value = done / total });
 */
export async function runAsync(scenario: ScenarioInput, opts: RunAsyncOptions = {}): Promise<Row[]> {
  return (await runChunked(scenario, opts, false)) as Row[];
}

/**
 * {@link runColumns}, asynchronously, with progress as in {@link runAsync}.
 *
 * @example
 * const cols = await runColumnsAsync('k-community', { columns: ['participation'], onProgress: (d, t) => console.log(`${d}/${t}`) });
 */
export async function runColumnsAsync(scenario: ScenarioInput, opts: RunAsyncOptions = {}): Promise<Columns> {
  return (await runChunked(scenario, opts, true)) as Columns;
}

/** Progress, cancellation and where runs run, for the experiment functions. */
export interface ExperimentAsyncOptions extends AsyncOptions {
  /**
   * Where runs run (default: this thread, one run at a time, yielding between runs). In Node, pass
   * `createPoolRunner()` from `coprod/node` to use worker threads.
   */
  readonly runner?: Runner;
}

/** A swept parameter: a list of values, or a range (with `steps` for a grid; sampled for a Latin hypercube). */
export type SweepValues = readonly number[] | { readonly lo: number; readonly hi: number; readonly steps?: number };

/**
 * Options of {@link sweepRows}.
 *
 * @example
 * const opts: SweepRowsOptions = { params: { 'trust.loss': [0.1, 0.2, 0.3] }, reps: 3, ticks: 52, summary: true };
 */
export interface SweepRowsOptions extends Omit<RunRowsOptions, 'seed'>, ExperimentAsyncOptions {
  /** Base seed; each run's seed is derived from it, the run's parameter values and its replicate. */
  readonly seed?: number | string;
  /**
   * What to vary: `{ 'trust.loss': [0.1, 0.3], 'design.openness': { lo: 0, hi: 1, steps: 5 } }`, or the
   * experiments API's axes and `path=…` texts (`'trust.loss=0.1,0.3'`).
   */
  readonly params: Readonly<Record<string, SweepValues>> | readonly (Axis | string)[];
  /** `grid` (every combination, default) or `lhs` (Latin hypercube of `samples` points). */
  readonly design?: DesignKind;
  /** Points of a Latin hypercube. */
  readonly samples?: number;
  /** Replicates per point (default 1). */
  readonly reps?: number;
  /** One row per run (`ticks`, `mean_<col>`, `final_<col>`) instead of one per tick. */
  readonly summary?: boolean;
}

function toAxes(params: SweepRowsOptions['params']): (Axis | string)[] {
  if (Array.isArray(params)) return [...(params as readonly (Axis | string)[])];
  return Object.entries(params as Readonly<Record<string, SweepValues>>).map(([path, x]): Axis => (Array.isArray(x) ? { path, values: [...(x as readonly number[])] } : { ...(x as { lo: number; hi: number; steps?: number }), path }));
}

function checkSummaryColumns(columns: readonly string[] | undefined, summary: boolean): string[] | undefined {
  if (columns === undefined) return undefined;
  if (!summary) return checkColumns(columns);
  const numeric = OUTPUT_COLUMNS;
  const known = ['ticks', ...numeric.flatMap((c) => [`mean_${c}`, `final_${c}`])];
  const bad = columns.filter((c) => !known.includes(c) && !numeric.includes(c));
  if (bad.length) throw new ValidationError(bad.map((c) => ({ path: 'columns', value: c, expected: `an output column (${numeric.join(', ')}) or a summary column (ticks, mean_<output>, final_<output>)` })));
  // An output name keeps both its mean and its final value.
  return ['ticks', ...columns.flatMap((c) => (numeric.includes(c) ? [`mean_${c}`, `final_${c}`] : c === 'ticks' ? [] : [c]))];
}

/**
 * A parameter sweep as tidy rows: every grid combination (or Latin-hypercube sample) × replicates, each
 * run with its own derived seed. Each row starts with `run`, `point`, `rep`, `seed` and the swept
 * values (snake_case, see {@link columnName}), then the run's outputs: one row per tick, or one per run
 * with `summary: true`. Rows are in run order. A thin wrapper over the experiments API's `sweep`.
 *
 * @example
 * const rows = await sweepRows('baseline', { params: { 'trust.loss': [0.1, 0.3] }, reps: 2, ticks: 52, summary: true });
 * Plot.dot(rows, { x: 'trust_loss', y: 'mean_participation' }).plot();
 */
export async function sweepRows(scenario: ScenarioInput, opts: SweepRowsOptions): Promise<Row[]> {
  const summary = !!opts.summary;
  const keep = checkSummaryColumns(opts.columns, summary);
  const out: Row[][] = [];
  await sweep({
    scenario,
    seed: opts.seed,
    ticks: opts.ticks,
    set: opts.set,
    rules: opts.rules,
    without: opts.without,
    registry: opts.registry,
    params: toAxes(opts.params),
    design: opts.design,
    samples: opts.samples,
    reps: opts.reps,
    summary,
    runner: opts.runner,
    onProgress: (p) => {
      if (opts.signal?.aborted) throw abortError(`sweep after ${p.done} of ${p.total} runs`);
      opts.onProgress?.(p.done, p.total);
    },
    onRun: (run, rows) => {
      const lead = ['run', 'point', 'rep', 'seed', ...Object.keys(run.params)];
      out[run.run - 1] = rows.map((r) => {
        const o: Row = {};
        for (const k of lead) o[k === 'run' || k === 'point' || k === 'rep' || k === 'seed' ? k : columnName(k)] = r[k];
        for (const k of keep ?? Object.keys(r)) if (!(k in o) && !lead.includes(k)) o[k] = r[k];
        return o;
      });
    },
  });
  return out.flat();
}

/**
 * Options of {@link compareRows}: the scenario's run flags shared by both arms, and what each arm
 * changes.
 *
 * @example
 * const opts: CompareRowsOptions = { a: { rules: ['party-coordination'] },
 *   b: { rules: ['party-coordination', 'empowerment'] }, reps: 5, ticks: 104 };
 */
export interface CompareRowsOptions extends RunRowsOptions, ExperimentAsyncOptions {
  /** Arm A's changes: `{ set, rules, without }`, or CLI text like `'--rule empowerment'` (`''` = the scenario as is). */
  readonly a: SideFlags | string;
  /** Arm B's changes, as for `a`. */
  readonly b: SideFlags | string;
  /** Paired replicates (default 10): replicate k of A and of B share one seed (common random numbers). */
  readonly reps?: number;
  /** One row per run (`ticks`, `mean_<col>`, `final_<col>`) instead of one per tick. */
  readonly summary?: boolean;
}

function armOf(side: SideFlags | string, key: 'a' | 'b') {
  const f = typeof side === 'string' ? parseSideFlags(side, `--${key}`) : { set: { ...side.set }, rules: [...(side.rules ?? [])], without: [...(side.without ?? [])] };
  return { ...f, label: formatSideFlags(f) || '(scenario as is)' };
}

/**
 * The runs of a paired comparison as tidy rows: both arms × `reps` replicates, with `arm` (`'a'` or
 * `'b'`), `label` (the arm's flags), `rep` and `seed` first. Replicate k of both arms uses the same seed
 * as replicate k of {@link compareSummary} and the experiments API's `compare`, so the curves plotted
 * belong to the runs the statistics were computed from.
 *
 * @example
 * const rows = await compareRows('baseline', { a: { rules: ['party-coordination'] },
 *   b: { rules: ['party-coordination', 'empowerment'] }, reps: 5, ticks: 104 });
 * Plot.lineY(rows, Plot.groupX({ y: 'mean' }, { x: 'tick', y: 'participation', stroke: 'arm' })).plot();
 */
export async function compareRows(scenario: ScenarioInput, opts: CompareRowsOptions): Promise<Row[]> {
  const reps = opts.reps ?? 10;
  if (!Number.isInteger(reps) || reps < 1) throw new ValidationError([{ path: 'reps', value: reps, expected: 'a whole number >= 1' }]);
  const summary = !!opts.summary;
  const keep = checkSummaryColumns(opts.columns, summary);
  const arms = [armOf(opts.a, 'a'), armOf(opts.b, 'b')] as const;
  const base = resolveBase({ scenario, seed: opts.seed, ticks: opts.ticks, set: opts.set, rules: opts.rules, without: opts.without, registry: opts.registry });
  const sides = arms.map((arm, s) => {
    const side = { set: { ...opts.set, ...arm.set }, rules: [...(opts.rules ?? []), ...arm.rules], without: [...(opts.without ?? []), ...arm.without] };
    try {
      resolveBase({ scenario, seed: opts.seed, ticks: opts.ticks, registry: opts.registry, ...side });
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(e.issues.map((i) => ({ ...i, path: `${s === 0 ? 'a' : 'b'}: ${i.path}` })));
      throw e;
    }
    return side;
  });
  const seeds = planRuns([{}], reps, base.seed).map((x) => x.seed);
  const jobs = arms.flatMap((arm, s) =>
    seeds.map((seed, k) => ({
      s,
      k,
      task: { scenario, seed, ticks: base.ticks, ...sides[s], rows: { summary, extra: { arm: s === 0 ? 'a' : 'b', label: arm.label, rep: k + 1, seed } } } satisfies RunTask,
    })),
  );
  const runner = opts.runner ?? inThreadRunner(opts.registry);
  const out: Row[][] = [];
  let done = 0;
  await forEachLimited(jobs, runner.concurrency, async (job) => {
    if (opts.signal?.aborted) throw abortError(`comparison after ${done} of ${jobs.length} runs`);
    const res = await runner.run(job.task);
    const lead = ['arm', 'label', 'rep', 'seed'];
    out[job.s * reps + job.k] = (res.rows ?? []).map((r) => {
      const o: Row = {};
      for (const k of lead) o[k] = r[k];
      for (const k of keep ?? Object.keys(r)) if (!lead.includes(k)) o[k] = r[k];
      return o;
    });
    opts.onProgress?.(++done, jobs.length);
  });
  return out.flat();
}

/** Options of {@link compareSummary}: those of the experiments API's `compare`, without the scenario, with progress as `(done, total)`. */
export interface CompareSummaryOptions extends Omit<CompareOptions, 'scenario' | 'onProgress'>, ExperimentAsyncOptions {}

/** A row of comparison statistics: numbers and labels; `dz` is null when it is undefined. */
export type SummaryRow = Record<string, number | string | null>;

/**
 * The statistics of a paired comparison (B − A) as tidy rows, one per output column:
 * `output`, `n`, `mean_a`, `mean_b`, `diff`, `ci_lo`, `ci_hi`, `sd_diff`, `dz` (null when the difference
 * has no spread), then `level`,
 * `window_from`, `window_to`, `label_a`, `label_b`. A thin wrapper over the experiments API's `compare`
 * (same seeds as {@link compareRows}) and {@link summaryRows}.
 *
 * @example
 * const table = await compareSummary('baseline', { a: '--rule party-coordination', b: '--rule party-coordination --rule empowerment',
 *   reps: 10, window: { from: 53 } });
 * console.table(table.filter((r) => r.output === 'participation'));
 */
export async function compareSummary(scenario: ScenarioInput, opts: CompareSummaryOptions): Promise<SummaryRow[]> {
  const c = await compare({
    ...opts,
    scenario,
    onProgress: (p) => {
      if (opts.signal?.aborted) throw abortError(`comparison after ${p.done} of ${p.total} runs`);
      opts.onProgress?.(p.done, p.total);
    },
  });
  return summaryRows(c);
}

/**
 * The statistics of a finished comparison (from the experiments API's `compare`, in this thread or on
 * worker threads) as tidy rows, one per output column; see {@link compareSummary} for the columns.
 *
 * @example
 * const c = await compare({ scenario: 'baseline', a: '', b: '--rule empowerment', reps: 10 });
 * Plot.dot(summaryRows(c), { x: 'diff', y: 'output' }).plot();
 */
export function summaryRows(c: Comparison): SummaryRow[] {
  return c.columns.map((x) => ({
    output: x.output,
    n: x.n,
    mean_a: x.meanA,
    mean_b: x.meanB,
    diff: x.diff,
    ci_lo: x.ci[0],
    ci_hi: x.ci[1],
    sd_diff: x.sdDiff,
    // Undefined (null, as JSON has it) when the difference has no spread: a deterministic output.
    dz: Number.isFinite(x.dz) ? x.dz : null,
    level: c.level,
    window_from: c.window.from,
    window_to: c.window.to,
    label_a: c.a.label,
    label_b: c.b.label,
  }));
}

/**
 * The mean curves of a finished comparison with their pointwise intervals, as tidy rows: one per tick
 * and arm, with `tick`, `arm` (`'a'`, `'b'`), `label`, `output`, `mean`, `lo`, `hi`.
 *
 * @example
 * const c = await compare({ scenario: 'baseline', a: '', b: '--rule empowerment', reps: 10, output: 'trust_officials' });
 * const bands = bandRows(c);
 * Plot.plot({ marks: [Plot.areaY(bands, { x: 'tick', y1: 'lo', y2: 'hi', fill: 'arm', fillOpacity: 0.2 }),
 *   Plot.lineY(bands, { x: 'tick', y: 'mean', stroke: 'arm' })] });
 */
export function bandRows(c: Comparison): Row[] {
  const out: Row[] = [];
  for (const [arm, side, band] of [['a', c.a, c.curves.a], ['b', c.b, c.curves.b]] as const) {
    c.curves.tick.forEach((tick, i) => out.push({ tick, arm, label: side.label, output: c.curves.output, mean: band.mean[i], lo: band.lo[i], hi: band.hi[i] }));
  }
  return out;
}

/** Options of {@link sensitivityRows}: those of the experiments API's `sensitivity`, without the scenario, with progress as `(done, total)`. */
export interface SensitivityRowsOptions extends Omit<SensitivityOptions, 'scenario' | 'onProgress'>, ExperimentAsyncOptions {}

/**
 * Elementary effects of a sensitivity analysis as tidy rows, most influential first: `path`, `column`
 * (its snake_case name), `mu`, `mu_star`, `sigma`, `n`, `output`. A thin wrapper over the experiments
 * API's `sensitivity`.
 *
 * @example
 * const effects = await sensitivityRows('baseline', { params: ['trust.loss=0.05:0.3', 'design.openness=0:0.6'], trajectories: 4, ticks: 52 });
 * Plot.barX(effects, { x: 'mu_star', y: 'path' }).plot();
 */
export async function sensitivityRows(scenario: ScenarioInput, opts: SensitivityRowsOptions): Promise<Row[]> {
  const s: Sensitivity = await sensitivity({
    ...opts,
    scenario,
    onProgress: (p) => {
      if (opts.signal?.aborted) throw abortError(`sensitivity analysis after ${p.done} of ${p.total} runs`);
      opts.onProgress?.(p.done, p.total);
    },
  });
  return s.effects.map((e) => ({ path: e.path, column: columnName(e.path), mu: e.mu, mu_star: e.muStar, sigma: e.sigma, n: e.n, output: s.output }));
}

/**
 * The catalogue as tidy rows, one per shipped scenario: `name`, `title`, `ticks`, `pattern` (classroom
 * presets), `description`.
 *
 * @example
 * console.table(scenarioRows());
 */
export function scenarioRows(): Row[] {
  return listScenarios().map((s) => ({ name: s.name, title: s.title, ticks: s.ticks, pattern: s.pattern ?? '', description: s.description }));
}

/**
 * Every parameter of a scenario as tidy rows: `path`, `value` (with the scenario's and your
 * overrides), `default`, `min`, `max`, `unit`, `description`. Handy as a table next to a plot.
 *
 * @example
 * paramRows('baseline', { set: { 'trust.loss': 0.2 } }).filter((p) => p.path.startsWith('trust.'));
 */
export function paramRows(scenario: ScenarioInput, opts: Pick<RunRowsOptions, 'set' | 'rules' | 'without' | 'registry'> = {}): { path: string; value: number; default: number; min: number; max: number; unit: string; description: string }[] {
  const r = resolveScenario(scenario, { set: opts.set, rules: opts.rules, without: opts.without, registry: opts.registry });
  const space = parameterSpace(r.registry, r.kindNames);
  return [...space].map(([path, spec]) => ({ path, value: r.values[path], default: spec.default, min: spec.min, max: spec.max, unit: spec.unit, description: spec.description }));
}
