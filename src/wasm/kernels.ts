/*
 * The model's hot loops in WebAssembly (AssemblyScript). Each kernel is a line-by-line port of the
 * JavaScript kernel of the same name in src/model/phases.ts or src/model/reporters.ts, and gives the same
 * bits: the same IEEE operations in the same order, f32 columns read into f64 and rounded back on store,
 * selections by index or 0/1 arithmetic where the JavaScript has them. The tests run every scenario both
 * ways and compare byte for byte, so a change here without the same change there fails.
 *
 * Why WebAssembly: the kernels are bound by instructions at the K community's size, and here a typed
 * array access needs no bounds check or reload of the array's base, two residents go through one SIMD
 * instruction (f64x2: the same f64 arithmetic, two lanes), and the random stream's recurrence runs in
 * registers. Columns live in the model's WebAssembly memory (src/arena.ts); kernels get their byte offsets.
 *
 * Build: `npm run build:wasm` compiles this file into src/model/wasm-bytes.ts (a test checks it is current).
 */

// ---------------------------------------------------------------------------------------------------
// The random stream: seedrandom's Alea, continued exactly. JavaScript hands over the stream's state with
// setStream and takes it back with streamState; in between a kernel draws with the same recurrence,
//   t = 2091639·s0 + c·2^−32;  s0 = s1;  s1 = s2;  c = t | 0;  s2 = t − c,
// so the draws are the numbers seedrandom itself would have returned. The kernels run it in integers:
// each s is a whole multiple of 2^−32 (Alea's states are; setState checks any other), so with J = s·2^32,
//   N = 2091639·J0 + c;  J0 = J1;  J1 = J2;  c = N >> 32;  J2 = N & (2^32 − 1);  s2 = J2·2^−32,
// where N < 2^53: the floating-point t is exactly N·2^−32, its floor is N >> 32 and t − c is J2·2^−32,
// so the bits are the same. The chain from one draw to the next is then an add and a shift (the
// multiplication takes J0, three draws old), where in floating point it was a multiplication, an
// addition and a floor: the needs kernel takes 0.85–0.92 of its time.

/** A word of the stream's state as a whole number (exact: the words are whole multiples of 2^−32). */
@inline function wordOf(s: f64): i64 {
  return <i64>(s * 4294967296.0);
}
/** A word as the stream's number in [0, 1) (exact). */
@inline function unit(j: i64): f64 {
  return <f64>j * 2.3283064365386963e-10;
}

let gs0: f64 = 0;
let gs1: f64 = 0;
let gs2: f64 = 0;
let gc: f64 = 0;

export function setStream(s0: f64, s1: f64, s2: f64, c: f64): void {
  keepStream(s0, s1, s2, c);
}

/** A kernel's draws done: the stream's state goes back where JavaScript takes it from. */
@inline function keepStream(s0: f64, s1: f64, s2: f64, c: f64): void {
  gs0 = s0;
  gs1 = s1;
  gs2 = s2;
  gc = c;
}

/** Writes the stream's state (s0, s1, s2, c) to four f64 at `out`. */
export function streamState(out: usize): void {
  store<f64>(out, gs0);
  store<f64>(out, gs1, 8);
  store<f64>(out, gs2, 16);
  store<f64>(out, gc, 24);
}

/** `n` draws of the stream to f64 at `out` (for tests of the recurrence). */
export function draws(n: i32, out: usize): void {
  let J0 = wordOf(gs0);
  let J1 = wordOf(gs1);
  let J2 = wordOf(gs2);
  let C = <i64>gc;
  let s2: f64 = 0;
  for (let i = 0; i < n; i++) {
    const t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    store<f64>(out + (<usize>i << 3), s2);
  }
  keepStream(unit(J0), unit(J1), unit(J2), <f64>C);
}

// ---------------------------------------------------------------------------------------------------
// Column access: `p` is a column's byte offset, `i` a row.

