import { createRandom } from '../random.js';
import type { Row } from '../simulation.js';

/** Arithmetic mean (NaN for no values). */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

/** Sample standard deviation (n − 1; NaN below two values). */
export function sd(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Quantile of sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Standard normal distribution function Φ (erfc by Chebyshev fit, relative error < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Standard normal quantile Φ⁻¹ (Acklam's rational approximation with one Newton step). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step on Φ(x) − p.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function logGamma(x: number): number {
  const g = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of g) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student's t distribution function with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Student's t quantile (bisection on {@link tCdf}; |error| < 1e-10). */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean with a pointwise t interval: mean ± t(1 − α/2, n − 1)·sd/√n. */
export function meanInterval(xs: ArrayLike<number>, level = 0.95): { mean: number; lo: number; hi: number } {
  const m = mean(xs);
  const n = xs.length;
  if (n < 2) return { mean: m, lo: m, hi: m };
  const half = (tQuantile(1 - (1 - level) / 2, n - 1) * sd(xs)) / Math.sqrt(n);
  return { mean: m, lo: m - half, hi: m + half };
}

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions {
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /** Resamples (default 2000). */
  readonly resamples?: number;
  /** Seed of the resampling stream (default 1): the same seed gives the same interval. */
  readonly seed?: number | string;
  /** `bca` (bias-corrected and accelerated, default) or `percentile`. */
  readonly method?: 'bca' | 'percentile';
  /**
   * Widen for small samples (default true): bootstrap intervals of a mean are too narrow by about
   * √((n − 1)/n) and miss t's heavier tails, so the nominal level is raised until its normal quantile is
   * √(n/(n − 1)) · t(1 − α/2, n − 1) (Hesterberg 2015, "expanded" intervals).
   */
  readonly expand?: boolean;
}

/**
 * A bootstrap confidence interval of the mean of `values`: resampling with replacement from a seeded
 * stream, bias-corrected and accelerated (BCa; acceleration from the jackknife) and expanded for small
 * samples by default (see {@link BootstrapOptions.expand}).
 *
 * @example
 * bootstrapCI([0.1, 0.3, 0.2, 0.25], { seed: 7 }); // [lo, hi] around 0.2125
 */
export function bootstrapCI(values: readonly number[], opts: BootstrapOptions = {}): [number, number] {
  const n = values.length;
  const level = opts.level ?? 0.95;
  const B = opts.resamples ?? 2000;
  const est = mean(values);
  if (n === 0) return [NaN, NaN];
  if (n === 1 || values.every((x) => x === values[0])) return [est, est];
  const u = createRandom(opts.seed ?? 1).stream('bootstrap').next;
  const boot = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(u() * n)];
    boot[b] = s / n;
  }
  boot.sort();
  let alpha = (1 - level) / 2;
  if (opts.expand !== false) alpha = 1 - normalCdf(Math.sqrt(n / (n - 1)) * tQuantile(1 - alpha, n - 1));
  let pLo = alpha;
  let pHi = 1 - alpha;
  if ((opts.method ?? 'bca') === 'bca') {
    let below = 0;
    for (let b = 0; b < B; b++) below += boot[b] < est ? 1 : boot[b] === est ? 0.5 : 0;
    const frac = below / B;
    if (frac > 0 && frac < 1) {
      const z0 = normalQuantile(frac);
      // Jackknife acceleration: leave-one-out means.
      const total = est * n;
      let num = 0;
      let den = 0;
      const jackMean = est; // the mean of leave-one-out means equals the mean
      for (let i = 0; i < n; i++) {
        const d = jackMean - (total - values[i]) / (n - 1);
        num += d * d * d;
        den += d * d;
      }
      const a = den > 0 ? num / (6 * den ** 1.5) : 0;
      const adj = (z: number) => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
      pLo = adj(normalQuantile(alpha));
      pHi = adj(normalQuantile(1 - alpha));
    }
  }
  return [quantileSorted(boot, pLo), quantileSorted(boot, pHi)];
}

/** A paired comparison of B against A. */
export interface PairedComparison {
  readonly n: number;
  readonly meanA: number;
  readonly meanB: number;
  /** Mean of the paired differences B − A. */
  readonly diff: number;
  /** Bootstrap interval of the mean difference. */
  readonly ci: [number, number];
  /** Standard deviation of the differences. */
  readonly sdDiff: number;
  /** Cohen's d of paired differences: mean(B − A) / sd(B − A) (±Infinity when the sd is 0 and the mean is not; 0 when both are). */
  readonly dz: number;
}

/**
 * Compare paired samples (replicate k of A with replicate k of B): means, mean difference B − A,
 * its bootstrap interval ({@link bootstrapCI}) and Cohen's d_z.
 *
 * @example
 * pairedComparison([0.20, 0.22, 0.19], [0.25, 0.26, 0.22], { seed: 3 }).diff; // ≈ 0.04
 */
export function pairedComparison(a: readonly number[], b: readonly number[], opts: BootstrapOptions = {}): PairedComparison {
  if (a.length !== b.length) throw new RangeError(`pairedComparison: samples of ${a.length} and ${b.length}; pairs need equal lengths`);
  const d = a.map((x, i) => b[i] - x);
  const diff = mean(d);
  const s = sd(d);
  const dz = s > 0 ? diff / s : diff === 0 || Number.isNaN(diff) ? 0 : diff > 0 ? Infinity : -Infinity;
  return { n: d.length, meanA: mean(a), meanB: mean(b), diff, ci: bootstrapCI(d, opts), sdDiff: s, dz: d.length < 2 ? NaN : dz };
}

/** Numeric columns of a row, except `tick`, in row order. */
export function numericColumns(row: Row | undefined): string[] {
  return row ? Object.keys(row).filter((k) => k !== 'tick' && typeof row[k] === 'number') : [];
}

/**
 * Means of every numeric column over ticks `from..to` (inclusive, 1-based; the whole run by default).
 *
 * @example
 * windowMeans(sim.rows, 53, 104).participation;
 */
export function windowMeans(rows: readonly Row[], from = 1, to = Infinity): Record<string, number> {
  const cols = numericColumns(rows[0]);
  const sums: Record<string, number> = {};
  for (const c of cols) sums[c] = 0;
  let n = 0;
  for (const r of rows) {
    const t = r.tick as number;
    if (t < from || t > to) continue;
    n++;
    for (const c of cols) sums[c] += r[c] as number;
  }
  for (const c of cols) sums[c] = n ? sums[c] / n : NaN;
  return sums;
}

/**
 * One summary row of a run: `ticks`, then `mean_<col>` (mean over the run) and `final_<col>` (last
 * tick) for every numeric column.
 *
 * @example
 * summarise(sim.rows); // { ticks: 104, mean_participation: …, …, final_participation: …, … }
 */
export function summarise(rows: readonly Row[]): Row {
  const means = windowMeans(rows);
  const last = rows[rows.length - 1];
  const out: Row = { ticks: rows.length };
  for (const c of Object.keys(means)) out[`mean_${c}`] = means[c];
  for (const c of Object.keys(means)) out[`final_${c}`] = last[c];
  return out;
}
