/*
 * Deterministic elementary functions. ECMAScript leaves Math.exp, Math.log, Math.pow and Math.cos
 * "implementation-approximated", and engines differ in the last bit (Node 20 and Chromium 156 do). These
 * use only operations IEEE 754 specifies exactly (+, −, ×, ÷, Math.sqrt, Math.round, bit access), so the
 * same inputs give the same bits in every engine. Accuracy is within a few ulps of the true value.
 */

const buf = new DataView(new ArrayBuffer(8));

const LN2_HI = 6.93147180369123816490e-1; // ln 2, upper bits (trailing zeros make k·LN2_HI exact)
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
const INV_LN2 = 1.44269504088896338700;
const SQRT2 = 1.4142135623730951;
const PIO2_HI = 1.57079632673412561417; // π/2, upper bits
const PIO2_LO = 6.07710050650619224932e-11; // π/2 − PIO2_HI
const TWO_OVER_PI = 0.6366197723675814;

/** 2^k as a double, for integer k in [−1022, 1023], built from its bits. */
function pow2(k: number): number {
  buf.setUint32(0, (k + 1023) << 20);
  buf.setUint32(4, 0);
  return buf.getFloat64(0);
}

/** x · 2^k for integer k, exact unless the result under- or overflows. */
function scale(x: number, k: number): number {
  if (k > 1023) return x * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return x * pow2(-1022) * pow2(Math.max(-1022, k + 1022));
  return x * pow2(k);
}

/** e^x by the plain series (used to build the table of the fast path). */
function expSeries(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ ~0.347
  // Taylor series to degree 13, Horner form: truncation error below 2e-16 relative.
  const p =
    1 +
    r *
      (1 +
        r *
          (1 / 2 +
            r *
              (1 / 6 +
                r *
                  (1 / 24 +
                    r *
                      (1 / 120 +
                        r *
                          (1 / 720 +
                            r * (1 / 5040 + r * (1 / 40320 + r * (1 / 362880 + r * (1 / 3628800 + r * (1 / 39916800 + r * (1 / 479001600 + r / 6227020800))))))))))));
  return scale(p, k);
}

// Fast path: e^x = 2^(e) · 2^(j/32) · e^r with |r| ≤ ln2/64, a table of 32 values and a short series.
const N = 32;
const TABLE = new Float64Array(N);
for (let j = 0; j < N; j++) TABLE[j] = expSeries((j * LN2_HI) / N + (j * LN2_LO) / N);
/** The 32 values 2^(j/32) of exp's fast path, for the WebAssembly kernels' copy of it. Internal. */
export const EXP_TABLE: Float64Array = TABLE;
const POW2 = new Float64Array(2046); // 2^e for e in [−1022, 1023]
for (let e = -1022; e <= 1023; e++) POW2[e + 1022] = pow2(e);
const N_INV_LN2 = N * INV_LN2;
const LN2_HI_N = LN2_HI / N;
const LN2_LO_N = LN2_LO / N;

/**
 * e^x, bit-identical in every JavaScript engine.
 *
 * @example
 * exp(1); // 2.718281828459045 (within an ulp)
 */
export function exp(x: number): number {
  if (!(x > -700 && x < 700)) return expSeries(x); // NaN, extremes: the slow path handles them
  const k = Math.round(x * N_INV_LN2);
  const j = k & (N - 1);
  const e = (k - j) / N;
  const r = x - k * LN2_HI_N - k * LN2_LO_N; // |r| ≤ 0.0109
  // Degree-6 Taylor: truncation below 3e-18 relative.
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r / 720)))));
  return POW2[e + 1022] * (TABLE[j] * p);
}

/**
 * Natural logarithm, bit-identical in every JavaScript engine.
 *
 * @example
 * log(Math.E); // 1
 */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: bring a subnormal into the normal range
    e = -54;
  }
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  buf.setUint32(0, (hi & 0x000fffff) | 0x3ff00000);
  let m = buf.getFloat64(0); // in [1, 2)
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  // log m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: the odd series converges fast.
  const s = (m - 1) / (m + 1);
  const z = s * s;
  const series = 1 + z * (1 / 3 + z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z * (1 / 19 + z * (1 / 21))))))))));
  return e * LN2_HI + (e * LN2_LO + 2 * s * series);
}