@inline function f32at(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}
@inline function setF32(p: usize, i: i32, v: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>v);
}
@inline function u8at(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + <usize>i);
}
@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
/** Math.min(1, x) exactly (NaN stays NaN), as a compare and a select: wasm's f64.min is a longer sequence. */
@inline function atMost1(x: f64): f64 {
  return x > 1 ? 1 : x;
}
@inline function clamp01(x: f64): f64 {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

// Two residents at once: two f32 read into an f64x2, and rounded back.
@inline function ld2(p: usize, i: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}
@inline function st2(p: usize, i: i32, v: v128): void {
  v128.store64_lane(p + (<usize>i << 2), f32x4.demote_f64x2_zero(v), 0);
}
/** clamp01 on both lanes, with its exact semantics (NaN and −0 pass through, as x < 0 and x > 1 are false). */
@inline function clamp2(x: v128): v128 {
  return f64x2.pmin(f64x2.pmax(x, f64x2.splat(0)), f64x2.splat(1));
}
/** The table entry K[base + part] for each lane, the parts given as byte offsets of the two lanes' entries. */
@inline function pick2(K: usize, base: i32, o0: usize, o1: usize): v128 {
  const k = K + (<usize>base << 3);
  return f64x2.replace_lane(f64x2.splat(load<f64>(k + o0)), 1, load<f64>(k + o1));
}
/**
 * Two u8 at p + i, byte k repeated over lane k's 8 bytes: `i8x16.eq` with a splat then gives lane masks
 * (all ones or zeros, 64 bits) in one vector step each, instead of building them from scalars.
 */
@inline function bytes2(p: usize, i: i32): v128 {
  const w = v128.load16_splat(p + <usize>i);
  return i8x16.shuffle(w, w, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
}

/**
 * Two residents' need in domain k (the column at p, rows i and i + 1): min(1, min(1, need + add) + the
 * shock's bump if it hit domain k), rounded to f32, stored, and returned as f64. The bump is chosen per
 * lane by a mask on its bits: `domains` holds each lane's shocked domain (i64), `bumps` each lane's bump.
 */
@inline function need2(p: usize, i: i32, add: v128, domains: v128, bumps: v128, k: i64, ONE: v128): v128 {
  const bump = v128.and(i64x2.eq(domains, i64x2.splat(k)), bumps);
  const y = f32x4.demote_f64x2_zero(f64x2.pmin(f64x2.add(f64x2.pmin(f64x2.add(ld2(p, i), add), ONE), bump), ONE));
  v128.store64_lane(p + (<usize>i << 2), y, 0);
  return f64x2.promote_low_f32x4(y);
}

// ---------------------------------------------------------------------------------------------------
// Phase 1, needs (needsKernel). tab: the 8 f64 of needTable, then the number of domains, the arrival
// rate, 0.7 and 0.8 of it, and twice the shock. They are read from memory in the loop, not held in
// registers: the loop has more live values than registers, and V8 would spill the random stream's
// state instead, which lengthens its chain. out: the five domain sums, then leavers.

/** A grid's need and size tallies, kept in registers while its rows last, back to memory. */
@inline function putGrid(gridNeed: usize, gridSize: usize, g: i32, need: f64, size: i32): void {
  store<f64>(gridNeed + (<usize>g << 3), need);
  store<i32>(gridSize + (<usize>g << 2), size);
}

export function needs(n: i32, tab: usize, group: usize, tenure: usize, renter: usize, grid: usize, n0: usize, n1: usize, n2: usize, n3: usize, n4: usize, gridNeed: usize, gridSize: usize, leavers: usize, out: usize, lanes: usize): void {
  let S0: f64 = 0;
  let S1: f64 = 0;
  let S2: f64 = 0;
  let S3: f64 = 0;
  let S4: f64 = 0;
  let left: i32 = 0;
  let cur: i32 = -1;
  let gNeed: f64 = 0;
  let gSize: i32 = 0;
  let J0 = wordOf(gs0);
  let J1 = wordOf(gs1);
  let J2 = wordOf(gs2);
  let C = <i64>gc;
  let s2: f64 = 0;
  // Residents two at a time: their four draws in the order the residents make them (the first's domain
  // and leave draws, then the second's), the five needs in f64x2 lanes (the same operations as one
  // resident's), then each resident in turn for the sums, its grid and leaving (tenure for both at once).
  // An odd last resident goes through the loop after this one.
  const ONE = f64x2.splat(1);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    const sa = s2 * load<f64>(tab, 64);
    t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    store<f64>(lanes, s2, 16);
    t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    const sb = s2 * load<f64>(tab, 64);
    t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    store<f64>(lanes, s2, 24);
    const da = floor(sa);
    const db = floor(sb);
    // The shocked domains as integers (exact: 0 to 4) and the bumps, one lane each.
    const domains = i64x2.replace_lane(i64x2.splat(<i64>da), 1, <i64>db);
    const bumps = f64x2.replace_lane(f64x2.splat(load<f64>(tab, 96) * (sa - da)), 1, load<f64>(tab, 96) * (sb - db));
    const ga = <usize>load<u8>(group + <usize>i);
    const gb = <usize>load<u8>(group + <usize>i + 1);
    const y0 = need2(n0, i, f64x2.replace_lane(f64x2.splat(load<f64>(tab + (ga << 3))), 1, load<f64>(tab + (gb << 3))), domains, bumps, 0, ONE);
    const y1 = need2(n1, i, f64x2.replace_lane(f64x2.splat(load<f64>(tab + ((3 + ga) << 3))), 1, load<f64>(tab + ((3 + gb) << 3))), domains, bumps, 1, ONE);
    const y2 = need2(n2, i, f64x2.splat(load<f64>(tab, 72)), domains, bumps, 2, ONE);
    const y3 = need2(n3, i, f64x2.splat(load<f64>(tab, 80)), domains, bumps, 3, ONE);
    const y4 = need2(n4, i, f64x2.splat(load<f64>(tab, 88)), domains, bumps, 4, ONE);
    S0 = S0 + f64x2.extract_lane(y0, 0) + f64x2.extract_lane(y0, 1);
    S1 = S1 + f64x2.extract_lane(y1, 0) + f64x2.extract_lane(y1, 1);
    S2 = S2 + f64x2.extract_lane(y2, 0) + f64x2.extract_lane(y2, 1);
    S3 = S3 + f64x2.extract_lane(y3, 0) + f64x2.extract_lane(y3, 1);
    S4 = S4 + f64x2.extract_lane(y4, 0) + f64x2.extract_lane(y4, 1);
    const total = f64x2.add(f64x2.add(f64x2.add(f64x2.add(y0, y1), y2), y3), y4);
    // Each resident in turn for its grid's tallies (in row order): both in the grid of the last row, the
    // common case, or one at a time.
    const gw = load<u32>(grid + (<usize>i << 1));
    const ga2 = <i32>(gw & 0xffff);
    const gb2 = <i32>(gw >> 16);
    if ((ga2 == cur) & (gb2 == cur)) {
      gNeed += f64x2.extract_lane(total, 0);
      gNeed += f64x2.extract_lane(total, 1);
      gSize += 2;
    } else {
      v128.store(lanes, total);
      for (let l = 0; l < 2; l++) {
        const g2 = l == 0 ? ga2 : gb2;
        if (g2 != cur) {
          if (cur >= 0) putGrid(gridNeed, gridSize, cur, gNeed, gSize);
          cur = g2;
          gNeed = load<f64>(gridNeed + (<usize>cur << 3));
          gSize = load<i32>(gridSize + (<usize>cur << 2));
        }
        gNeed += load<f64>(lanes + (<usize>l << 3));
        gSize++;
      }
    }
    // Tenure, both at once: +1, saturating at 65,535.
    const tp = tenure + (<usize>i << 1);
    v128.store32_lane(tp, i16x8.add_sat_u(v128.load32_zero(tp), i16x8.splat(1)), 0);
    // Each row goes on the list either way; it counts only if the resident leaves.
    const rw = <usize>load<u16>(renter + <usize>i);
    store<i32>(leavers + (<usize>left << 2), i);
    left += <i32>(load<f64>(lanes, 16) < load<f64>(tab + ((6 + (rw & 0xff)) << 3)));
    store<i32>(leavers + (<usize>left << 2), i + 1);
    left += <i32>(load<f64>(lanes, 24) < load<f64>(tab + ((6 + (rw >> 8)) << 3)));
  }
  for (; i < n; i++) {
    const g = <usize>load<u8>(group + <usize>i);
    let t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    const s = s2 * load<f64>(tab, 64);
    // The domain d = ⌊s⌋ and the bump: the shocked domain adds the bump, the others + 0, as the
    // JavaScript's bump · (d == k) does (bump is finite and not negative). The choice is a mask on the
    // bits, not a select: the engine compiles a select of floats to a branch, and d is random.
    const d = floor(s);
    const bump = load<f64>(tab, 96) * (s - d);
    const bits = reinterpret<i64>(bump);
    const y0 = <f32>atMost1(atMost1(f32at(n0, i) + load<f64>(tab + (g << 3))) + reinterpret<f64>(bits & -(<i64>(d == 0))));
    const y1 = <f32>atMost1(atMost1(f32at(n1, i) + load<f64>(tab + ((3 + g) << 3))) + reinterpret<f64>(bits & -(<i64>(d == 1))));
    const y2 = <f32>atMost1(atMost1(f32at(n2, i) + load<f64>(tab, 72)) + reinterpret<f64>(bits & -(<i64>(d == 2))));
    const y3 = <f32>atMost1(atMost1(f32at(n3, i) + load<f64>(tab, 80)) + reinterpret<f64>(bits & -(<i64>(d == 3))));
    const y4 = <f32>atMost1(atMost1(f32at(n4, i) + load<f64>(tab, 88)) + reinterpret<f64>(bits & -(<i64>(d == 4))));
    const o = <usize>i << 2;
    store<f32>(n0 + o, y0);
    store<f32>(n1 + o, y1);
    store<f32>(n2 + o, y2);
    store<f32>(n3 + o, y3);
    store<f32>(n4 + o, y4);
    S0 += <f64>y0;
    S1 += <f64>y1;
    S2 += <f64>y2;
    S3 += <f64>y3;
    S4 += <f64>y4;
    // The grid's sums run in registers while the grid stays the same (rows come grid by grid), in the
    // same order of additions as the JavaScript's gridNeed[g] += ….
    const g2 = <i32>load<u16>(grid + (<usize>i << 1));
    if (g2 != cur) {
      if (cur >= 0) putGrid(gridNeed, gridSize, cur, gNeed, gSize);
      cur = g2;
      gNeed = load<f64>(gridNeed + (<usize>cur << 3));
      gSize = load<i32>(gridSize + (<usize>cur << 2));
    }
    gNeed += <f64>y0 + <f64>y1 + <f64>y2 + <f64>y3 + <f64>y4;
    gSize++;
    const tp = tenure + (<usize>i << 1);
    const tv = load<u16>(tp);
    store<u16>(tp, tv + <u16>(tv < 65535));
    t = 2091639 * J0 + C;
    J0 = J1;
    J1 = J2;
    C = t >>> 32;
    J2 = t & 0xffffffff;
    s2 = unit(J2);
    // The row goes on the list either way; it counts only if the resident leaves.
    store<i32>(leavers + (<usize>left << 2), i);
    left += <i32>(s2 < load<f64>(tab + ((6 + <usize>load<u8>(renter + <usize>i)) << 3)));
  }
  if (cur >= 0) putGrid(gridNeed, gridSize, cur, gNeed, gSize);
  keepStream(unit(J0), unit(J1), unit(J2), <f64>C);
  store<f64>(out, S0);
  store<f64>(out, S1, 8);
  store<f64>(out, S2, 16);
  store<f64>(out, S3, 24);
  store<f64>(out, S4, 32);
  store<f64>(out, <f64>left, 40);
}

/**
 * The needs' sums continued over a block of rows another thread ran: the five domain sums in out and the
 * grids' tallies, added in row order from the needs it stored, as one pass over all rows adds them.
 */
export function needsTail(n: i32, grid: usize, n0: usize, n1: usize, n2: usize, n3: usize, n4: usize, gridNeed: usize, gridSize: usize, out: usize): void {
  let S0 = load<f64>(out);
  let S1 = load<f64>(out, 8);
  let S2 = load<f64>(out, 16);
  let S3 = load<f64>(out, 24);
  let S4 = load<f64>(out, 32);
  let cur: i32 = -1;
  let gNeed: f64 = 0;
  let gSize: i32 = 0;
  for (let i = 0; i < n; i++) {
    const y0 = f32at(n0, i);
    const y1 = f32at(n1, i);
    const y2 = f32at(n2, i);
    const y3 = f32at(n3, i);
    const y4 = f32at(n4, i);
    S0 += y0;
    S1 += y1;
    S2 += y2;
    S3 += y3;
    S4 += y4;
    const g = <i32>load<u16>(grid + (<usize>i << 1));
    if (g != cur) {
      if (cur >= 0) putGrid(gridNeed, gridSize, cur, gNeed, gSize);
      cur = g;
      gNeed = load<f64>(gridNeed + (<usize>cur << 3));
      gSize = load<i32>(gridSize + (<usize>cur << 2));
    }
    gNeed += y0 + y1 + y2 + y3 + y4;
    gSize++;
  }
  if (cur >= 0) putGrid(gridNeed, gridSize, cur, gNeed, gSize);
  store<f64>(out, S0);
  store<f64>(out, S1, 8);
  store<f64>(out, S2, 16);
  store<f64>(out, S3, 24);
  store<f64>(out, S4, 32);
}

// ---------------------------------------------------------------------------------------------------
// Phase 2, design (sum5).

export function sum5(n: i32, c0: usize, c1: usize, c2: usize, c3: usize, c4: usize, out: usize): void {
  // Columns 0 and 1, 2 and 3 as the two lanes of one sum each, rows two at a time (see rowsOf2).
  let t01 = f64x2.splat(0);
  let t23 = f64x2.splat(0);
  let t4: f64 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = rowsOf2(c0, c1, i);
    const b = rowsOf2(c2, c3, i);
    t01 = sum2(t01, a);
    t23 = sum2(t23, b);
    t4 += f32at(c4, i);
    t4 += f32at(c4, i + 1);
  }
  let t0 = f64x2.extract_lane(t01, 0);
  let t1 = f64x2.extract_lane(t01, 1);
  let t2 = f64x2.extract_lane(t23, 0);
  let t3 = f64x2.extract_lane(t23, 1);
  for (; i < n; i++) {
    t0 += f32at(c0, i);
    t1 += f32at(c1, i);
    t2 += f32at(c2, i);
    t3 += f32at(c3, i);
    t4 += f32at(c4, i);
  }
  store<f64>(out, t0);
  store<f64>(out, t1, 8);
  store<f64>(out, t2, 16);
  store<f64>(out, t3, 24);
  store<f64>(out, t4, 32);
}

/**
 * Rows i and i + 1 of two f32 columns p and q, as f32 lanes (p[i], q[i], p[i + 1], q[i + 1]). A sum per
 * column in each f64 lane then adds row i's pair, then row i + 1's: each column's sum keeps the row order
 * of the scalar loop, and so its bits.
 */
@inline function rowsOf2(p: usize, q: usize, i: i32): v128 {
  return v128.shuffle<i32>(v128.load64_zero(p + (<usize>i << 2)), v128.load64_zero(q + (<usize>i << 2)), 0, 4, 1, 5);
}
/** The high 64 bits of `a` in its low half (row i + 1's pair of rowsOf2, ready for promote_low). */
@inline function high2(a: v128): v128 {
  return v128.shuffle<i64>(a, a, 1, 0);
}
/** Two columns' sums (one per lane) plus rows i, then i + 1, of rowsOf2's `p`. */
@inline function sum2(sums: v128, p: v128): v128 {
  return f64x2.add(f64x2.add(sums, f64x2.promote_low_f32x4(p)), f64x2.promote_low_f32x4(high2(p)));
}
/** Two columns' sums of squares plus rows i, then i + 1, of rowsOf2's `p`. */
@inline function squares2(sums: v128, p: v128): v128 {
  const x0 = f64x2.promote_low_f32x4(p);
  const x1 = f64x2.promote_low_f32x4(high2(p));
  return f64x2.add(f64x2.add(sums, f64x2.mul(x0, x0)), f64x2.mul(x1, x1));
}

// ---------------------------------------------------------------------------------------------------
// e^x and the logistic, as src/math.ts computes them (the same operations, so the same bits). `expTable`
// holds math.ts's 32 values of 2^(j/32).

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700;
const N_INV_LN2: f64 = 32 * INV_LN2;
const LN2_HI_N: f64 = LN2_HI / 32;
const LN2_LO_N: f64 = LN2_LO / 32;

/** 2^k for integer k in [−1023, 1023], from its bits. */
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52);
}
/** JavaScript's Math.round: the nearest integer, halves up. */
@inline function jsRound(x: f64): f64 {
  const r = floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}
