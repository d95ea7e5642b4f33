import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPoint, expandDesign, latinHypercube, parseAxis, planRuns, planSweep, runSeed } from '../../src/experiments/index.js';
import { createRandom } from '../../src/random.js';
import { ValidationError } from '../../src/validate.js';
import { SMALL } from './helpers.js';

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).message.split('\n');
  }
  throw new Error('expected a ValidationError');
}

describe('design', () => {
  it('parses value lists, grid ranges and bare ranges', () => {
    expect(parseAxis('trust.loss=0.1,0.2, 0.3')).toEqual({ path: 'trust.loss', values: [0.1, 0.2, 0.3] });
    expect(parseAxis('design.openness=0:1:5')).toEqual({ path: 'design.openness', lo: 0, hi: 1, steps: 5 });
    expect(parseAxis('design.openness=0:1')).toEqual({ path: 'design.openness', lo: 0, hi: 1 });
    expect(issuesOf(() => parseAxis('trust.loss'))[0]).toMatch(/^--param: got "trust.loss", expected path=v1,v2/);
    expect(issuesOf(() => parseAxis('trust.loss=0.1,x'))).toEqual(['--param trust.loss[2]: got "x", expected a number']);
    expect(issuesOf(() => parseAxis('trust.loss=0.3:0.1:4'))).toEqual(['--param trust.loss: got "0.3:0.1:4", expected lo < hi']);
    expect(issuesOf(() => parseAxis('trust.loss=0:1:1'))).toEqual(['--param trust.loss steps: got "1", expected a whole number of steps >= 2']);
  });

  it('expands a grid with the first parameter varying slowest, values rounded to 12 digits', () => {
    const pts = expandDesign({ axes: [{ path: 'a', values: [1, 2] }, { path: 'b', lo: 0, hi: 0.3, steps: 4 }] });
    expect(pts).toEqual([
      { a: 1, b: 0 },
      { a: 1, b: 0.1 },
      { a: 1, b: 0.2 },
      { a: 1, b: 0.3 },
      { a: 2, b: 0 },
      { a: 2, b: 0.1 },
      { a: 2, b: 0.2 },
      { a: 2, b: 0.3 },
    ]);
  });

  it('draws Latin hypercubes with every stratum of every dimension used exactly once, reproducibly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, k, seed) => {
        const cube = latinHypercube(n, k, createRandom(seed).stream('lhs').next);
        for (let j = 0; j < k; j++) {
          const strata = cube.map((x) => Math.floor(x[j] * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 60 },
    );
    const a = expandDesign({ axes: [{ path: 'x', lo: 0, hi: 1 }], design: 'lhs', samples: 7, seed: 3 });
    expect(expandDesign({ axes: [{ path: 'x', lo: 0, hi: 1 }], design: 'lhs', samples: 7, seed: 3 })).toEqual(a);
    expect(expandDesign({ axes: [{ path: 'x', lo: 0, hi: 1 }], design: 'lhs', samples: 7, seed: 4 })).not.toEqual(a);
  });

  it('derives each seed from the base seed, the parameter values (in any order) and the replicate', () => {
    expect(runSeed(1, { a: 1, b: 2 }, 3)).toBe(runSeed(1, { b: 2, a: 1 }, 3));
    expect(runSeed(1, { a: 1, b: 2 }, 3)).not.toBe(runSeed(1, { a: 1, b: 2 }, 4));
    expect(runSeed(1, { a: 1, b: 2 }, 3)).not.toBe(runSeed(2, { a: 1, b: 2 }, 3));
    expect(canonicalPoint({ b: 2, a: 1 })).toBe('a=1,b=2');
    // A run's seed does not depend on the rest of the design.
    const small = planRuns([{ a: 2 }], 2, 9);
    const big = planRuns([{ a: 1 }, { a: 2 }, { a: 3 }], 2, 9);
    expect(big.filter((r) => r.params.a === 2).map((r) => r.seed)).toEqual(small.map((r) => r.seed));
  });

  it('never repeats a seed across the runs of a sweep, even for repeated points or hash collisions', () => {
    // 16,000 runs: far beyond where 32-bit hashes start to collide by chance.
    const grid = expandDesign({ axes: [{ path: 'a', lo: 0, hi: 1, steps: 20 }, { path: 'b', lo: 0, hi: 1, steps: 20 }, { path: 'c', lo: 0, hi: 1, steps: 20 }] });
    const runs = planRuns(grid, 2, 1);
    expect(runs).toHaveLength(16_000);
    expect(new Set(runs.map((r) => r.seed)).size).toBe(runs.length);
    // The same point twice (e.g. integer rounding in a Latin hypercube) still gets distinct seeds.
    const twice = planRuns([{ a: 1 }, { a: 1 }, { a: 1 }], 3, 1);
    expect(new Set(twice.map((r) => r.seed)).size).toBe(9);
    expect(twice.slice(0, 3).map((r) => r.seed)).toEqual(planRuns([{ a: 1 }], 3, 1).map((r) => r.seed));
    // A planned sweep, checked end to end.
    const plan = planSweep({ scenario: 'baseline', set: SMALL, ticks: 5, params: ['population.residents=300:305'], design: 'lhs', samples: 30, reps: 2 });
    expect(new Set(plan.points.map(canonicalPoint)).size).toBeLessThan(30);
    expect(new Set(plan.runs.map((r) => r.seed)).size).toBe(60);
  });

  it('numbers runs point-major with file-safe ids', () => {
    const plan = planSweep({ scenario: 'baseline', set: SMALL, ticks: 5, params: ['trust.loss=0.1,0.2', 'design.openness=0:1:3'], reps: 2 });
    expect(plan.runs).toHaveLength(12);
    expect(plan.runs.slice(0, 3).map((r) => [r.run, r.id, r.point, r.rep])).toEqual([
      [1, 'r0001', 1, 1],
      [2, 'r0002', 1, 2],
      [3, 'r0003', 2, 1],
    ]);
    expect(plan.runs[11].params).toEqual({ 'trust.loss': 0.2, 'design.openness': 1 });
  });

  it('rejects unknown paths, out-of-range values, bad steps and inconsistent points with clear messages', () => {
    const bad = issuesOf(() => planSweep({ scenario: 'baseline', params: ['trust.los=0.1,0.2', 'design.openness=0:1.5:3', 'trust.gain=0:1', 'population.residents=1:3:5', 'trust.loss=0.1,0.1'], design: 'grid' }));
    expect(bad).toEqual([
      expect.stringMatching(/^--param trust\.los: got "trust\.los", expected a known parameter path .*under "trust": .*trust\.loss/),
      '--param design.openness hi: got 1.5, expected a number in [0, 1] (share)',
      expect.stringMatching(/^--param trust\.gain: got "0:1", expected lo:hi:steps for a grid/),
      expect.stringMatching(/^--param population\.residents: got "1:3:5", expected at most 3 steps/),
      '--param trust.loss: got "0.1,0.1", expected distinct values',
    ]);
    expect(issuesOf(() => planSweep({ scenario: 'baseline', params: ['trust.loss=0:1:3'], design: 'lhs', samples: 4 }))[0]).toMatch(/expected lo:hi without steps/);
    expect(issuesOf(() => planSweep({ scenario: 'baseline', params: ['trust.loss=0:1'], design: 'lhs' }))).toEqual(['--samples: got undefined, expected a whole number >= 1 for --design lhs']);
    expect(issuesOf(() => planSweep({ scenario: 'baseline', params: [], reps: 0 }))).toEqual(['--reps: got 0, expected a whole number >= 1', '--param: got undefined, expected at least one parameter to vary']);
    expect(issuesOf(() => planSweep({ scenario: 'baseline', params: ['population.young=0.5:0.9:3'] }))).toEqual([
      'design point 3 (population.young=0.9): population.young + population.elderly: got 1.15, expected labour-group shares summing to at most 1',
    ]);
    expect(issuesOf(() => planSweep({ scenario: 'nowhere', params: ['trust.loss=0.1'] }))[0]).toMatch(/^scenario: got "nowhere", expected a scenario/);
  });
});
