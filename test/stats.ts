import { meanInterval } from '../src/experiments/stats.js';

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  /** Standardised effect (mean / sd of the differences). */
  d: number;
}

/** Mean of paired differences a[i] − b[i] with a 95 % t interval (the library's own `meanInterval`). */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length || a.length < 2) throw new Error('pairedDifference needs two equal samples of at least 2');
  const d = a.map((x, i) => x - b[i]);
  const n = d.length;
  const { mean, lo, hi } = meanInterval(d, 0.95);
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, lo, hi, n, d: sd > 0 ? mean / sd : Infinity };
}

export const fmt = (i: Interval) => `${i.mean.toFixed(4)} [${i.lo.toFixed(4)}, ${i.hi.toFixed(4)}] (n=${i.n}, d=${i.d.toFixed(2)})`;

/** Mean of a column over ticks from..to (1-based, inclusive). */
export function windowMean(rows: readonly Record<string, number | string>[], col: string, from: number, to: number): number {
  const xs = rows.filter((r) => (r.tick as number) >= from && (r.tick as number) <= to).map((r) => r[col] as number);
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