function scale(x: f64, k: i32): f64 {
  if (k > 1023) return x * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return x * pow2(-1022) * pow2(max<i32>(-1022, k + 1022));
  return x * pow2(k);
}
function expSeries(x: f64): f64 {
  if (x != x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = jsRound(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  const p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800 + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r / 6227020800))))))))))));
  return scale(p, <i32>k);
}
function exp(x: f64, expTable: usize): f64 {
  if (!(x > -700 && x < 700)) return expSeries(x);
  const kf = jsRound(x * N_INV_LN2);
  const k = <i32>kf;
  const j = k & 31;
  const e = (kf - <f64>j) / 32;
  const r = x - kf * LN2_HI_N - kf * LN2_LO_N;
  const p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r / 720)))));
  return pow2(<i32>e) * (load<f64>(expTable + (<usize>j << 3)) * p);
}
/** 1 / (1 + e^−x), as math.ts's sigmoid. */
export function sigmoid(x: f64, expTable: usize): f64 {
  return 1 / (1 + exp(-x, expTable));
}

// ---------------------------------------------------------------------------------------------------
// Phase 3, commitment (commitmentKernel), in one pass: the JavaScript needs three (the rows within the
// sigmoid table's margin are decided between two call-free loops); here the exact logistic is inline.
//
// par (f64): w0 wNeed wTrust wNorm wBel wEff wSpirit teamBoost a0 a1 a2 a3 a4 span grid cells margin
//            ccSlope bConst bOthers bOwn formalWeight, then (i32) cells − 1
// tab (f64): commitTable (5: cost by group ×2, voice without and with a team). edge: the sigmoid table.
// give: GIVE_CC, GIVE_HUMP, GIVE_UNC (4 f64 each). out (f64): participants substantive formal hours
// trustInEnterprises. lanes: a 144-byte record per pair of a chunk (a pair's values, handed from the SIMD
// passes to each resident's); partial: 8 bytes per resident of a chunk.

/** The bytes of a pair's record in the commitment kernel's `lanes` (exported: JavaScript sizes `lanes` by it). */
export const COMMIT_RECORD: usize = 144;
/** Where the pair holding row r starts: r, or for the last row of an odd count the row before it. */
@inline function pairStart(r: i32, n: i32): i32 {
  return r + 1 < n ? r : max<i32>(0, n - 2);
}

export function commit(n: i32, par: usize, tab: usize, edge: usize, expTable: usize, give: usize, leader: usize, need0: usize, need1: usize, need2: usize, need3: usize, need4: usize, tOff: usize, tPar: usize, tEnt: usize, tSoc: usize, norm: usize, belonging: usize, efficacy: usize, spirit: usize, mobilised: usize, group: usize, building: usize, time: usize, ctype: usize, belief: usize, seen: usize, part: usize, contribution: usize, activity: usize, out: usize, lanes: usize, partial: usize, chunk: i32, terms: usize): void {
  const w0 = load<f64>(par);
  const wNeed = load<f64>(par, 8);
  const wTrust = load<f64>(par, 16);
  const wNorm = load<f64>(par, 24);
  const wBel = load<f64>(par, 32);
  const wEff = load<f64>(par, 40);
  const wSpirit = load<f64>(par, 48);
  const teamBoost = load<f64>(par, 56);
  const a0 = load<f64>(par, 64);
  const a1 = load<f64>(par, 72);
  const a2 = load<f64>(par, 80);
  const a3 = load<f64>(par, 88);
  const a4 = load<f64>(par, 96);
  const span = load<f64>(par, 104);
  const grid = load<f64>(par, 112);
  const margin = load<f64>(par, 128);
  const ccSlope = load<f64>(par, 136);
  const bConst = load<f64>(par, 144);
  const bOthers = load<f64>(par, 152);
  const bOwn = load<f64>(par, 160);
  const formalWeight = load<f64>(par, 168);
  let participants: f64 = 0;
  let substantive: f64 = 0;
  let formal: f64 = 0;
  let hours: f64 = 0;
  let trustInEnterprises: f64 = 0;
  let J0 = wordOf(gs0);
  let J1 = wordOf(gs1);
  let J2 = wordOf(gs2);
  let C = <i64>gc;
  let s2: f64 = 0;
  // Chunk by chunk (`chunk` residents, an even number), in three passes:
  // 1. pairs of residents: the need and trust terms of the utility, from nine columns, in f64x2 lanes (the
  //    same operations in the same order as one resident's), to `partial`;
  // 2. pairs again: the rest of the utility, the sigmoid table's cells, what each would give and the
  //    belief's update, to a record per pair in `lanes`;
  // 3. pairs again: the draws (in row order), the decisions in lanes, the sums in row order.
  // The first pass is its own (as in the JavaScript) because a turn over fewer columns keeps fewer values
  // live: V8 loads every column at the top of a turn and spills what does not fit in registers.
  // A pair starts at pairStart: the last resident of an odd count is lane 1 of the pair before it (lane 0
  // of a lone resident), so no lane reads past the rows.
  for (let c0 = 0; c0 < n; c0 += chunk) {
    const c1 = min<i32>(n, c0 + chunk);
    for (let r = c0; r < c1; r += 2) {
      const b = pairStart(r, n);
      const rel = f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f64x2.splat(a0), ld2(need0, b)), f64x2.mul(f64x2.splat(a1), ld2(need1, b))), f64x2.mul(f64x2.splat(a2), ld2(need2, b))), f64x2.mul(f64x2.splat(a3), ld2(need3, b))), f64x2.mul(f64x2.splat(a4), ld2(need4, b)));
      const trust = f64x2.mul(f64x2.splat(0.25), f64x2.add(f64x2.add(f64x2.add(ld2(tOff, b), ld2(tPar, b)), ld2(tEnt, b)), ld2(tSoc, b)));
      const pre = f64x2.add(f64x2.add(f64x2.splat(w0), f64x2.mul(f64x2.splat(wNeed), rel)), f64x2.mul(f64x2.splat(wTrust), trust));
      v128.store(partial + (<usize>(r - c0) << 3), pre);
    }
    for (let r = c0; r < c1; r += 2) {
      const b = pairStart(r, n);
      const rec = lanes + <usize>((r - c0) >> 1) * COMMIT_RECORD;
      const te = ld2(tEnt, b);
      const pre = v128.load(partial + (<usize>(r - c0) << 3));
      const t0 = (<u32>i32at(leader, i32at(building, b)) >> 31) ^ 1;
      const t1 = (<u32>i32at(leader, i32at(building, b + 1)) >> 31) ^ 1;
      const cost = f64x2.replace_lane(f64x2.splat(load<f64>(tab + (<usize>load<u8>(group + <usize>b) << 3))), 1, load<f64>(tab + (<usize>load<u8>(group + <usize>b + 1) << 3)));
      const team = f64x2.replace_lane(f64x2.splat(<f64>t0), 1, <f64>t1);
      const sp = ld2(spirit, b);
      const intrinsic = f64x2.add(f64x2.sub(f64x2.add(f64x2.add(f64x2.add(f64x2.add(pre, f64x2.mul(f64x2.splat(wNorm), ld2(norm, b))), f64x2.mul(f64x2.splat(wBel), ld2(belonging, b))), f64x2.mul(f64x2.splat(wEff), ld2(efficacy, b))), f64x2.mul(f64x2.splat(wSpirit), sp)), cost), f64x2.mul(team, f64x2.splat(teamBoost)));
      const z = f64x2.add(intrinsic, ld2(mobilised, b));
      v128.store(rec, intrinsic);
      v128.store(rec, z, 16);
      // The sigmoid table's cells for z and the intrinsic utility, and whether both lie inside the table.
      const xc = f64x2.mul(f64x2.add(z, f64x2.splat(span)), f64x2.splat(grid));
      const xo = f64x2.mul(f64x2.add(intrinsic, f64x2.splat(span)), f64x2.splat(grid));
      const cellsF = f64x2.splat(load<f64>(par, 120));
      const zero = f64x2.splat(0);
      v128.store(rec, v128.and(v128.and(f64x2.ge(xc, zero), f64x2.lt(xc, cellsF)), v128.and(f64x2.ge(xo, zero), f64x2.lt(xo, cellsF))), 32);
      const lastCell = i32x4.splat(load<i32>(par, 176));
      const noCell = i32x4.splat(0);
      v128.store64_lane(rec + 48, i32x4.max_s(noCell, i32x4.min_s(lastCell, i32x4.trunc_sat_f64x2_s_zero(xc))), 0);
      v128.store64_lane(rec + 56, i32x4.max_s(noCell, i32x4.min_s(lastCell, i32x4.trunc_sat_f64x2_s_zero(xo))), 0);
      v128.store(rec, te, 64);
      store<i32>(rec, t0, 96);
      store<i32>(rec, t1, 100);
      // What each would give (gv), and the belief's update, also two at a time (belief is read before it is
      // written, as in the scalar code).
      const bl = ld2(belief, b);
      const one = f64x2.splat(1);
      const low = f64x2.le(bl, f64x2.sub(one, bl));
      const hump = f64x2.add(f64x2.mul(bl, v128.and(low, one)), f64x2.mul(f64x2.sub(one, bl), v128.andnot(one, low)));
      const ty0 = give + (<usize>load<u8>(ctype + <usize>b) << 3);
      const ty1 = give + (<usize>load<u8>(ctype + <usize>b + 1) << 3);
      const g0 = f64x2.replace_lane(f64x2.splat(load<f64>(ty0)), 1, load<f64>(ty1));
      const g1 = f64x2.replace_lane(f64x2.splat(load<f64>(ty0, 32)), 1, load<f64>(ty1, 32));
      const g2 = f64x2.replace_lane(f64x2.splat(load<f64>(ty0, 64)), 1, load<f64>(ty1, 64));
      v128.store(rec, f64x2.add(f64x2.add(f64x2.mul(g0, f64x2.mul(f64x2.splat(ccSlope), bl)), f64x2.mul(g1, hump)), f64x2.mul(g2, sp)), 112);
      v128.store(rec, clamp2(f64x2.add(f64x2.add(f64x2.splat(bConst), f64x2.mul(f64x2.splat(bOthers), ld2(seen, b))), f64x2.mul(f64x2.splat(bOwn), bl))), 128);
    }
    // Pass 3, in pairs as the records are; the last resident of an odd count alone (lane l of its record).
    for (let r = c0; r < c1; r += 2) {
      const rec = lanes + <usize>((r - c0) >> 1) * COMMIT_RECORD;
      if (r + 1 < n) {
        // Both residents' draws in row order (the first's two, then the second's), then their decisions
        // in f64x2 lanes: the same operations as one resident's, the 0/1 outcomes as lane masks. The
        // sums take the first resident, then the second.
        let t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u1a = s2;
        t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u2a = s2;
        t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u1b = s2;
        t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u2b = s2;
        const U1 = f64x2.replace_lane(f64x2.splat(u1a), 1, u1b);
        // Comes at all, and would have come unmobilised: u1 < sigmoid(·), read off the table when u1 is
        // clear of the cell's margins (and both cells are inside it), else computed, lane by lane.
        const kca = load<i32>(rec, 48);
        const kcb = load<i32>(rec, 52);
        const koa = load<i32>(rec, 56);
        const kob = load<i32>(rec, 60);
        const MARGIN = f64x2.splat(margin);
        let comes = f64x2.lt(U1, f64x2.sub(f64x2.replace_lane(f64x2.splat(f64at(edge, kca)), 1, f64at(edge, kcb)), MARGIN));
        let own = f64x2.lt(U1, f64x2.sub(f64x2.replace_lane(f64x2.splat(f64at(edge, koa)), 1, f64at(edge, kob)), MARGIN));
        const clearC = f64x2.ge(U1, f64x2.add(f64x2.replace_lane(f64x2.splat(f64at(edge, kca + 1)), 1, f64at(edge, kcb + 1)), MARGIN));
        const clearO = f64x2.ge(U1, f64x2.add(f64x2.replace_lane(f64x2.splat(f64at(edge, koa + 1)), 1, f64at(edge, kob + 1)), MARGIN));
        const sure = v128.and(v128.and(v128.load(rec, 32), v128.or(comes, clearC)), v128.or(own, clearO));
        if (!i64x2.all_true(sure)) {
          if (i64x2.extract_lane(sure, 0) == 0) {
            comes = i64x2.replace_lane(comes, 0, -(<i64>(u1a < sigmoid(load<f64>(rec, 16), expTable))));
            own = i64x2.replace_lane(own, 0, -(<i64>(u1a < sigmoid(load<f64>(rec), expTable))));
          }
          if (i64x2.extract_lane(sure, 1) == 0) {
            comes = i64x2.replace_lane(comes, 1, -(<i64>(u1b < sigmoid(load<f64>(rec, 24), expTable))));
            own = i64x2.replace_lane(own, 1, -(<i64>(u1b < sigmoid(load<f64>(rec, 8), expTable))));
          }
        }
        const voiceAt = f64x2.replace_lane(f64x2.splat(load<f64>(tab + ((3 + <usize>load<i32>(rec, 96)) << 3))), 1, load<f64>(tab + ((3 + <usize>load<i32>(rec, 100)) << 3)));
        const voice = f64x2.lt(f64x2.replace_lane(f64x2.splat(u2a), 1, u2b), voiceAt);
        // What each gives (commitmentKernel's last pass).
        trustInEnterprises += load<f64>(rec, 64);
        trustInEnterprises += load<f64>(rec, 72);
        const gv = v128.load(rec, 112);
        const sub = v128.and(v128.and(v128.and(comes, own), voice), f64x2.gt(gv, f64x2.splat(0.05)));
        const form = v128.andnot(comes, sub);
        const ONE = f64x2.splat(1);
        const whole = f64x2.pmin(gv, ONE);
        const small = f64x2.lt(whole, f64x2.splat(0.1));
        const subF = v128.and(sub, ONE);
        const formF = v128.and(form, ONE);
        const comesF = v128.and(comes, ONE);
        const share = f64x2.add(f64x2.mul(whole, subF), f64x2.mul(f64x2.add(f64x2.mul(f64x2.splat(0.1), v128.and(small, ONE)), f64x2.mul(whole, v128.andnot(ONE, small))), formF));
        const h = f64x2.mul(f64x2.mul(share, ld2(time, r)), f64x2.add(subF, f64x2.mul(f64x2.splat(formalWeight), formF)));
        hours += f64x2.extract_lane(h, 0);
        hours += f64x2.extract_lane(h, 1);
        if (terms != 0) v128.store(terms + (<usize>r << 3), h);
        substantive += f64x2.extract_lane(subF, 0);
        substantive += f64x2.extract_lane(subF, 1);
        formal += f64x2.extract_lane(formF, 0);
        formal += f64x2.extract_lane(formF, 1);
        participants += f64x2.extract_lane(comesF, 0);
        participants += f64x2.extract_lane(comesF, 1);
        // NONE 0, FORMAL 1, SUBSTANTIVE 2, one byte each: from the masks' bits.
        const pa = (<i32>i64x2.extract_lane(sub, 0) & 2) | (<i32>i64x2.extract_lane(form, 0) & 1);
        const pb = (<i32>i64x2.extract_lane(sub, 1) & 2) | (<i32>i64x2.extract_lane(form, 1) & 1);
        store<u16>(part + <usize>r, <u16>(pa | (pb << 8)));
        st2(contribution, r, share);
        st2(activity, r, f64x2.add(f64x2.mul(f64x2.splat(0.9), ld2(activity, r)), f64x2.mul(f64x2.splat(0.1), comesF)));
        st2(belief, r, v128.load(rec, 128));
      } else {
        const j = r;
        const l = j - pairStart(j, n);
        const q = rec + (<usize>l << 3);
        const inTeam = load<i32>(rec + (<usize>l << 2), 96);
        let t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u1 = s2;
        t = 2091639 * J0 + C;
        J0 = J1;
        J1 = J2;
        C = t >>> 32;
        J2 = t & 0xffffffff;
        s2 = unit(J2);
        const u2 = s2;
        // Comes at all, and would have come unmobilised: u1 < sigmoid(·), read off the table when u1 is
        // clear of the cell's margins, else computed.
        const inside = <i32>(load<i64>(q, 32) != 0);
        const kc = load<i32>(rec + (<usize>l << 2), 48);
        const ko = load<i32>(rec + (<usize>l << 2), 56);
        let comes = <i32>(u1 < f64at(edge, kc) - margin);
        let own = <i32>(u1 < f64at(edge, ko) - margin);
        const sure = inside & (comes | <i32>(u1 >= f64at(edge, kc + 1) + margin)) & (own | <i32>(u1 >= f64at(edge, ko + 1) + margin));
        if (sure == 0) {
          comes = <i32>(u1 < sigmoid(load<f64>(q, 16), expTable));
          own = <i32>(u1 < sigmoid(load<f64>(q), expTable));
        }
        const voice = <i32>(u2 < load<f64>(tab + ((3 + <usize>inTeam) << 3)));
        // What each gives (commitmentKernel's last pass).
        trustInEnterprises += load<f64>(q, 64);
        const gv = load<f64>(q, 112);
        const sub = comes & own & voice & <i32>(gv > 0.05);
        const form = comes & (sub ^ 1);
        const whole = atMost1(gv);
        const small = <i32>(whole < 0.1);
        const share = whole * <f64>sub + (0.1 * <f64>small + whole * <f64>(small ^ 1)) * <f64>form;
        const term = share * f32at(time, j) * (<f64>sub + formalWeight * <f64>form);
        hours += term;
        if (terms != 0) store<f64>(terms + (<usize>j << 3), term);
        substantive += <f64>sub;
        formal += <f64>form;
        participants += <f64>comes;
        store<u8>(part + <usize>j, <u8>((sub << 1) | form));
        setF32(contribution, j, share);
        setF32(activity, j, 0.9 * f32at(activity, j) + 0.1 * <f64>comes);
        setF32(belief, j, load<f64>(q, 128));
      }
    }
  }
  keepStream(unit(J0), unit(J1), unit(J2), <f64>C);
  store<f64>(out, participants);
  store<f64>(out, substantive, 8);
  store<f64>(out, formal, 16);
  store<f64>(out, hours, 24);
  store<f64>(out, trustInEnterprises, 32);
}

