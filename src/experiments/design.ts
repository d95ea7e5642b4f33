import { parameterSpace, resolveScenario, type RuleToggle, type RunOptions } from '../model/create.js';
import type { ScenarioSpec } from '../model/scenario.js';
import { checkParam, describeRange, type ParamSpec } from '../params.js';
import { createRandom, deriveSeed } from '../random.js';
import { ValidationError, type Issue } from '../validate.js';

/**
 * One swept parameter: a list of values, or a range `lo..hi` (with `steps` evenly spaced values for a
 * grid; sampled continuously for a Latin hypercube).
 *
 * @example
 * const a: Axis = { path: 'trust.loss', values: [0.1, 0.2] };
 * const b: Axis = { path: 'design.openness', lo: 0, hi: 1, steps: 5 };
 */
export type Axis = { readonly path: string; readonly values: readonly number[] } | { readonly path: string; readonly lo: number; readonly hi: number; readonly steps?: number };

/** How design points are laid out: every combination, or N Latin-hypercube samples. */
export type DesignKind = 'grid' | 'lhs';

/** A design point: parameter path → value. */
export type Point = Readonly<Record<string, number>>;

/** One run of an experiment: which design point, which replicate, which seed. */
export interface PlannedRun {
  /** 1-based run number, in run order (point-major, replicate-minor). */
  readonly run: number;
  /** File-safe id, e.g. `r0007`. */
  readonly id: string;
  /** 1-based design point. */
  readonly point: number;
  /** 1-based replicate. */
  readonly rep: number;
  readonly seed: string;
  readonly params: Point;
}

/** Shared run settings of an experiment (as the CLI's run flags). */
export interface ExperimentBase extends RunOptions {
  /** A catalogue name or a scenario object. */
  readonly scenario: string | ScenarioSpec;
}

const round12 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(12)));

/** `steps` evenly spaced values from lo to hi inclusive (rounded to 12 significant digits). */
export function linspace(lo: number, hi: number, steps: number): number[] {
  if (steps === 1) return [lo];
  return Array.from({ length: steps }, (_, i) => round12(i === steps - 1 ? hi : lo + ((hi - lo) * i) / (steps - 1)));
}

function parseNumber(flag: string, text: string, issues: Issue[]): number {
  const t = text.trim();
  const x = t === 'true' ? 1 : t === 'false' ? 0 : Number(t);
  if (t === '' || !Number.isFinite(x)) {
    issues.push({ path: flag, value: text, expected: 'a number' });
    return NaN;
  }
  return x;
}

/**
 * Parse a `--param` argument: `path=v1,v2,...` (values), `path=lo:hi:steps` (grid range) or
 * `path=lo:hi` (range for Latin hypercubes and sensitivity). Throws a {@link ValidationError}.
 *
 * @example
 * parseAxis('trust.loss=0.1,0.2'); // { path: 'trust.loss', values: [0.1, 0.2] }
 * parseAxis('design.openness=0:1:5'); // { path: 'design.openness', lo: 0, hi: 1, steps: 5 }
 */
export function parseAxis(text: string, flag = '--param'): Axis {
  const eq = text.indexOf('=');
  const path = eq > 0 ? text.slice(0, eq).trim() : '';
  if (!path) throw new ValidationError([{ path: flag, value: text, expected: 'path=v1,v2,... or path=lo:hi:steps (or path=lo:hi), e.g. --param trust.loss=0.1,0.2' }]);
  const body = text.slice(eq + 1).trim();
  const where = `${flag} ${path}`;
  const issues: Issue[] = [];
  let axis: Axis;
  if (body.includes(':')) {
    const parts = body.split(':');
    if (parts.length > 3) throw new ValidationError([{ path: where, value: body, expected: 'lo:hi or lo:hi:steps' }]);
    const lo = parseNumber(`${where} lo`, parts[0], issues);
    const hi = parseNumber(`${where} hi`, parts[1], issues);
    let steps: number | undefined;
    if (parts.length === 3) {
      steps = Number(parts[2]);
      if (parts[2].trim() === '' || !Number.isInteger(steps) || steps < 2) issues.push({ path: `${where} steps`, value: parts[2], expected: 'a whole number of steps >= 2' });
    }
    if (issues.length === 0 && !(lo < hi)) issues.push({ path: where, value: body, expected: 'lo < hi' });
    axis = steps === undefined ? { path, lo, hi } : { path, lo, hi, steps };
  } else {
    const values = body.split(',').map((s, i) => parseNumber(`${where}[${i + 1}]`, s, issues));
    axis = { path, values };
  }
  if (issues.length) throw new ValidationError(issues);
  return axis;
}

