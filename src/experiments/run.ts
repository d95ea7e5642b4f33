import type { Registry, RuleToggle } from '../model/create.js';
import { REPORTERS } from '../model/reporters.js';
import { deriveSeed } from '../random.js';
import type { Row } from '../simulation.js';
import { ValidationError, type Issue } from '../validate.js';
import { checkAxes, checkPoints, parseAxis, planRuns, planSweep, resolveBase, type Axis, type ExperimentBase, type PlannedRun, type SweepDesign, type SweepPlan } from './design.js';
import { formatSideFlags, parseSideFlags, type SideFlags } from './flags.js';
import { elementaryEffects, morrisDesign, oatDesign, type Effect, type Factor, type Trajectory } from './morris.js';
import { meanInterval, pairedComparison, type PairedComparison } from './stats.js';
import { executeTask, type RunResult, type RunTask } from './task.js';

/** Runs tasks: in this thread one after another, or (Node) on a pool of worker threads. */
export interface Runner {
  /** Tasks worth keeping in flight at once. */
  readonly concurrency: number;
  run(task: RunTask): Promise<RunResult>;
}

/** Runs done of all. */
export interface Progress {
  readonly done: number;
  readonly total: number;
}

/** What every experiment accepts besides its design. */
export interface ExperimentHooks {
  /** Called after each run. */
  readonly onProgress?: (p: Progress) => void;
  /** Where runs run (default: this thread, yielding to the event loop between runs). */
  readonly runner?: Runner;
}

/**
 * The in-thread runner: one run at a time, yielding to the event loop before each so pages and
 * notebooks stay responsive. User rules and kinds (a registry) work here.
 */
export function inThreadRunner(registry?: Registry): Runner {
  return {
    concurrency: 1,
    async run(task) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      return executeTask(task, registry);
    },
  };
}

/** Call `fn` on every item with at most `limit` calls pending; rejects on the first failure. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/** The task of one sweep run: the plan's run flags with the run's parameters, and its tidy-row columns. */
export function sweepTask(plan: SweepPlan, run: PlannedRun): RunTask {
  const extra: Record<string, number | string> = { run: run.run, point: run.point, rep: run.rep, seed: run.seed };
  for (const a of plan.axes) extra[a.path] = run.params[a.path];
  return { scenario: plan.scenario, seed: run.seed, ticks: plan.ticks, set: { ...plan.set, ...run.params }, rules: plan.rules, without: plan.without, rows: { summary: plan.summary, extra } };
}

/** Options of {@link sweep}. */
export interface SweepOptions extends SweepDesign, ExperimentHooks {
  /** Each run's tidy rows as it finishes (in completion order; `run` orders them). Without it, all rows are returned. */
  readonly onRun?: (run: PlannedRun, rows: Row[]) => void | Promise<void>;
}

/**
 * A parameter sweep in this thread (or on a given runner): every grid combination or Latin-hypercube
 * sample × replicates, each with its own derived seed; tidy rows carry run, point, rep, seed and the
 * swept values. Stream rows through `onRun` to keep memory flat; otherwise they are returned in run order.
 *
 * @example
 * const { rows } = await sweep({ scenario: 'baseline', params: ['trust.loss=0.1,0.3'], reps: 2, ticks: 20, summary: true });
 */
export async function sweep(opts: SweepOptions): Promise<{ plan: SweepPlan; rows?: Row[] }> {
  const plan = planSweep(opts);
  const runner = opts.runner ?? inThreadRunner(opts.registry);
  const kept: Row[][] = opts.onRun ? [] : new Array(plan.runs.length);
  let done = 0;
  await forEachLimited(plan.runs, runner.concurrency, async (run, i) => {
    const res = await runner.run(sweepTask(plan, run));
    if (opts.onRun) await opts.onRun(run, res.rows ?? []);
    else kept[i] = res.rows ?? [];
    opts.onProgress?.({ done: ++done, total: plan.runs.length });
  });
  return opts.onRun ? { plan } : { plan, rows: kept.flat() };
}

/** Numeric output columns of the model, for `--output` checks. */
export const OUTPUT_COLUMNS: readonly string[] = Object.keys(REPORTERS);