/**
 * The commitment's sums continued over a block of rows another thread ran (with `terms`): its hours terms
 * and its trust in enterprises added to out's in row order, as one pass over all rows adds them.
 */
export function commitTail(n: i32, terms: usize, tEnt: usize, out: usize): void {
  let hours = load<f64>(out, 24);
  let trustInEnterprises = load<f64>(out, 32);
  for (let i = 0; i < n; i++) {
    hours += load<f64>(terms + (<usize>i << 3));
    trustInEnterprises += f32at(tEnt, i);
  }
  store<f64>(out, hours, 24);
  store<f64>(out, trustInEnterprises, 32);
}

// ---------------------------------------------------------------------------------------------------
// Phase 3, the party's mobilisation (mobiliseKernel). rows: an i32 per resident of scratch. out (f64):
// hours used, residents newly reached, members.

export function mobilise(n: i32, member: usize, rows: usize, startAt: i32, perMember: f64, mobilisation: f64, boost: f64, contact: f64, mobilised: usize, start: usize, end: usize, tgt: usize, out: usize): void {
  // The members' rows, ascending: sixteen non-members skipped at a time; each row goes on the list either
  // way, and counts only if a member.
  let members: i32 = 0;
  let i: i32 = 0;
  for (; i + 16 <= n; i += 16) {
    if (!v128.any_true(v128.load(member + <usize>i))) continue;
    for (let l = i; l < i + 16; l++) {
      store<i32>(rows + (<usize>members << 2), l);
      members += <i32>(load<u8>(member + <usize>l) != 0);
    }
  }
  for (; i < n; i++) {
    store<i32>(rows + (<usize>members << 2), i);
    members += <i32>(load<u8>(member + <usize>i) != 0);
  }
  const capacity = <f64>members * perMember * mobilisation;
  let used: f64 = 0;
  let reached: f64 = 0;
  // The first member at or after startAt.
  let lo: i32 = 0;
  let hi: i32 = members;
  while (lo < hi) {
    const mid = <i32>(<u32>(lo + hi) >> 1);
    if (i32at(rows, mid) < startAt) lo = mid + 1;
    else hi = mid;
  }
  for (let s = 0; s < members && used < capacity; s++) {
    let q = lo + s;
    if (q >= members) q -= members;
    const r = i32at(rows, q);
    setF32(mobilised, r, f32at(mobilised, r) + boost);
    for (let k = i32at(start, r), last = i32at(end, r); k < last && used < capacity; k++) {
      const j = i32at(tgt, k);
      const m = f32at(mobilised, j);
      reached += <f64>(m == 0);
      setF32(mobilised, j, m + boost);
      used += contact;
    }
  }
  store<f64>(out, used);
  store<f64>(out, reached, 8);
  store<f64>(out, <f64>members, 16);
}

// ---------------------------------------------------------------------------------------------------
// Phase 7, distribution (benefitWeights, distributionKernel, gini).

