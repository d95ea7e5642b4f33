import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { belowSigmoid, cos, exp, log, pow, sigmoid, SIGMOID_TABLE } from '../../src/math.js';

const close = (a: number, b: number, rel = 4e-16 * 8) => Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b));

describe('deterministic math (engine-independent elementary functions)', () => {
  it('exp agrees with Math.exp to a few ulps over its range', () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => close(exp(x), Math.exp(x))), { numRuns: 5000 });
    expect(exp(0)).toBe(1);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
    expect(Number.isNaN(exp(NaN))).toBe(true);
  });

  it('log agrees with Math.log to a few ulps, including subnormals', () => {
    fc.assert(fc.property(fc.double({ min: 1e-310, max: 1e300, noNaN: true }), (x) => Math.abs(log(x) - Math.log(x)) <= 1e-15 * Math.max(1, Math.abs(Math.log(x)))), { numRuns: 5000 });
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(Number.isNaN(log(-1))).toBe(true);
  });

  it('pow agrees with Math.pow for bases in [1e-6, 1e6] and exponents in [−3, 3] (the model uses these)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (a, b) => Math.abs(pow(a, b) - Math.pow(a, b)) <= 1e-13 * Math.abs(Math.pow(a, b))), { numRuns: 5000 });
    expect(pow(0, 0.4)).toBe(0);
    expect(pow(5, 0)).toBe(1);
  });

  it('cos agrees with Math.cos on [−10π, 10π]', () => {
    fc.assert(fc.property(fc.double({ min: -31.5, max: 31.5, noNaN: true }), (x) => Math.abs(cos(x) - Math.cos(x)) <= 2e-16 * 4), { numRuns: 5000 });
    expect(cos(0)).toBe(1);
  });

  it('sigmoid is the logistic function', () => {
    expect(sigmoid(0)).toBe(0.5);
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => Math.abs(sigmoid(x) - 1 / (1 + Math.exp(-x))) < 1e-15), { numRuns: 2000 });
  });

  it('belowSigmoid(u, z) answers exactly as u < sigmoid(z), as 1 or 0, also next to the table bounds', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ noNaN: true }), (u, z) => {
        expect(belowSigmoid(u, z)).toBe(u < sigmoid(z) ? 1 : 0);
      }),
      { numRuns: 5000 },
    );
    // u at and around sigmoid(z) itself, for z on and next to the grid points: the hardest cases.
    for (let k = -16 * 16; k <= 16 * 16; k += 7) {
      for (const z of [k / 16, k / 16 + 1e-15, k / 16 - 1e-15, k / 16 + 0.03]) {
        const s = sigmoid(z);
        for (const u of [s, s - 1e-16, s + 1e-16, s - 1e-12, s + 1e-12, s * (1 - 1e-9), Math.min(0.999999, s * (1 + 1e-9))]) {
          expect(belowSigmoid(u, z)).toBe(u < sigmoid(z) ? 1 : 0);
        }
      }
    }
    expect(belowSigmoid(0.5, Number.NaN)).toBe(0);
    expect(belowSigmoid(0.999, 1e6)).toBe(1);
    expect(belowSigmoid(1e-300, -1e6)).toBe(0);
  });

  it('the table kernels inline decides only where it agrees with u < sigmoid(z)', () => {
    // The rule SIGMOID_TABLE documents, as the commitment kernel applies it: where it decides, it must
    // give the exact answer; where it does not, the kernel asks belowSigmoid.
    const { edge, span, grid, cells, margin } = SIGMOID_TABLE;
    let decided = 0;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: -15.9, max: 15.9, noNaN: true }), (u, z) => {
        const x = (z + span) * grid;
        if (!(x >= 0 && x < cells)) return;
        const k = x | 0;
        if (u < edge[k] - margin) {
          decided++;
          expect(u < sigmoid(z)).toBe(true);
        } else if (u >= edge[k + 1] + margin) {
          decided++;
          expect(u < sigmoid(z)).toBe(false);
        }
      }),
      { numRuns: 5000 },
    );
    expect(decided).toBeGreaterThan(4000);
  });

  it('pins exact bits so that any engine giving other bits is caught', () => {
    // Computed once with these implementations; they use only IEEE-exact operations.
    const probe = [exp(0.5), exp(-3.25), log(10), log(0.3), pow(7.5, 0.4), cos(2.5), sigmoid(1.3)];
    expect(probe.map((x) => x.toString())).toMatchSnapshot();
  });
});