/** A compact text form of an axis, as `--param` takes it. */
export function formatAxis(a: Axis): string {
  return 'values' in a ? `${a.path}=${a.values.join(',')}` : `${a.path}=${a.lo}:${a.hi}${a.steps === undefined ? '' : `:${a.steps}`}`;
}

/**
 * Check axes against a parameter space: known paths, each used once, values in range, whole numbers
 * for integer parameters, ranges with steps for grids and without for Latin hypercubes. Returns the
 * issues (empty when all is well).
 */
export function checkAxes(axes: readonly Axis[], space: ReadonlyMap<string, ParamSpec>, design: DesignKind | 'range', flag = '--param'): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  if (axes.length === 0) issues.push({ path: flag, value: undefined, expected: 'at least one parameter to vary' });
  for (const a of axes) {
    const where = `${flag} ${a.path}`;
    if (seen.has(a.path)) issues.push({ path: where, value: formatAxis(a).slice(a.path.length + 1), expected: 'each parameter path once' });
    seen.add(a.path);
    const spec = space.get(a.path);
    if (!spec) {
      const prefix = a.path.split('.')[0];
      const near = [...space.keys()].filter((k) => k.startsWith(prefix + '.')).slice(0, 12);
      issues.push({ path: where, value: a.path, expected: `a known parameter path (coprod list --params <scenario> lists them${near.length ? `; under "${prefix}": ${near.join(', ')}` : ''})` });
      continue;
    }
    if ('values' in a) {
      if (design === 'range') issues.push({ path: where, value: a.values.join(','), expected: 'a range lo:hi' });
      a.values.forEach((x, i) => {
        const issue = checkParam(`${where}[${i + 1}]`, spec, x);
        if (issue) issues.push(issue);
      });
      if (new Set(a.values).size !== a.values.length) issues.push({ path: where, value: a.values.join(','), expected: 'distinct values' });
    } else {
      for (const [name, x] of [['lo', a.lo], ['hi', a.hi]] as const) {
        const issue = checkParam(`${where} ${name}`, spec, x);
        if (issue) issues.push(issue);
      }
      if (design === 'grid' && a.steps === undefined) issues.push({ path: where, value: `${a.lo}:${a.hi}`, expected: 'lo:hi:steps for a grid (or a list v1,v2,...; lo:hi alone is for --design lhs)' });
      if (design !== 'grid' && a.steps !== undefined) issues.push({ path: where, value: `${a.lo}:${a.hi}:${a.steps}`, expected: `lo:hi without steps (${design === 'lhs' ? 'a Latin hypercube samples the range' : 'the method chooses the levels'})` });
      if (design === 'grid' && a.steps !== undefined && spec.integer) {
        const vals = axisValues(a, spec);
        if (new Set(vals).size !== vals.length) issues.push({ path: where, value: `${a.lo}:${a.hi}:${a.steps}`, expected: `at most ${Math.floor(a.hi) - Math.ceil(a.lo) + 1} steps (${describeRange(spec)})` });
      }
    }
  }
  return issues;
}

/** The values of an axis on a grid (integers rounded for integer parameters). */
export function axisValues(a: Axis, spec?: ParamSpec): number[] {
  const vals = 'values' in a ? [...a.values] : linspace(a.lo, a.hi, a.steps ?? 2);
  return spec?.integer ? vals.map((x) => Math.round(x)) : vals;
}

/** Fisher–Yates shuffle of 0..n-1 with a uniform source. */
export function permutation(n: number, u: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/**
 * Latin-hypercube sample of `n` points in the unit cube of `k` dimensions: each dimension's n strata
 * are used once, in a random order, with a uniform position inside each stratum.
 *
 * @example
 * latinHypercube(10, 2, createRandom(1).stream('lhs').next); // 10 points in [0,1)^2
 */
export function latinHypercube(n: number, k: number, u: () => number): number[][] {
  const out = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    const perm = permutation(n, u);
    for (let i = 0; i < n; i++) out[i][j] = (perm[i] + u()) / n;
  }
  return out;
}