function checkOutput(output: string, issues: Issue[]): void {
  if (!OUTPUT_COLUMNS.includes(output)) issues.push({ path: '--output', value: output, expected: `an output column (${OUTPUT_COLUMNS.join(', ')})` });
}

/** A tick window, 1-based and inclusive. */
export interface TickWindow {
  readonly from: number;
  readonly to: number;
}

/** Parse `from-to` (or `from-`, or `from`) into a window within 1..ticks. */
export function parseWindow(text: string, flag = '--window'): { from: number; to?: number } {
  const m = /^\s*(\d+)\s*(?:-\s*(\d*)\s*)?$/.exec(text);
  if (!m) throw new ValidationError([{ path: flag, value: text, expected: 'from-to in ticks, e.g. 53-104 (or from- for to the end)' }]);
  return m[2] ? { from: Number(m[1]), to: Number(m[2]) } : { from: Number(m[1]) };
}

function resolveWindow(w: { from?: number; to?: number } | undefined, ticks: number, issues: Issue[]): TickWindow {
  const from = w?.from ?? 1;
  const to = w?.to ?? ticks;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to > ticks) issues.push({ path: '--window', value: `${from}-${to}`, expected: `whole ticks with 1 <= from <= to <= ${ticks} (the run's ticks)` });
  return { from, to };
}

/** One side of a comparison, resolved. */
export interface Side {
  readonly label: string;
  readonly set: Readonly<Record<string, number>>;
  readonly rules: readonly RuleToggle[];
  readonly without: readonly string[];
}

/** Options of {@link compare}. */
export interface CompareOptions extends ExperimentBase, ExperimentHooks {
  /** Side A's run flags (added to the common ones): an object, or CLI text like `"--rule x@1-52"` ("" = as is). */
  readonly a: SideFlags | string;
  readonly b: SideFlags | string;
  /** Paired replicates (default 10). */
  readonly reps?: number;
  /** Ticks averaged per run (default: the whole run). */
  readonly window?: { readonly from?: number; readonly to?: number };
  /** The output whose mean curves are returned for charts (default participation). */
  readonly output?: string;
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
}

/** Mean curve over ticks with a pointwise t interval. */
export interface Band {
  readonly mean: number[];
  readonly lo: number[];
  readonly hi: number[];
}

/** The result of {@link compare}. */
export interface Comparison {
  readonly scenario: string;
  readonly seed: number | string;
  readonly ticks: number;
  readonly reps: number;
  readonly window: TickWindow;
  readonly level: number;
  readonly resamples: number;
  readonly a: Side;
  readonly b: Side;
  /** Seed of replicate k (shared by A and B: common random numbers). */
  readonly seeds: readonly string[];
  /** Per output column: per-run window means compared pairwise, B − A. */
  readonly columns: readonly ({ readonly output: string } & PairedComparison)[];
  /** Per-tick mean and interval of the chosen output, both sides. */
  readonly curves: { readonly output: string; readonly tick: number[]; readonly a: Band; readonly b: Band };
}

function toSide(s: SideFlags | string, where: string): Side {
  const f = typeof s === 'string' ? parseSideFlags(s, where) : { set: { ...s.set }, rules: [...(s.rules ?? [])], without: [...(s.without ?? [])] };
  return { label: formatSideFlags(f) || '(scenario as is)', ...f };
}

function band(curves: number[][], level: number): Band {
  const T = curves[0]?.length ?? 0;
  const out: Band = { mean: [], lo: [], hi: [] };
  for (let t = 0; t < T; t++) {
    const i = meanInterval(curves.map((c) => c[t]), level);
    out.mean.push(i.mean);
    out.lo.push(i.lo);
    out.hi.push(i.hi);
  }
  return out;
}

/** The value of `f`, or undefined with its validation issues (prefixed by `where`) added to `issues`. */
function collect<T>(issues: Issue[], f: () => T, where?: string): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues.map((i) => (where ? { ...i, path: `${where}: ${i.path}` } : i)));
    return undefined;
  }
}

