import { describe, expect, it } from 'vitest';
import { bootstrapCI, mean, meanInterval, normalCdf, normalQuantile, pairedComparison, sd, summarise, tQuantile, windowMeans } from '../../src/experiments/index.js';
import { createRandom, deriveSeed } from '../../src/random.js';

describe('statistics', () => {
  it('gives normal and t quantiles to table accuracy', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    // Student's t, 97.5 % quantiles.
    for (const [df, t] of [[1, 12.7062], [2, 4.3027], [5, 2.5706], [19, 2.093], [30, 2.0423], [120, 1.9799]] as const) expect(tQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.2281, 3);
    const i = meanInterval([1, 2, 3, 4]);
    expect(i.mean).toBe(2.5);
    expect(i.hi - i.mean).toBeCloseTo((3.1824 * sd([1, 2, 3, 4])) / 2, 3);
  });

  it('gives the same bootstrap interval for the same seed, another for another seed', () => {
    const xs = [0.3, 0.1, 0.5, 0.2, 0.4, 0.9, 0.25];
    const a = bootstrapCI(xs, { seed: 5 });
    expect(bootstrapCI(xs, { seed: 5 })).toEqual(a);
    expect(bootstrapCI(xs, { seed: 6 })).not.toEqual(a);
    expect(a[0]).toBeLessThan(mean(xs));
    expect(a[1]).toBeGreaterThan(mean(xs));
    expect(bootstrapCI([2, 2, 2])).toEqual([2, 2]);
  });

  // 200 synthetic paired datasets with a known difference: the 95 % interval must cover it in 95 % of
  // them, within a binomial tolerance (3 standard errors: sqrt(0.95 · 0.05 / 200) ≈ 1.5 %).
  it.each(['bca', 'percentile'] as const)('covers a known paired difference at the stated rate (%s, 200 datasets)', (method) => {
    const truth = 0.05;
    const datasets = 200;
    const n = 30;
    let covered = 0;
    for (let k = 0; k < datasets; k++) {
      const s = createRandom(deriveSeed(2024, 'dataset', k)).stream('data');
      // Skewed noise (exponential) on a shared baseline: common random numbers cancel the baseline.
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) {
        const base = s.normal(0.3, 0.1);
        a.push(base + s.normal(0, 0.02));
        b.push(base + truth + 0.04 * (-Math.log(1 - s.next()) - 1));
      }
      const c = pairedComparison(a, b, { seed: deriveSeed(2024, 'boot', k), resamples: 1000, method });
      if (c.ci[0] <= truth && truth <= c.ci[1]) covered++;
    }
    const rate = covered / datasets;
    const tol = 3 * Math.sqrt((0.95 * 0.05) / datasets);
    expect(rate, `coverage ${rate}`).toBeGreaterThanOrEqual(0.95 - tol);
    expect(rate, `coverage ${rate}`).toBeLessThanOrEqual(0.95 + tol);
  });

  it('reports means, the mean paired difference and Cohen d_z', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [1.5, 2.4, 3.6, 4.5, 5.5];
    const c = pairedComparison(a, b, { seed: 1 });
    expect(c.meanA).toBe(3);
    expect(c.meanB).toBeCloseTo(3.5, 12);
    expect(c.diff).toBeCloseTo(0.5, 12);
    const d = b.map((x, i) => x - a[i]);
    expect(c.dz).toBeCloseTo(mean(d) / sd(d), 12);
    expect(pairedComparison([1, 2], [1, 2]).dz).toBe(0);
    expect(pairedComparison([1, 2], [2, 3]).dz).toBe(Infinity);
    expect(() => pairedComparison([1], [1, 2])).toThrow(/equal lengths/);
  });

  it('summarises a run into means over the run and final values', () => {
    const rows = [
      { tick: 1, x: 1, y: 10, events: '' },
      { tick: 2, x: 2, y: 20, events: 'a' },
      { tick: 3, x: 6, y: 30, events: '' },
    ];
    expect(summarise(rows)).toEqual({ ticks: 3, mean_x: 3, mean_y: 20, final_x: 6, final_y: 30 });
    expect(windowMeans(rows, 2, 3)).toEqual({ x: 4, y: 25 });
  });
});