/** Options of {@link expandDesign}. */
export interface DesignOptions {
  readonly axes: readonly Axis[];
  readonly design?: DesignKind;
  /** Points of a Latin hypercube. */
  readonly samples?: number;
  /** Seed of the Latin hypercube's stream. */
  readonly seed?: number | string;
  /** Parameter specs (integer parameters are rounded). */
  readonly space?: ReadonlyMap<string, ParamSpec>;
}

/**
 * The design points: every combination of the axes' values (grid, the first axis varying slowest) or
 * `samples` Latin-hypercube points (ranges sampled continuously, lists by stratified choice), drawn
 * from the stream `lhs` of seed `deriveSeed(seed, 'lhs')`.
 *
 * @example
 * expandDesign({ axes: [{ path: 'a', values: [1, 2] }, { path: 'b', values: [0, 1] }] });
 * // [{a:1,b:0},{a:1,b:1},{a:2,b:0},{a:2,b:1}]
 */
export function expandDesign(opts: DesignOptions): Point[] {
  const { axes } = opts;
  const spec = (p: string) => opts.space?.get(p);
  if ((opts.design ?? 'grid') === 'grid') {
    let points: Record<string, number>[] = [{}];
    for (const a of axes) {
      const vals = axisValues(a, spec(a.path));
      points = points.flatMap((p) => vals.map((x) => ({ ...p, [a.path]: x })));
    }
    return points;
  }
  const n = opts.samples ?? 0;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError([{ path: '--samples', value: opts.samples, expected: 'a whole number >= 1 for --design lhs' }]);
  const u = createRandom(deriveSeed(opts.seed ?? 1, 'lhs')).stream('lhs').next;
  const cube = latinHypercube(n, axes.length, u);
  return cube.map((x) => {
    const p: Record<string, number> = {};
    axes.forEach((a, j) => {
      let v: number;
      if ('values' in a) v = a.values[Math.min(a.values.length - 1, Math.floor(x[j] * a.values.length))];
      else v = round12(a.lo + (a.hi - a.lo) * x[j]);
      p[a.path] = spec(a.path)?.integer ? Math.round(v) : v;
    });
    return p;
  });
}

/** Canonical text of a point: `path=value` sorted by path, comma-joined. */
export function canonicalPoint(p: Point): string {
  return Object.keys(p)
    .sort()
    .map((k) => `${k}=${p[k]}`)
    .join(',');
}

/**
 * The seed of one run: derived from the base seed, the run's parameter values (order-free) and its
 * replicate, so a run's result never depends on the order or number of workers.
 *
 * @example
 * runSeed(1, { 'trust.loss': 0.2 }, 3); // "1.xxxxxx"
 */
export function runSeed(base: number | string, params: Point, rep: number): string {
  return deriveSeed(base, canonicalPoint(params), 'rep', rep);
}

/**
 * Runs of a design: every point × `reps` replicates (point-major). Seeds come from {@link runSeed};
 * the rare hash collision (or a point repeated by rounding) is re-derived with an extra label in run
 * order, so seeds never repeat within an experiment and stay reproducible.
 */
export function planRuns(points: readonly Point[], reps: number, base: number | string): PlannedRun[] {
  const total = points.length * reps;
  const width = Math.max(4, String(total).length);
  const used = new Set<string>();
  const runs: PlannedRun[] = [];
  points.forEach((params, i) => {
    for (let rep = 1; rep <= reps; rep++) {
      let seed = runSeed(base, params, rep);
      for (let k = 1; used.has(seed); k++) seed = deriveSeed(base, canonicalPoint(params), 'rep', rep, 'again', k);
      used.add(seed);
      const run = runs.length + 1;
      runs.push({ run, id: `r${String(run).padStart(width, '0')}`, point: i + 1, rep, seed, params });
    }
  });
  return runs;
}

/** The base run settings resolved and checked: scenario, seed, ticks, parameter space. */
export function resolveBase(base: ExperimentBase) {
  const r = resolveScenario(base.scenario, { seed: base.seed, ticks: base.ticks, set: base.set, rules: base.rules, without: base.without, registry: base.registry });
  if (r.ticks < 1) throw new ValidationError([{ path: '--ticks', value: r.ticks, expected: 'at least 1 tick for an experiment' }]);
  return { ...r, space: parameterSpace(r.registry, r.kindNames) };
}