/**
 * Paired comparison of two variants of a scenario with common random numbers: replicate k of A and of
 * B share one seed. For every output column, each run is reduced to its mean over the window (default
 * the whole run); the table gives both means (over the window and the replicates), the mean paired
 * difference B − A with a BCa bootstrap interval (seeded by `deriveSeed(seed, 'bootstrap', column)`,
 * expanded for small samples: see `bootstrapCI`), and Cohen's d_z = mean(B − A)/sd(B − A). Per-tick
 * curves of `output` (mean and pointwise t interval over replicates) come with it for charts.
 *
 * @example
 * const c = await compare({ scenario: 'baseline', a: '--rule party-coordination@1-52',
 *   b: '--rule party-coordination@1-52 --rule empowerment@1-52', reps: 20, window: { from: 53 } });
 * c.columns.find((x) => x.output === 'participation');
 */
export async function compare(opts: CompareOptions): Promise<Comparison> {
  const issues: Issue[] = [];
  const reps = opts.reps ?? 10;
  if (!Number.isInteger(reps) || reps < 2) issues.push({ path: '--reps', value: reps, expected: 'a whole number >= 2 (pairs to compare)' });
  const output = opts.output ?? 'participation';
  checkOutput(output, issues);
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) issues.push({ path: 'level', value: level, expected: 'a number in (0, 1)' });
  const resamples = opts.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 100) issues.push({ path: '--resamples', value: resamples, expected: 'a whole number >= 100' });
  let a: Side | undefined;
  let b: Side | undefined;
  for (const [key, s] of [['a', opts.a], ['b', opts.b]] as const) {
    try {
      const side = toSide(s, `--${key}`);
      if (key === 'a') a = side;
      else b = side;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  const r = collect(issues, () => resolveBase(opts));
  const merged = (s: Side) => ({ ...opts, set: { ...opts.set, ...s.set }, rules: [...(opts.rules ?? []), ...s.rules], without: [...(opts.without ?? []), ...s.without] });
  const A = a && merged(a);
  const B = b && merged(b);
  if (r && A && B) {
    collect(issues, () => resolveBase(A), '--a');
    collect(issues, () => resolveBase(B), '--b');
  }
  const window = r ? resolveWindow(opts.window, r.ticks, issues) : undefined;
  if (issues.length || !r || !A || !B || !window) throw new ValidationError(issues);
  const seeds = planRuns([{}], reps, r.seed).map((x) => x.seed);
  const runner = opts.runner ?? inThreadRunner(opts.registry);
  const jobs = seeds.flatMap((seed, k) => [A, B].map((side, s) => ({ k, s, task: { scenario: opts.scenario, seed, ticks: r.ticks, set: side.set, rules: side.rules, without: side.without, stats: { ...window, curves: [output] } } satisfies RunTask })));
  const results: RunResult[][] = [[], []];
  let done = 0;
  await forEachLimited(jobs, runner.concurrency, async (j) => {
    results[j.s][j.k] = await runner.run(j.task);
    opts.onProgress?.({ done: ++done, total: jobs.length });
  });
  const cols = Object.keys(results[0][0].means ?? {});
  const columns = cols.map((c) => ({
    output: c,
    ...pairedComparison(
      results[0].map((x) => x.means![c]),
      results[1].map((x) => x.means![c]),
      { level, resamples, seed: deriveSeed(r.seed, 'bootstrap', c) },
    ),
  }));
  const curveOf = (s: number) => band(results[s].map((x) => x.curves![output]), level);
  return {
    scenario: r.scenario.name,
    seed: r.seed,
    ticks: r.ticks,
    reps,
    window,
    level,
    resamples,
    a: a!,
    b: b!,
    seeds,
    columns,
    curves: { output, tick: Array.from({ length: r.ticks }, (_, i) => i + 1), a: curveOf(0), b: curveOf(1) },
  };
}

/** Options of {@link sensitivity}. */
export interface SensitivityOptions extends ExperimentBase, ExperimentHooks {
  /** Factors: `path=lo:hi` texts or objects. */
  readonly params: readonly (string | { readonly path: string; readonly lo: number; readonly hi: number })[];
  /** `morris` (elementary effects on a p-level grid, default) or `oat` (each factor low → high around the scenario's values). */
  readonly method?: 'morris' | 'oat';
  /** Trajectories (Morris) or repetitions (OAT), default 10. */
  readonly trajectories?: number;
  /** Morris grid levels (even, default 4). */
  readonly levels?: number;
  /** Output column (default participation), averaged over the window of each run. */
  readonly output?: string;
  readonly window?: { readonly from?: number; readonly to?: number };
}

/** The result of {@link sensitivity}. */
export interface Sensitivity {
  readonly scenario: string;
  readonly seed: number | string;
  readonly ticks: number;
  readonly method: 'morris' | 'oat';
  readonly output: string;
  readonly window: TickWindow;
  readonly trajectories: number;
  readonly levels?: number;
  readonly factors: readonly Factor[];
  readonly runs: number;
  /** Per factor, sorted by μ* (largest first). */
  readonly effects: readonly Effect[];
}

/**
 * Elementary effects (μ, μ*, σ) of each factor on the mean of an output over a run. All points of a
 * trajectory share one seed (`deriveSeed(seed, 'trajectory', t)`): common random numbers, so an effect
 * measures the parameter, not seed noise; σ then reflects non-linearity, interactions and residual noise.
 * Effects are in output units per whole range of the factor.
 *
 * @example
 * const s = await sensitivity({ scenario: 'baseline', params: ['trust.loss=0.05:0.3', 'design.openness=0:0.6'], trajectories: 8, ticks: 52 });
 */
export async function sensitivity(opts: SensitivityOptions): Promise<Sensitivity> {
  const issues: Issue[] = [];
  const method = opts.method ?? 'morris';
  if (method !== 'morris' && method !== 'oat') issues.push({ path: '--method', value: method, expected: 'morris or oat' });
  const output = opts.output ?? 'participation';
  checkOutput(output, issues);
  const axes: Axis[] = [];
  for (const p of opts.params) {
    try {
      axes.push(typeof p === 'string' ? parseAxis(p) : p);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  const r = collect(issues, () => resolveBase(opts));
  const window = r ? resolveWindow(opts.window, r.ticks, issues) : undefined;
  if (r) issues.push(...checkAxes(axes, r.space, 'range'));
  if (issues.length || !r || !window) throw new ValidationError(issues);
  const factors: Factor[] = axes.map((a) => ({ path: a.path, lo: (a as { lo: number }).lo, hi: (a as { hi: number }).hi, integer: !!r.space.get(a.path)?.integer }));
  const trajectories = opts.trajectories ?? 10;
  const design: Trajectory[] = method === 'morris' ? morrisDesign(factors, { trajectories, levels: opts.levels, seed: r.seed }) : oatDesign(factors, factors.map((f) => r.values[f.path]), trajectories);
  const pointOf = (p: readonly number[]) => Object.fromEntries(factors.map((f, i) => [f.path, p[i]]));
  checkPoints(opts, design.flatMap((tr) => tr.points.map(pointOf)), 'sensitivity point');
  const runner = opts.runner ?? inThreadRunner(opts.registry);
  const jobs = design.flatMap((tr, t) => {
    const seed = deriveSeed(r.seed, 'trajectory', t + 1);
    return tr.points.map((p, j) => ({ t, j, task: { scenario: opts.scenario, seed, ticks: r.ticks, set: { ...opts.set, ...pointOf(p) }, rules: opts.rules, without: opts.without, stats: window } satisfies RunTask }));
  });
  const ys: number[][] = design.map((tr) => new Array<number>(tr.points.length).fill(NaN));
  let done = 0;
  await forEachLimited(jobs, runner.concurrency, async (job) => {
    ys[job.t][job.j] = (await runner.run(job.task)).means![output];
    opts.onProgress?.({ done: ++done, total: jobs.length });
  });
  const effects = elementaryEffects(factors, design, ys).sort((x, y) => y.muStar - x.muStar);
  return { scenario: r.scenario.name, seed: r.seed, ticks: r.ticks, method, output, window, trajectories, ...(method === 'morris' ? { levels: opts.levels ?? 4 } : {}), factors, runs: jobs.length, effects };
}