/** Returns the weights' sum. */
export function benefitWeights(n: i32, rule: f64, a0: f64, a1: f64, a2: f64, a3: f64, a4: f64, need0: usize, need1: usize, need2: usize, need3: usize, need4: usize, activity: usize, benefit: usize): f64 {
  let wsum: f64 = 0;
  let i = 0;
  if (rule != 1 && rule != 2) {
    // By need, two residents' weights at a time; the sum adds them in row order.
    for (; i + 1 < n; i += 2) {
      const w = f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f64x2.splat(a0), ld2(need0, i)), f64x2.mul(f64x2.splat(a1), ld2(need1, i))), f64x2.mul(f64x2.splat(a2), ld2(need2, i))), f64x2.mul(f64x2.splat(a3), ld2(need3, i))), f64x2.mul(f64x2.splat(a4), ld2(need4, i))), f64x2.splat(1e-6));
      st2(benefit, i, w);
      wsum += f64x2.extract_lane(w, 0);
      wsum += f64x2.extract_lane(w, 1);
    }
  }
  for (; i < n; i++) {
    const w = rule == 1 ? 1 : rule == 2 ? f32at(activity, i) + 0.02 : a0 * f32at(need0, i) + a1 * f32at(need1, i) + a2 * f32at(need2, i) + a3 * f32at(need3, i) + a4 * f32at(need4, i) + 1e-6;
    setF32(benefit, i, w);
    wsum += w;
  }
  return wsum;
}

// par (f64): scale serve decay tenureScale a0 a1 a2 a3 a4. K: distributionTable (20 f64). Returns the
// largest benefit.

export function distribute(n: i32, par: usize, K: usize, need0: usize, need1: usize, need2: usize, need3: usize, need4: usize, benefit: usize, part: usize, belonging: usize, identity: usize, efficacy: usize, spirit: usize, mobilised: usize, tenure: usize, renter: usize): f64 {
  const scale = load<f64>(par);
  const serve = load<f64>(par, 8);
  const decay = load<f64>(par, 16);
  const tenureScale = load<f64>(par, 24);
  const a0 = load<f64>(par, 32);
  const a1 = load<f64>(par, 40);
  const a2 = load<f64>(par, 48);
  const a3 = load<f64>(par, 56);
  const a4 = load<f64>(par, 64);
  // Benefits and needs served, two residents at a time. The largest benefit runs per lane with the
  // JavaScript's rule (b replaces the maximum only if b > maximum), then the lanes are merged the same way.
  const SCALE = f64x2.splat(scale);
  const A0 = f64x2.splat(a0);
  const A1 = f64x2.splat(a1);
  const A2 = f64x2.splat(a2);
  const A3 = f64x2.splat(a3);
  const A4 = f64x2.splat(a4);
  const SERVE = f64x2.splat(serve);
  const ZERO = f64x2.splat(0);
  const ONE = f64x2.splat(1);
  let MX = ZERO;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const b = f64x2.mul(ld2(benefit, i), SCALE);
    st2(benefit, i, b);
    MX = f64x2.pmax(MX, b);
    const k = f64x2.mul(SERVE, b);
    // max(0, x) as x · (x > 0) + 0, as in JavaScript: the + 0 turns −0 into +0.
    const x0 = f64x2.sub(ld2(need0, i), f64x2.mul(k, A0));
    const x1 = f64x2.sub(ld2(need1, i), f64x2.mul(k, A1));
    const x2 = f64x2.sub(ld2(need2, i), f64x2.mul(k, A2));
    const x3 = f64x2.sub(ld2(need3, i), f64x2.mul(k, A3));
    const x4 = f64x2.sub(ld2(need4, i), f64x2.mul(k, A4));
    st2(need0, i, f64x2.add(f64x2.mul(x0, v128.and(f64x2.gt(x0, ZERO), ONE)), ZERO));
    st2(need1, i, f64x2.add(f64x2.mul(x1, v128.and(f64x2.gt(x1, ZERO), ONE)), ZERO));
    st2(need2, i, f64x2.add(f64x2.mul(x2, v128.and(f64x2.gt(x2, ZERO), ONE)), ZERO));
    st2(need3, i, f64x2.add(f64x2.mul(x3, v128.and(f64x2.gt(x3, ZERO), ONE)), ZERO));
    st2(need4, i, f64x2.add(f64x2.mul(x4, v128.and(f64x2.gt(x4, ZERO), ONE)), ZERO));
  }
  let mx = f64x2.extract_lane(MX, 0);
  const m1 = f64x2.extract_lane(MX, 1);
  if (m1 > mx) mx = m1;
  for (; i < n; i++) {
    const b = f32at(benefit, i) * scale;
    setF32(benefit, i, b);
    if (b > mx) mx = b;
    const k = serve * b;
    const x0 = f32at(need0, i) - k * a0;
    const x1 = f32at(need1, i) - k * a1;
    const x2 = f32at(need2, i) - k * a2;
    const x3 = f32at(need3, i) - k * a3;
    const x4 = f32at(need4, i) - k * a4;
    setF32(need0, i, x0 * <f64>(x0 > 0) + 0);
    setF32(need1, i, x1 * <f64>(x1 > 0) + 0);
    setF32(need2, i, x2 * <f64>(x2 > 0) + 0);
    setF32(need3, i, x3 * <f64>(x3 > 0) + 0);
    setF32(need4, i, x4 * <f64>(x4 > 0) + 0);
  }
  // Value co-creation, as the JavaScript's second pass, two residents at a time: each lane takes its
  // table entries by its own participation (none, formal, substantive) and tenure.
  const DECAY = f64x2.splat(decay);
  const TSCALE = f64x2.splat(tenureScale);
  const QUARTER = f64x2.splat(0.25);
  const P1 = f64x2.splat(0.1);
  const P4 = f64x2.splat(0.4);
  const pairs = n & ~1;
  for (let j = 0; j < pairs; j += 2) {
    // Each lane's participation as the byte offset of its entries in K (entries by part: 0, 1, 2).
    const pw = <i32>load<u16>(part + <usize>j);
    const o0 = <usize>(pw & 0xff) << 3;
    const o1 = <usize>(pw >> 8) << 3;
    // The anchor of belonging by tenure type: K[18] an owner's, K[19] a renter's.
    const rw = <i32>load<u16>(renter + <usize>j);
    const tv = f64x2.convert_low_i32x4_u(i32x4.extend_low_i16x8_u(v128.load32_zero(tenure + (<usize>j << 1))));
    const anchor = f64x2.mul(f64x2.add(P1, f64x2.mul(P4, f64x2.pmin(f64x2.div(tv, TSCALE), ONE))), pick2(K, 18, <usize>(rw & 0xff) << 3, <usize>(rw >> 8) << 3));
    const b0 = ld2(belonging, j);
    let bel = f64x2.add(b0, f64x2.mul(DECAY, f64x2.sub(anchor, b0)));
    bel = f64x2.add(bel, f64x2.mul(pick2(K, 0, o0, o1), f64x2.sub(ONE, bel)));
    st2(belonging, j, clamp2(bel));
  }
  // The other three in a loop of their own: a turn of either loop is shorter, and the processor overlaps
  // more turns.
  let j = 0;
  for (; j < pairs; j += 2) {
    const pw = <i32>load<u16>(part + <usize>j);
    const o0 = <usize>(pw & 0xff) << 3;
    const o1 = <usize>(pw >> 8) << 3;
    const i0 = ld2(identity, j);
    const e0 = ld2(efficacy, j);
    let idn = f64x2.add(i0, f64x2.mul(DECAY, f64x2.sub(QUARTER, i0)));
    let eff = f64x2.add(e0, f64x2.mul(DECAY, f64x2.sub(QUARTER, e0)));
    let sp = ld2(spirit, j);
    idn = f64x2.add(idn, f64x2.mul(pick2(K, 3, o0, o1), f64x2.sub(ONE, idn)));
    eff = f64x2.sub(f64x2.add(eff, f64x2.mul(pick2(K, 6, o0, o1), f64x2.sub(ONE, eff))), f64x2.mul(pick2(K, 9, o0, o1), eff));
    const mob = v128.and(i64x2.extend_low_i32x4_s(f32x4.gt(v128.load64_zero(mobilised + (<usize>j << 2)), f32x4.splat(0))), ONE);
    sp = f64x2.sub(f64x2.add(sp, f64x2.mul(pick2(K, 12, o0, o1), f64x2.sub(ONE, sp))), f64x2.mul(f64x2.mul(pick2(K, 15, o0, o1), mob), sp));
    st2(identity, j, clamp2(idn));
    st2(efficacy, j, clamp2(eff));
    st2(spirit, j, clamp2(sp));
  }
  for (; j < n; j++) {
    const st = <usize>load<u8>(part + <usize>j) << 3;
    const anchor = (0.1 + 0.4 * atMost1(<f64>load<u16>(tenure + (<usize>j << 1)) / tenureScale)) * load<f64>(K + ((18 + <usize>load<u8>(renter + <usize>j)) << 3));
    const b0 = f32at(belonging, j);
    const i0 = f32at(identity, j);
    const e0 = f32at(efficacy, j);
    let bel = b0 + decay * (anchor - b0);
    let idn = i0 + decay * (0.25 - i0);
    let eff = e0 + decay * (0.25 - e0);
    let sp = f32at(spirit, j);
    bel += load<f64>(K + st) * (1 - bel);
    idn += load<f64>(K + 24 + st) * (1 - idn);
    eff = eff + load<f64>(K + 48 + st) * (1 - eff) - load<f64>(K + 72 + st) * eff;
    sp = sp + load<f64>(K + 96 + st) * (1 - sp) - load<f64>(K + 120 + st) * <f64>(f32at(mobilised, j) > 0) * sp;
    setF32(belonging, j, clamp01(bel));
    setF32(identity, j, clamp01(idn));
    setF32(efficacy, j, clamp01(eff));
    setF32(spirit, j, clamp01(sp));
  }
  return mx;
}

const GINI_BINS = 4096;

/**
 * The Gini of `n` f32 values from a 4,096-bin histogram (gini in phases.ts); bins: 4,097 pairs of f64 of
 * scratch, each bin's count and sum side by side (one load and one store per value), with a last bin that
 * takes what JavaScript skips.
 */