/**
 * a^b for a ≥ 0 (what the model needs), bit-identical in every JavaScript engine.
 *
 * @example
 * pow(2, 0.5); // 1.4142135623730951 (within an ulp)
 */
export function pow(a: number, b: number): number {
  if (b === 0) return 1;
  if (a !== a || b !== b) return NaN;
  if (a === 1) return 1;
  if (a === 0) return b > 0 ? 0 : Infinity;
  if (a < 0) return NaN;
  return exp(b * log(a));
}

/** sin r and cos r for |r| ≤ π/4 by Taylor series (error below 1e-17). */
function sinSmall(r: number): number {
  const z = r * r;
  return r * (1 - z * (1 / 6 - z * (1 / 120 - z * (1 / 5040 - z * (1 / 362880 - z * (1 / 39916800 - z * (1 / 6227020800 - z / 1307674368000)))))));
}
function cosSmall(r: number): number {
  const z = r * r;
  return 1 - z * (1 / 2 - z * (1 / 24 - z * (1 / 720 - z * (1 / 40320 - z * (1 / 3628800 - z * (1 / 479001600 - z * (1 / 87178291200 - z / 20922789888000)))))));
}

/**
 * Cosine, bit-identical in every JavaScript engine; accurate for |x| up to about 1e6.
 *
 * @example
 * cos(Math.PI); // -1
 */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_HI - k * PIO2_LO;
  const q = ((k % 4) + 4) % 4;
  return q === 0 ? cosSmall(r) : q === 1 ? -sinSmall(r) : q === 2 ? -cosSmall(r) : sinSmall(r);
}

/**
 * Logistic function 1 / (1 + e^−x), bit-identical in every JavaScript engine.
 *
 * @example
 * sigmoid(0); // 0.5
 */
export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}

// Bounds for `u < sigmoid(z)`: sigmoid at a grid of 1/16 steps on [−16, 16], computed once by `sigmoid`
// itself. The logistic rises, so for z in a grid cell the value lies between the cell's ends; away from
// the ends by a margin far wider than rounding, the comparison is decided without computing e^−z.
const GRID = 16;
const SPAN = 16;
const CELLS = 2 * SPAN * GRID;
const EDGE = new Float64Array(CELLS + 1);
for (let k = 0; k <= CELLS; k++) EDGE[k] = sigmoid(k / GRID - SPAN);
const MARGIN = 1e-12;

/**
 * The table behind {@link belowSigmoid}, for kernels that inline its fast path to keep calls out of their
 * loops: z lies in cell k = ⌊(z + span) · grid⌋ when 0 ≤ (z + span) · grid < cells, and then
 * `u < edge[k] − margin` means below, `u ≥ edge[k + 1] + margin` means not below; anything else is
 * decided by `belowSigmoid` itself. Internal: not exported from the package.
 */
export const SIGMOID_TABLE = { edge: EDGE, span: SPAN, grid: GRID, cells: CELLS, margin: MARGIN } as const;

/**
 * `u < sigmoid(z)` as 1 or 0, with the same answer as that comparison in every case, but most of the time
 * without an exponential: the answer is read off a table of bounds unless `u` falls within a bound's
 * margin. The answer comes as a number, computed without a branch on it, so a hot loop can count and
 * select with it: a branch on a random outcome is mispredicted half the time.
 *
 * @example
 * belowSigmoid(0.3, 0); // 1, as 0.3 < sigmoid(0) = 0.5
 */
export function belowSigmoid(u: number, z: number): number {
  const x = (z + SPAN) * GRID;
  if (x >= 0 && x < CELLS) {
    const k = x | 0;
    const below = +(u < EDGE[k] - MARGIN);
    const above = +(u >= EDGE[k + 1] + MARGIN);
    // Outside the cell's margins (all but about one draw in fifty) the table decides.
    if ((below | above) !== 0) return below;
  }
  return +(u < sigmoid(z));
}