/** Check that each point gives a valid scenario (cross-parameter constraints); throws listing the first few bad points. */
export function checkPoints(base: ExperimentBase, points: readonly Point[], label = 'design point'): void {
  const issues: Issue[] = [];
  let bad = 0;
  points.forEach((p, i) => {
    if (bad >= 5) return;
    try {
      resolveScenario(base.scenario, { seed: base.seed, ticks: base.ticks, set: { ...base.set, ...p }, rules: base.rules, without: base.without, registry: base.registry });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      bad++;
      for (const is of e.issues) issues.push({ ...is, path: `${label} ${i + 1} (${canonicalPoint(p)}): ${is.path}` });
    }
  });
  if (issues.length) throw new ValidationError(issues);
}

/** Options of {@link planSweep} (and {@link sweep}). */
export interface SweepDesign extends ExperimentBase {
  /** Swept parameters: axes or `--param` texts. */
  readonly params: readonly (Axis | string)[];
  readonly design?: DesignKind;
  readonly samples?: number;
  /** Replicates per point (default 1). */
  readonly reps?: number;
  /** One summary row per run (means over the run and final values) instead of one row per tick. */
  readonly summary?: boolean;
}

/** A checked, expanded sweep: everything needed to run it and to describe it in a manifest. */
export interface SweepPlan {
  readonly scenario: string | ScenarioSpec;
  readonly scenarioName: string;
  readonly seed: number | string;
  readonly ticks: number;
  readonly set: Readonly<Record<string, number>>;
  readonly rules: readonly RuleToggle[];
  readonly without: readonly string[];
  readonly axes: readonly Axis[];
  readonly design: DesignKind;
  readonly samples?: number;
  readonly reps: number;
  readonly summary: boolean;
  readonly points: readonly Point[];
  readonly runs: readonly PlannedRun[];
}

/**
 * Check and expand a sweep: scenario and run flags, axes against the scenario's parameter space,
 * every point's cross-parameter constraints; then points and runs with their seeds. Throws a
 * {@link ValidationError} listing every problem.
 *
 * @example
 * const plan = planSweep({ scenario: 'baseline', params: ['trust.loss=0.1,0.2'], reps: 3, ticks: 20 });
 * plan.runs.length; // 6
 */
export function planSweep(opts: SweepDesign): SweepPlan {
  const issues: Issue[] = [];
  const design = opts.design ?? 'grid';
  if (design !== 'grid' && design !== 'lhs') issues.push({ path: '--design', value: design, expected: 'grid or lhs' });
  const reps = opts.reps ?? 1;
  if (!Number.isInteger(reps) || reps < 1) issues.push({ path: '--reps', value: reps, expected: 'a whole number >= 1' });
  if (design === 'lhs' && (opts.samples === undefined || !Number.isInteger(opts.samples) || opts.samples < 1)) issues.push({ path: '--samples', value: opts.samples, expected: 'a whole number >= 1 for --design lhs' });
  if (design === 'grid' && opts.samples !== undefined) issues.push({ path: '--samples', value: opts.samples, expected: 'no --samples with --design grid (a grid has every combination)' });
  const axes: Axis[] = [];
  for (const p of opts.params) {
    if (typeof p !== 'string') axes.push(p);
    else
      try {
        axes.push(parseAxis(p));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(...e.issues);
      }
  }
  const r = resolveBase(opts); // throws for bad scenario and run flags
  issues.push(...checkAxes(axes, r.space, design === 'lhs' ? 'lhs' : 'grid'));
  if (issues.length) throw new ValidationError(issues);
  const points = expandDesign({ axes, design, samples: opts.samples, seed: r.seed, space: r.space });
  checkPoints(opts, points);
  const runs = planRuns(points, reps, r.seed);
  return {
    scenario: opts.scenario,
    scenarioName: r.scenario.name,
    seed: r.seed,
    ticks: r.ticks,
    set: { ...opts.set },
    rules: [...(opts.rules ?? [])],
    without: [...(opts.without ?? [])],
    axes,
    design,
    ...(design === 'lhs' ? { samples: opts.samples } : {}),
    reps,
    summary: !!opts.summary,
    points,
    runs,
  };
}