export function gini(values: usize, n: i32, mx: f64, bins: usize): f64 {
  if (n == 0 || mx <= 0) return 0;
  const B = GINI_BINS;
  memory.fill(bins, 0, <usize>(B + 1) << 4);
  let total: f64 = 0;
  // Two residents' bins at a time: one division for both, and the bins chosen without branches. A bin
  // below 0 (or NaN) goes to the extra bin B, never read (JavaScript's typed arrays ignore such an index);
  // bins past the last go to the last. A bin's count and sum go up in one f64x2 addition (each lane its
  // own IEEE addition, in the same order as the JavaScript's).
  const MX = f64x2.splat(mx);
  const BINS = f64x2.splat(<f64>B);
  const LAST = f64x2.splat(<f64>(B - 1));
  const ONE = f64x2.splat(1);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = ld2(values, i);
    const v = f64x2.floor(f64x2.mul(f64x2.div(x, MX), BINS));
    const k = i32x4.trunc_sat_f64x2_s_zero(v128.bitselect(f64x2.pmin(v, LAST), BINS, f64x2.ge(v, f64x2.splat(0))));
    const x0 = f64x2.extract_lane(x, 0);
    const q0 = bins + (<usize>i32x4.extract_lane(k, 0) << 4);
    v128.store(q0, f64x2.add(v128.load(q0), f64x2.replace_lane(ONE, 1, x0)));
    total += x0;
    const x1 = f64x2.extract_lane(x, 1);
    const q1 = bins + (<usize>i32x4.extract_lane(k, 1) << 4);
    v128.store(q1, f64x2.add(v128.load(q1), f64x2.replace_lane(ONE, 1, x1)));
    total += x1;
  }
  for (; i < n; i++) {
    const x = f32at(values, i);
    const v = floor((x / mx) * <f64>B);
    if (v >= 0) {
      const q = bins + (<usize><i32>(v > <f64>(B - 1) ? <f64>(B - 1) : v) << 4);
      v128.store(q, f64x2.add(v128.load(q), f64x2.replace_lane(ONE, 1, x)));
    }
    total += x;
  }
  if (total <= 0) return 0;
  let g: f64 = 0;
  let cum: f64 = 0;
  const nf = <f64>n;
  for (let k = 0; k < B; k++) {
    const ck = load<f64>(bins + (<usize>k << 4));
    if (ck == 0) continue;
    const prev = cum;
    cum += load<f64>(bins + (<usize>k << 4), 8) / total;
    g += (ck / nf) * (prev + cum);
  }
  return clamp01(1 - g);
}

/**
 * gini, its value stored at `out` (f64): for a batch on the other thread, which returns to the caller only
 * its last call's value.
 */
export function giniTo(values: usize, n: i32, mx: f64, bins: usize, out: usize): void {
  store<f64>(out, gini(values, n, mx, bins));
}

// ---------------------------------------------------------------------------------------------------
// Phase 8, trust (trustKernel), two residents at a time.
// par (f64): gain loss womRate sGain sDecay perf resp scandalOff scandalEnt entQuality halfSat partyPresence

