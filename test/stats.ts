/** Two-sided 97.5 % quantiles of Student's t by degrees of freedom (1..30), then the normal value. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  /** Standardised effect (mean / sd of the differences). */
  d: number;
}

/** Mean of paired differences a[i] − b[i] with a 95 % t interval. */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length || a.length < 2) throw new Error('pairedDifference needs two equal samples of at least 2');
  const d = a.map((x, i) => x - b[i]);
  const n = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const t = n - 1 <= 30 ? T975[n - 2] : 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n, d: sd > 0 ? mean / sd : Infinity };
}

export const fmt = (i: Interval) => `${i.mean.toFixed(4)} [${i.lo.toFixed(4)}, ${i.hi.toFixed(4)}] (n=${i.n}, d=${i.d.toFixed(2)})`;

/** Mean of a column over ticks from..to (1-based, inclusive). */
export function windowMean(rows: readonly Record<string, number | string>[], col: string, from: number, to: number): number {
  const xs = rows.filter((r) => (r.tick as number) >= from && (r.tick as number) <= to).map((r) => r[col] as number);
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
