import { createRandom, deriveSeed } from '../random.js';
import { ValidationError } from '../validate.js';
import { permutation } from './design.js';
import { mean, sd } from './stats.js';

/** A factor of a sensitivity analysis: a parameter and the range it is moved in. */
export interface Factor {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  /** Round values to whole numbers. */
  readonly integer?: boolean;
}

/** One step of a trajectory: factor `factor` changes between points `a` and `b`. */
export interface EffectStep {
  readonly factor: number;
  readonly a: number;
  readonly b: number;
}

/** A trajectory: its points (parameter values, one array per point, in factor order) and its steps. */
export interface Trajectory {
  readonly points: readonly (readonly number[])[];
  readonly steps: readonly EffectStep[];
}

/** Elementary-effect statistics of one factor, in output units per whole range of the factor. */
export interface Effect {
  readonly path: string;
  /** Mean elementary effect (signed). */
  readonly mu: number;
  /** Mean absolute elementary effect: overall importance. */
  readonly muStar: number;
  /** Standard deviation of the effects: non-linearity, interactions (and, for a stochastic model, noise). */
  readonly sigma: number;
  /** Effects computed. */
  readonly n: number;
}

/** Options of {@link morrisDesign}. */
export interface MorrisOptions {
  /** Trajectories r (default 10). */
  readonly trajectories?: number;
  /** Grid levels p, even (default 4); the step is Δ = p / (2(p − 1)) of the range. */
  readonly levels?: number;
  /** Seed of the design's stream (default 1). */
  readonly seed?: number | string;
}

function checkFactors(factors: readonly Factor[]): void {
  const bad = factors.filter((f) => !(Number.isFinite(f.lo) && Number.isFinite(f.hi) && f.lo < f.hi));
  if (bad.length) throw new ValidationError(bad.map((f) => ({ path: `--param ${f.path}`, value: `${f.lo}:${f.hi}`, expected: 'a range lo:hi with lo < hi' })));
  if (factors.length === 0) throw new ValidationError([{ path: '--param', value: undefined, expected: 'at least one parameter' }]);
}

const valueOf = (f: Factor, x: number) => {
  const v = f.lo + (f.hi - f.lo) * x;
  return f.integer ? Math.round(v) : v === 0 ? 0 : Number(v.toPrecision(12));
};

/**
 * Morris's elementary-effects design: r trajectories of k + 1 points on a p-level grid of the unit
 * cube; each trajectory starts at a random grid point and moves every factor once, in random order,
 * by ±Δ (Δ = p / (2(p − 1))). Values are mapped to each factor's range (integers rounded).
 *
 * @example
 * morrisDesign([{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 0, hi: 10 }], { trajectories: 20, seed: 1 });
 */
export function morrisDesign(factors: readonly Factor[], opts: MorrisOptions = {}): Trajectory[] {
  checkFactors(factors);
  const r = opts.trajectories ?? 10;
  const p = opts.levels ?? 4;
  if (!Number.isInteger(r) || r < 2) throw new ValidationError([{ path: '--trajectories', value: r, expected: 'a whole number >= 2' }]);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) throw new ValidationError([{ path: '--levels', value: p, expected: 'an even whole number >= 2' }]);
  const u = createRandom(deriveSeed(opts.seed ?? 1, 'morris')).stream('morris').next;
  const k = factors.length;
  const delta = p / (2 * (p - 1));
  const out: Trajectory[] = [];
  for (let t = 0; t < r; t++) {
    // A start level j moves to j + p/2 (lower half) or j − p/2 (upper half): both on the grid.
    const x = factors.map(() => Math.floor(u() * p) / (p - 1));
    const order = permutation(k, u);
    const unit: number[][] = [x.slice()];
    const steps: EffectStep[] = [];
    for (let s = 0; s < k; s++) {
      const i = order[s];
      x[i] = x[i] + delta <= 1 + 1e-12 ? x[i] + delta : x[i] - delta;
      unit.push(x.slice());
      steps.push({ factor: i, a: s, b: s + 1 });
    }
    out.push({ points: unit.map((pt) => pt.map((xi, i) => valueOf(factors[i], Math.min(1, Math.max(0, xi))))), steps });
  }
  return out;
}

/**
 * One-at-a-time design: each factor moved from its low to its high end with the others held at
 * `base` (e.g. the scenario's values), `trajectories` times (for a stochastic model, each time with
 * another seed). The effect of a factor is y(hi) − y(lo).
 */
export function oatDesign(factors: readonly Factor[], base: readonly number[], trajectories = 10): Trajectory[] {
  checkFactors(factors);
  if (!Number.isInteger(trajectories) || trajectories < 1) throw new ValidationError([{ path: '--trajectories', value: trajectories, expected: 'a whole number >= 1' }]);
  const centre = factors.map((f, i) => Math.min(f.hi, Math.max(f.lo, base[i])));
  const points: number[][] = [];
  const steps: EffectStep[] = [];
  factors.forEach((f, i) => {
    const lo = centre.slice();
    const hi = centre.slice();
    lo[i] = valueOf(f, 0);
    hi[i] = valueOf(f, 1);
    steps.push({ factor: i, a: points.length, b: points.length + 1 });
    points.push(lo, hi);
  });
  return Array.from({ length: trajectories }, () => ({ points, steps }));
}

/**
 * μ, μ* and σ of each factor's elementary effects, from the outputs `ys[t][j]` at point j of
 * trajectory t. An effect is (y_b − y_a) / ((v_b − v_a) / (hi − lo)): output change per whole range
 * of the factor, so factors of different units compare. Steps where rounding left a value unchanged are skipped.
 */
export function elementaryEffects(factors: readonly Factor[], design: readonly Trajectory[], ys: readonly (readonly number[])[]): Effect[] {
  const ee: number[][] = factors.map(() => []);
  design.forEach((tr, t) => {
    for (const st of tr.steps) {
      const f = factors[st.factor];
      const dx = (tr.points[st.b][st.factor] - tr.points[st.a][st.factor]) / (f.hi - f.lo);
      const dy = ys[t][st.b] - ys[t][st.a];
      if (dx !== 0 && Number.isFinite(dy)) ee[st.factor].push(dy / dx);
    }
  });
  return factors.map((f, i) => ({ path: f.path, mu: mean(ee[i]), muStar: mean(ee[i].map(Math.abs)), sigma: ee[i].length > 1 ? sd(ee[i]) : 0, n: ee[i].length }));
}

/**
 * Morris screening of a function of the factors' values (synchronous), e.g. a model surrogate.
 *
 * @example
 * morris(([a, b]) => 3 * a + b * b, [{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 0, hi: 1 }], { trajectories: 20 });
 */
export function morris(f: (values: readonly number[]) => number, factors: readonly Factor[], opts: MorrisOptions = {}): Effect[] {
  const design = morrisDesign(factors, opts);
  return elementaryEffects(factors, design, design.map((tr) => tr.points.map((p) => f(p))));
}