export function trust(n: i32, par: usize, tOff: usize, tPar: usize, tEnt: usize, tSoc: usize, benefit: usize, need0: usize, need1: usize, need2: usize, need3: usize, need4: usize, part: usize, norm: usize, wom: usize, mobilised: usize, chunk: usize, chunkLength: i32): void {
  const gain = load<f64>(par);
  const loss = load<f64>(par, 8);
  const womRate = load<f64>(par, 16);
  const sGain = load<f64>(par, 24);
  const sDecay = load<f64>(par, 32);
  const perf = load<f64>(par, 40);
  const resp = load<f64>(par, 48);
  const scandalOff = load<f64>(par, 56);
  const scandalEnt = load<f64>(par, 64);
  const entQuality = load<f64>(par, 72);
  const halfSat = load<f64>(par, 80);
  const partyPresence = load<f64>(par, 88);
  const offTarget = 0.6 + 0.4 * resp;
  const perfParty = 0.4 * perf;
  const perfEnt = 0.5 * perf * entQuality;
  const OFF = f64x2.splat(offTarget);
  const HALF = f64x2.splat(0.5);
  const HALF_PERF = f64x2.splat(0.5 * perf);
  const PERF_PARTY = f64x2.splat(perfParty);
  const PERF_ENT = f64x2.splat(perfEnt);
  const GAIN = f64x2.splat(gain);
  const LOSS = f64x2.splat(loss);
  const PRESENT = f64x2.splat(0.2 * partyPresence);
  const MOBILISED = f64x2.splat(0.2 * 1);
  const HALFSAT = f64x2.splat(halfSat);
  const EPS = f64x2.splat(1e-9);
  const P4 = f64x2.splat(0.4);
  const SO = f64x2.splat(scandalOff);
  const SE = f64x2.splat(scandalEnt);
  const THREE = f64x2.splat(3);
  const WOM = f64x2.splat(womRate);
  const SD = f64x2.splat(sDecay);
  const P2 = f64x2.splat(0.2);
  const SG = f64x2.splat(sGain);
  const QG = f64x2.splat(0.25 * sGain);
  const ONE = f64x2.splat(1);
  const ZERO4 = f32x4.splat(0);
  // Chunk by chunk, in four passes: the satisfaction (to `chunk`, an f64 per resident, as the JavaScript's
  // first pass); the three trusts up to the scandals (to `chunk` after it, three f64 per resident); word of
  // mouth and the clamp; social trust. Each turn is a shorter chain than a turn of all, and the processor
  // overlaps more turns (two passes instead of one: 0.80–0.93 of the time; four instead of two: 0.81–0.85).
  const pairs = n & ~1;
  for (let c0 = 0; c0 < pairs; c0 += chunkLength) {
    const c1 = min<i32>(pairs, c0 + chunkLength);
    for (let r = c0; r < c1; r += 2) {
      const needTotal = f64x2.add(f64x2.add(f64x2.add(f64x2.add(ld2(need0, r), ld2(need1, r)), ld2(need2, r)), ld2(need3, r)), ld2(need4, r));
      const b = ld2(benefit, r);
      v128.store(chunk + (<usize>(r - c0) << 3), f64x2.div(b, f64x2.add(f64x2.add(b, f64x2.mul(HALFSAT, needTotal)), EPS)));
    }
    for (let i = c0; i < c1; i += 2) {
      const sat = v128.load(chunk + (<usize>(i - c0) << 3));
      // Toward the target, at the gain if it lies above, else at the loss.
      const t0 = ld2(tOff, i);
      const s0 = f64x2.mul(f64x2.add(HALF_PERF, f64x2.mul(HALF, sat)), OFF);
      let to = f64x2.add(t0, f64x2.mul(v128.bitselect(GAIN, LOSS, f64x2.gt(s0, t0)), f64x2.sub(s0, t0)));
      const t1 = ld2(tPar, i);
      const mob = i64x2.extend_low_i32x4_s(f32x4.gt(v128.load64_zero(mobilised + (<usize>i << 2)), ZERO4));
      const s1 = f64x2.add(f64x2.add(PERF_PARTY, f64x2.mul(P4, sat)), v128.bitselect(MOBILISED, PRESENT, mob));
      const tp = f64x2.add(t1, f64x2.mul(v128.bitselect(GAIN, LOSS, f64x2.gt(s1, t1)), f64x2.sub(s1, t1)));
      const t2 = ld2(tEnt, i);
      const s2 = f64x2.add(PERF_ENT, f64x2.mul(HALF, sat));
      let te = f64x2.add(t2, f64x2.mul(v128.bitselect(GAIN, LOSS, f64x2.gt(s2, t2)), f64x2.sub(s2, t2)));
      to = f64x2.sub(to, f64x2.mul(SO, to));
      te = f64x2.sub(te, f64x2.mul(SE, te));
      const q = chunk + (<usize>(chunkLength + 3 * (i - c0)) << 3);
      v128.store(q, to);
      v128.store(q, tp, 16);
      v128.store(q, te, 32);
    }
    for (let i = c0; i < c1; i += 2) {
      const q = chunk + (<usize>(chunkLength + 3 * (i - c0)) << 3);
      const to = v128.load(q);
      const tp = v128.load(q, 16);
      const te = v128.load(q, 32);
      const own = f64x2.div(f64x2.add(f64x2.add(to, tp), te), THREE);
      const pull = f64x2.mul(WOM, f64x2.sub(ld2(wom, i), own));
      st2(tOff, i, clamp2(f64x2.add(to, pull)));
      st2(tPar, i, clamp2(f64x2.add(tp, pull)));
      st2(tEnt, i, clamp2(f64x2.add(te, pull)));
    }
    for (let i = c0; i < c1; i += 2) {
      const ts = ld2(tSoc, i);
      const nm = ld2(norm, i);
      const fade = f64x2.mul(SD, f64x2.sub(ts, P2));
      const r0 = f64x2.sub(ts, fade);
      const r1 = f64x2.sub(f64x2.add(ts, f64x2.mul(f64x2.mul(QG, nm), f64x2.sub(ONE, ts))), fade);
      const r2 = f64x2.add(ts, f64x2.mul(f64x2.mul(SG, nm), f64x2.sub(ONE, ts)));
      const p = bytes2(part, i);
      st2(tSoc, i, clamp2(v128.bitselect(r2, v128.bitselect(r1, r0, i8x16.eq(p, i8x16.splat(1))), i8x16.eq(p, i8x16.splat(2)))));
    }
  }
  for (let i = pairs; i < n; i++) {
    const needTotal = f32at(need0, i) + f32at(need1, i) + f32at(need2, i) + f32at(need3, i) + f32at(need4, i);
    const b = f32at(benefit, i);
    const sat = b / (b + halfSat * needTotal + 1e-9);
    const t0 = f32at(tOff, i);
    const s0 = (0.5 * perf + 0.5 * sat) * offTarget;
    let to = t0 + (s0 > t0 ? gain : loss) * (s0 - t0);
    const t1 = f32at(tPar, i);
    const s1 = perfParty + 0.4 * sat + 0.2 * (f32at(mobilised, i) > 0 ? 1 : partyPresence);
    const tp = t1 + (s1 > t1 ? gain : loss) * (s1 - t1);
    const t2 = f32at(tEnt, i);
    const s2 = perfEnt + 0.5 * sat;
    let te = t2 + (s2 > t2 ? gain : loss) * (s2 - t2);
    to -= scandalOff * to;
    te -= scandalEnt * te;
    const own = (to + tp + te) / 3;
    const pull = womRate * (f32at(wom, i) - own);
    setF32(tOff, i, clamp01(to + pull));
    setF32(tPar, i, clamp01(tp + pull));
    setF32(tEnt, i, clamp01(te + pull));
    const ts = f32at(tSoc, i);
    const nm = f32at(norm, i);
    const fade = sDecay * (ts - 0.2);
    const p = u8at(part, i);
    setF32(tSoc, i, clamp01(p == 0 ? ts - fade : p == 1 ? ts + 0.25 * sGain * nm * (1 - ts) - fade : ts + sGain * nm * (1 - ts)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Phase 9, influence (influenceKernel). weights: 8 f64, four pairs by the neighbour's flags (member · 2 +
// taking part): its weight (1, or a member's, as influenceKernel's table) and that weight if taking part,
// else 0. rec: 8 bytes per resident of scratch. Returns the far reads' sum (kept so the reads ahead are not
// optimised away).

@inline function influenceRecordsOf(n: i32, weights: usize, rec: usize, part: usize, member: usize, contribution: usize, tOff: usize, tPar: usize, tEnt: usize): void {
  // Each resident's record, 16 bytes: its weight and that weight if taking part (f32, from the table by
  // its flags), its contribution and its mean trust (f32, as the JavaScript's records hold them, without
  // the flag bits). A tie then costs two 8-byte loads, two conversions and two additions.
  // Two residents a turn: their mean trusts in one f64x2 division (each lane an IEEE division, as alone),
  // their contributions in one load, and each record put together by a shuffle.
  const pairs = n & ~1;
  const THREE = f64x2.splat(3);
  const ABS = i32x4.splat(0x7fffffff);
  for (let j = 0; j < pairs; j += 2) {
    const idx0 = (<usize>(load<u8>(member + <usize>j) != 0) << 5) | (<usize>(load<u8>(part + <usize>j) != 0) << 4);
    const idx1 = (<usize>(load<u8>(member + <usize>j + 1) != 0) << 5) | (<usize>(load<u8>(part + <usize>j + 1) != 0) << 4);
    const w0 = f32x4.demote_f64x2_zero(v128.load(weights + idx0));
    const w1 = f32x4.demote_f64x2_zero(v128.load(weights + idx1));
    const m = f32x4.demote_f64x2_zero(f64x2.div(f64x2.add(f64x2.add(ld2(tOff, j), ld2(tPar, j)), ld2(tEnt, j)), THREE));
    const c = v128.and(v128.load64_zero(contribution + (<usize>j << 2)), ABS);
    // cm: c0 c1 m0 m1 (f32 lanes).
    const cm = i32x4.shuffle(c, m, 0, 1, 4, 5);
    v128.store(rec + (<usize>j << 4), i32x4.shuffle(w0, cm, 0, 1, 4, 6));
    v128.store(rec + (<usize>j << 4), i32x4.shuffle(w1, cm, 0, 1, 5, 7), 16);
  }
  for (let j = pairs; j < n; j++) {
    const idx = (<usize>(load<u8>(member + <usize>j) != 0) << 5) | (<usize>(load<u8>(part + <usize>j) != 0) << 4);
    const w = f32x4.demote_f64x2_zero(v128.load(weights + idx));
    const m = <f32>((f32at(tOff, j) + f32at(tPar, j) + f32at(tEnt, j)) / 3);
    const c = reinterpret<f32>(load<u32>(contribution + (<usize>j << 2)) & 0x7fffffff);
    v128.store(rec + (<usize>j << 4), f32x4.replace_lane(f32x4.replace_lane(w, 2, c), 3, m));
  }
}

/**
 * The ties' pass: each resident's norm, what it sees and word of mouth from its neighbours' records (at
 * `rec`, by row), its own record at `own` (the row's, where it has no ties), then mobilisation reset. A
 * thread running a block of rows passes the columns from the block's first row, `own` likewise, and the
 * block's first row as `first`.
 */
@inline function influenceTiesOf(n: i32, start: usize, end: usize, tgt: usize, rec: usize, own: usize, norm: usize, seen: usize, wom: usize, mobilised: usize, farStart: usize, far: usize, blocks: i32, farBlock: i32, first: i32): i32 {
  let touched: i32 = 0;
  for (let i = 0; i < n; i++) {
    // The far-tie hint's blocks are of the whole table's rows: row i here is row first + i there.
    const row = first + i;
    if ((row & (farBlock - 1)) == 0) {
      const b = row / farBlock;
      if (b < blocks) for (let f = i32at(farStart, b), fe = i32at(farStart, b + 1); f < fe; f++) touched += load<i32>(rec + (<usize>i32at(far, f) << 4), 12);
    }
    const lo = i32at(start, i);
    const hi = i32at(end, i);
    // Two sums per lane, each tie's terms added in order as in the JavaScript: (w, wp), the weights and
    // the weights of those taking part; (sc, st), the contributions and the mean trust.
    let weightSums = f64x2.splat(0);
    let valueSums = f64x2.splat(0);
    for (let k = lo; k < hi; k++) {
      const q = rec + (<usize>i32at(tgt, k) << 4);
      weightSums = f64x2.add(weightSums, f64x2.promote_low_f32x4(v128.load64_zero(q)));
      valueSums = f64x2.add(valueSums, f64x2.promote_low_f32x4(v128.load64_zero(q + 8)));
    }
    const deg = hi - lo;
    if (deg > 0) {
      setF32(norm, i, f64x2.extract_lane(weightSums, 1) / f64x2.extract_lane(weightSums, 0));
      // The mean contribution and mean trust in one division (each lane an IEEE division, as alone).
      const means = f64x2.div(valueSums, f64x2.splat(<f64>deg));
      setF32(seen, i, f64x2.extract_lane(means, 0));
      setF32(wom, i, f64x2.extract_lane(means, 1));
    } else {
      setF32(norm, i, 0);
      setF32(seen, i, 0);
      setF32(wom, i, <f64>load<f32>(own + (<usize>i << 4), 12));
    }
  }
  // Mobilisation is reset for the next tick: +0 in every row, one fill.
  memory.fill(mobilised, 0, <usize>n << 2);

  return touched;
}

export function influence(n: i32, weights: usize, start: usize, end: usize, tgt: usize, rec: usize, part: usize, member: usize, contribution: usize, tOff: usize, tPar: usize, tEnt: usize, norm: usize, seen: usize, wom: usize, mobilised: usize, farStart: usize, far: usize, blocks: i32, farBlock: i32): i32 {
  influenceRecordsOf(n, weights, rec, part, member, contribution, tOff, tPar, tEnt);
  return influenceTiesOf(n, start, end, tgt, rec, rec, norm, seen, wom, mobilised, farStart, far, blocks, farBlock, 0);
}

/** Influence's records alone, for a block of rows (the columns from the block's first row). */
export function influenceRecords(n: i32, weights: usize, rec: usize, part: usize, member: usize, contribution: usize, tOff: usize, tPar: usize, tEnt: usize): void {
  influenceRecordsOf(n, weights, rec, part, member, contribution, tOff, tPar, tEnt);
}

/** Influence's ties alone, for a block of rows, once every row's record is written. */
export function influenceTies(n: i32, start: usize, end: usize, tgt: usize, rec: usize, own: usize, norm: usize, seen: usize, wom: usize, mobilised: usize, farStart: usize, far: usize, blocks: i32, farBlock: i32, first: i32): i32 {
  return influenceTiesOf(n, start, end, tgt, rec, own, norm, seen, wom, mobilised, farStart, far, blocks, farBlock, first);
}

// ---------------------------------------------------------------------------------------------------
// Phase 10, organisation (buildingKernel).

export function buildings(n: i32, building: usize, part: usize, tSoc: usize, activity: usize, size: usize, subst: usize, strust: usize, best: usize): void {
  // Rows come building by building, so a building's tallies run in registers while it stays the same,
  // and go back to memory when it changes: the same additions in the same order as the JavaScript's.
  let cur: i32 = -1;
  let cSize: i32 = 0;
  let cSubst: i32 = 0;
  let cTrust: f64 = 0;
  let cBest: i32 = 0;
  let bestActivity: f64 = 0;
  for (let i = 0; i < n; i++) {
    const b = i32at(building, i);
    if (b != cur) {
      if (cur >= 0) {
        store<i32>(size + (<usize>cur << 2), cSize);
        store<i32>(subst + (<usize>cur << 2), cSubst);
        store<f64>(strust + (<usize>cur << 3), cTrust);
        store<i32>(best + (<usize>cur << 2), cBest);
      }
      cur = b;
      cSize = load<i32>(size + (<usize>b << 2));
      cSubst = load<i32>(subst + (<usize>b << 2));
      cTrust = load<f64>(strust + (<usize>b << 3));
      cBest = load<i32>(best + (<usize>b << 2));
      bestActivity = f32at(activity, max<i32>(cBest, 0));
    }
    cSize++;
    cSubst += u8at(part, i) >> 1;
    cTrust += f32at(tSoc, i);
    // The most active so far: a select of integers (a conditional move, no branch on the data).
    const a = f32at(activity, i);
    const better = <i32>(cBest < 0) | <i32>(a > bestActivity);
    cBest = select<i32>(i, cBest, better);
    bestActivity = select<f64>(a, bestActivity, better);
  }
  if (cur >= 0) {
    store<i32>(size + (<usize>cur << 2), cSize);
    store<i32>(subst + (<usize>cur << 2), cSubst);
    store<f64>(strust + (<usize>cur << 3), cTrust);
    store<i32>(best + (<usize>cur << 2), cBest);
  }
}

// ---------------------------------------------------------------------------------------------------
// Reporters (sums in reporters.ts): sums and sums of squares of eight columns, team members.

export function sums(n: i32, c0: usize, c1: usize, c2: usize, c3: usize, c4: usize, c5: usize, c6: usize, c7: usize, building: usize, part: usize, leader: usize, out: usize): void {
  // The eight columns in four pairs, each pair's two sums (and two sums of squares) in the lanes of one
  // f64x2, rows two at a time in order (see rowsOf2); a scalar tail for an odd last row.
  let a01 = f64x2.splat(0), a23 = f64x2.splat(0), a45 = f64x2.splat(0), a67 = f64x2.splat(0);
  let q01 = f64x2.splat(0), q23 = f64x2.splat(0), q45 = f64x2.splat(0), q67 = f64x2.splat(0);
  let team: i32 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const p01 = rowsOf2(c0, c1, i);
    const p23 = rowsOf2(c2, c3, i);
    const p45 = rowsOf2(c4, c5, i);
    const p67 = rowsOf2(c6, c7, i);
    a01 = sum2(a01, p01);
    q01 = squares2(q01, p01);
    a23 = sum2(a23, p23);
    q23 = squares2(q23, p23);
    a45 = sum2(a45, p45);
    q45 = squares2(q45, p45);
    a67 = sum2(a67, p67);
    q67 = squares2(q67, p67);
    team += (u8at(part, i) >> 1) & ((<i32>(<u32>i32at(leader, i32at(building, i)) >> 31)) ^ 1);
    team += (u8at(part, i + 1) >> 1) & ((<i32>(<u32>i32at(leader, i32at(building, i + 1)) >> 31)) ^ 1);
  }
  let a0 = f64x2.extract_lane(a01, 0), a1 = f64x2.extract_lane(a01, 1), a2 = f64x2.extract_lane(a23, 0), a3 = f64x2.extract_lane(a23, 1);
  let a4 = f64x2.extract_lane(a45, 0), a5 = f64x2.extract_lane(a45, 1), a6 = f64x2.extract_lane(a67, 0), a7 = f64x2.extract_lane(a67, 1);
  let q0 = f64x2.extract_lane(q01, 0), q1 = f64x2.extract_lane(q01, 1), q2 = f64x2.extract_lane(q23, 0), q3 = f64x2.extract_lane(q23, 1);
  let q4 = f64x2.extract_lane(q45, 0), q5 = f64x2.extract_lane(q45, 1), q6 = f64x2.extract_lane(q67, 0), q7 = f64x2.extract_lane(q67, 1);
  for (; i < n; i++) {
    const x0 = f32at(c0, i), x1 = f32at(c1, i), x2 = f32at(c2, i), x3 = f32at(c3, i), x4 = f32at(c4, i), x5 = f32at(c5, i), x6 = f32at(c6, i), x7 = f32at(c7, i);
    a0 += x0; a1 += x1; a2 += x2; a3 += x3; a4 += x4; a5 += x5; a6 += x6; a7 += x7;
    q0 += x0 * x0; q1 += x1 * x1; q2 += x2 * x2; q3 += x3 * x3; q4 += x4 * x4; q5 += x5 * x5; q6 += x6 * x6; q7 += x7 * x7;
    team += (u8at(part, i) >> 1) & ((<i32>(<u32>i32at(leader, i32at(building, i)) >> 31)) ^ 1);
  }
  store<f64>(out, a0); store<f64>(out, a1, 8); store<f64>(out, a2, 16); store<f64>(out, a3, 24);
  store<f64>(out, a4, 32); store<f64>(out, a5, 40); store<f64>(out, a6, 48); store<f64>(out, a7, 56);
  store<f64>(out, q0, 64); store<f64>(out, q1, 72); store<f64>(out, q2, 80); store<f64>(out, q3, 88);
  store<f64>(out, q4, 96); store<f64>(out, q5, 104); store<f64>(out, q6, 112); store<f64>(out, q7, 120);
  store<f64>(out, <f64>team, 128);
}

// ---------------------------------------------------------------------------------------------------
// The network's local commit for turnover's edits (localCommit in src/network.ts, whose steps and choices
// it repeats exactly): nodes isolated and ties added, none removed, the rows with room after them. Only the
// touched rows are rewritten, in place or at the free space; where the JavaScript would repack instead, it
// writes nothing and says so. blk: the TIE_* words (i32), pointers as byte offsets.

const TIE_N = 0;
const TIE_START = 1;
const TIE_END = 2;
const TIE_SLOTS = 3;
const TIE_SLOTS_LENGTH = 4;
const TIE_LIMIT = 5;
const TIE_SLOT = 6;
const TIE_GONE = 7;
const TIE_ISOLATED = 8;
const TIE_ISOLATED_COUNT = 9;
const TIE_ADDS = 10;
const TIE_ADDS_COUNT = 11;
const TIE_DIRTY = 12;
const TIE_DIRTY_ROOM = 13;
const TIE_SPANS = 14;
const TIE_ROW_START = 15;
const TIE_ROWS = 16;
const TIE_ROWS_ROOM = 17;
const TIE_ADD_START = 18;
const TIE_ADD_FILL = 19;
const TIE_ADD_TO = 20;
const TIE_TOP = 21;
const TIE_MOVED = 22;
const TIE_ENTRIES = 23;
const TIE_MOVED_MAX = 24;
const TIE_NEED_DIRTY = 25;
const TIE_NEED_ROWS = 26;

@inline function word(blk: usize, k: i32): i32 {
  return load<i32>(blk + (<usize>k << 2));
}
@inline function setWord(blk: usize, k: i32, v: i32): void {
  store<i32>(blk + (<usize>k << 2), v);
}
@inline function setI32(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
/** A row's room for `len` entries (room in network.ts). */
@inline function roomFor(len: i32): i32 {
  return len + 1 + (len >> 3);
}
/** Row a among the rows rewritten (slot), listed in `dirty` in the order first touched; the new count. */
@inline function touchRow(slot: usize, dirty: usize, nd: i32, a: i32): i32 {
  if (i32at(slot, a) >= 0) return nd;
  setI32(slot, a, nd);
  setI32(dirty, nd, a);
  return nd + 1;
}

/**
 * 1: committed (the new free space, moved rows and entries in TIE_TOP, TIE_MOVED, TIE_ENTRIES); 0: a repack
 * is due, nothing written; −1: the scratch is too small, nothing written (what it needs in TIE_NEED_DIRTY
 * and TIE_NEED_ROWS).
 */
export function tieCommit(blk: usize): i32 {
  const n = word(blk, TIE_N);
  const S = <usize>word(blk, TIE_START);
  const E = <usize>word(blk, TIE_END);
  const T = <usize>word(blk, TIE_SLOTS);
  const limit = <usize>word(blk, TIE_LIMIT);
  const slot = <usize>word(blk, TIE_SLOT);
  const gone = <usize>word(blk, TIE_GONE);
  const iso = <usize>word(blk, TIE_ISOLATED);
  const nIso = word(blk, TIE_ISOLATED_COUNT);
  const adds = <usize>word(blk, TIE_ADDS);
  const nAdds = word(blk, TIE_ADDS_COUNT);
  const dirty = <usize>word(blk, TIE_DIRTY);
  const spans = <usize>word(blk, TIE_SPANS);
  const rowStart = <usize>word(blk, TIE_ROW_START);
  const rows = <usize>word(blk, TIE_ROWS);
  const addStart = <usize>word(blk, TIE_ADD_START);
  const addFill = <usize>word(blk, TIE_ADD_FILL);
  const addTo = <usize>word(blk, TIE_ADD_TO);
  // The most rows it can touch: each isolated node and its neighbours, both ends of each addition.
  let most = nIso + 2 * nAdds;
  for (let k = 0; k < nIso; k++) {
    const i = i32at(iso, k);
    most += i32at(E, i) - i32at(S, i);
  }
  setWord(blk, TIE_NEED_DIRTY, most);
  setWord(blk, TIE_NEED_ROWS, 0);
  if (most > word(blk, TIE_DIRTY_ROOM)) return -1;
  let nd: i32 = 0;
  for (let k = 0; k < nIso; k++) {
    const i = i32at(iso, k);
    store<u8>(gone + <usize>i, 1);
    nd = touchRow(slot, dirty, nd, i);
    for (let p = i32at(S, i), end = i32at(E, i); p < end; p++) nd = touchRow(slot, dirty, nd, i32at(T, p));
  }
  const na = 2 * nAdds;
  for (let q = 0; q < na; q++) nd = touchRow(slot, dirty, nd, i32at(adds, q));
  // Additions grouped by the row they land in (both directions); rows in the order first touched.
  memory.fill(addStart, 0, (<usize>nd + 1) << 2);
  for (let q = 0; q < na; q++) {
    const k = i32at(slot, i32at(adds, q)) + 1;
    setI32(addStart, k, i32at(addStart, k) + 1);
  }
  for (let k = 0; k < nd; k++) setI32(addStart, k + 1, i32at(addStart, k + 1) + i32at(addStart, k));
  memory.copy(addFill, addStart, <usize>nd << 2);
  for (let q = 0; q < na; q += 2) {
    const a = i32at(adds, q);
    const b = i32at(adds, q + 1);
    const ka = i32at(slot, a);
    const fa = i32at(addFill, ka);
    setI32(addTo, fa, b);
    setI32(addFill, ka, fa + 1);
    const kb = i32at(slot, b);
    const fb = i32at(addFill, kb);
    setI32(addTo, fb, a);
    setI32(addFill, kb, fb + 1);
  }
  // The touched rows' starts, ends and room ends, gathered first (see localCommit).
  let rowsRoom = na;
  for (let k = 0; k < nd; k++) {
    const a = i32at(dirty, k);
    const s = i32at(S, a);
    const e = i32at(E, a);
    setI32(spans, 3 * k, s);
    setI32(spans, 3 * k + 1, e);
    setI32(spans, 3 * k + 2, i32at(limit, a));
    rowsRoom += e - s;
  }
  let status: i32 = 1;
  if (rowsRoom > word(blk, TIE_ROWS_ROOM)) {
    setWord(blk, TIE_NEED_ROWS, rowsRoom);
    status = -1;
  } else {
    // The rewritten rows, sorted and deduplicated, one after another.
    setI32(rowStart, 0, 0);
    let len: i32 = 0;
    let change: i32 = 0;
    let outgrown: i32 = 0;
    for (let k = 0; k < nd; k++) {
      const a = i32at(dirty, k);
      const from = len;
      const s = i32at(spans, 3 * k);
      const e = i32at(spans, 3 * k + 1);
      if (load<u8>(gone + <usize>a) == 0) {
        for (let p = s; p < e; p++) {
          const b = i32at(T, p);
          if (load<u8>(gone + <usize>b) != 0) continue;
          setI32(rows, len++, b);
        }
      }
      const a0 = i32at(addStart, k);
      const a1 = i32at(addStart, k + 1);
      if (a1 > a0) {
        for (let q = a0; q < a1; q++) setI32(rows, len++, i32at(addTo, q));
        // Insertion sort (rows are short; any sort gives the same row), then duplicates dropped.
        for (let x = from + 1; x < len; x++) {
          const v = i32at(rows, x);
          let y = x - 1;
          while (y >= from && i32at(rows, y) > v) {
            setI32(rows, y + 1, i32at(rows, y));
            y--;
          }
          setI32(rows, y + 1, v);
        }
        let w = from + 1;
        for (let q = from + 1; q < len; q++) {
          const v = i32at(rows, q);
          if (v != i32at(rows, w - 1)) setI32(rows, w++, v);
        }
        len = w;
      }
      setI32(rowStart, k + 1, len);
      change += len - from - (e - s);
      if (s + len - from > i32at(spans, 3 * k + 2)) outgrown += roomFor(len - from);
    }
    let top = word(blk, TIE_TOP);
    let moved = word(blk, TIE_MOVED);
    const entries = word(blk, TIE_ENTRIES);
    if (top + outgrown <= word(blk, TIE_SLOTS_LENGTH) && top <= 2 * (entries + n) + 1024 && moved <= word(blk, TIE_MOVED_MAX)) {
      for (let k = 0; k < nd; k++) {
        const a = i32at(dirty, k);
        const r0 = i32at(rowStart, k);
        const l = i32at(rowStart, k + 1) - r0;
        let s = i32at(spans, 3 * k);
        if (s + l > i32at(spans, 3 * k + 2)) {
          moved++;
          s = top;
          setI32(S, a, s);
          top += roomFor(l);
          setI32(limit, a, top);
        }
        memory.copy(T + (<usize>s << 2), rows + (<usize>r0 << 2), <usize>l << 2);
        setI32(E, a, s + l);
      }
      setWord(blk, TIE_TOP, top);
      setWord(blk, TIE_MOVED, moved);
      setWord(blk, TIE_ENTRIES, entries + change);
    } else status = 0;
  }
  for (let k = 0; k < nd; k++) setI32(slot, i32at(dirty, k), -1);
  for (let k = 0; k < nIso; k++) store<u8>(gone + <usize>i32at(iso, k), 0);
  return status;
}
