import type { WasmMemory } from '../arena.js';
import { SHARED_MAXIMUM_PAGES } from '../arena.js';

/**
 * A second thread for the WebAssembly kernels: the six largest passes over residents (needs,
 * commitment, distribution, trust, influence, the buildings' tallies) run about half their rows on it
 * (half of the needs', the commitment's and the tallies' rows; of the others, the blocks it claims, see
 * {@link RANGED_CALL}), and the reporters' sums run there while the model commits the network, with the
 * same results bit for bit as on one thread. The core library cannot start a thread by itself in every
 * engine; Node's part of the library provides one (`kernelThread()` from `coprod/node`), and a model
 * takes it as an option:
 *
 * @example
 * import { createCoprod } from 'coprod';
 * import { kernelThread } from 'coprod/node';
 * const sim = createCoprod('k-community', { thread: kernelThread() });
 *
 * The thread serves one model at a time; a model attaches to it when the model is built and again
 * whenever another model used it in between. What it runs is WebAssembly on the model's memory (a shared
 * one): its share of each pass's rows, with scratch of its own, and nothing else of the model's state.
 */
export interface KernelThread {
  /**
   * Attach a model: its WebAssembly module (built for a shared memory), that memory, and the names of the
   * exports its calls give by index.
   */
  attach(module: object, memory: WasmMemory, exports: readonly string[]): KernelLink;
}

/**
 * The library's own kernel threads (Node's `kernelThread()` adds its thread here). Only these run the small
 * model createCoprod keeps (keepShapes in create.ts): a thread of a user's making sees only the models
 * given it.
 */
export const LIBRARY_THREADS = new WeakSet<KernelThread>();

/** What a model calls a {@link KernelThread} through. */
export interface KernelLink {
  /**
   * Start a batch of calls on the thread and return at once. `calls` holds, for each call, the export's
   * index (in the names given to attach), the number of its arguments, and the arguments. A shared pass
   * (see {@link RANGED_CALL}) is given as −1 − the export's index, the number of numbers that follow, and
   * those numbers.
   */
  post(calls: readonly number[]): void;
  /** Whether the posted batch has run (without waiting). */
  done(): boolean;
  /**
   * Wait until the posted batch has run; the value its last call returned (for a shared pass, what
   * {@link RANGED_CALL} returned). Throws what the thread threw.
   */
  wait(): number;
  /**
   * Take the posted batch back if the thread has not begun it: true if taken back, and then the thread
   * never runs it (the model runs its calls itself, on its own instance of the module, or drops them);
   * false if the thread has it (wait for it as usual). Optional: a thread without it is always waited for.
   */
  cancel?(): boolean;
}

/**
 * The kernels' module turned into one that imports a shared memory: the memory import's limits become
 * "shared, at most {@link SHARED_MAXIMUM_PAGES} pages". The code is the same (its loads and stores are valid
 * on either memory). Null if the bytes do not have the one import the kernels have (env.memory, no limit).
 */
export function sharedModuleBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> | null {
  // Sections after the 8-byte header: an id, a LEB128 size, the contents.
  const leb = (at: number): [number, number] => {
    let value = 0;
    let scale = 1;
    let p = at;
    for (;;) {
      const b = bytes[p++];
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return [value, p];
    }
  };
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p];
    const [size, body] = leb(p + 1);
    if (id === 2) {
      // One import: "env" "memory", kind 2 (memory), limits 0 (no maximum), minimum 0.
      const expected = [1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 0, 0];
      if (size !== expected.length || expected.some((b, k) => bytes[body + k] !== b)) return null;
      // Limits 3 (shared, with a maximum), minimum 0, the maximum in LEB128.
      const max: number[] = [];
      for (let v = SHARED_MAXIMUM_PAGES; ; v = Math.floor(v / 128)) {
        if (v < 128) {
          max.push(v);
          break;
        }
        max.push((v % 128) | 0x80);
      }
      const section = [...expected.slice(0, 13), 3, 0, ...max];
      const out = new Uint8Array(bytes.length - (body - p) - size + 1 + 1 + section.length);
      out.set(bytes.subarray(0, p));
      out[p] = 2;
      out[p + 1] = section.length; // < 128: one byte
      out.set(section, p + 2);
      out.set(bytes.subarray(body + size), p + 2 + section.length);
      return out;
    }
    p = body + size;
  }
  return null;
}

// Alea's state (s0, s1, s2 as 32-bit words w/2^32, and the carry c) as one number V = c + a·(x0 + x1·b +
// x2·b²) makes a draw a multiplication by the inverse of b modulo M = a·b³ − 1 (a multiply-with-carry
// generator is a lag-3 MWC, and those are multiplications modulo M). So k draws are one multiplication
// by (a·b²)^k mod M: the state k draws ahead, without making them.
const A = 2091639n;
const B = 1n << 32n;
const M = A * B * B * B - 1n;
/** b⁻¹ mod M: b · a·b² = a·b³ = M + 1 ≡ 1. */
const B_INVERSE = (A * B * B) % M;
/** B_INVERSE^(2^j) mod M, for j = 0, 1, …: a jump by k multiplies the factors of k's bits. */
const SQUARES: bigint[] = [B_INVERSE];
const jumps = new Map<number, bigint>();

function factorFor(k: number): bigint {
  let f = jumps.get(k);
  if (f === undefined) {
    f = 1n;
    for (let j = 0, rest = k; rest > 0; j++, rest = Math.floor(rest / 2)) {
      if (j === SQUARES.length) SQUARES.push((SQUARES[j - 1] * SQUARES[j - 1]) % M);
      if (rest % 2 === 1) f = (f * SQUARES[j]) % M;
    }
    if (jumps.size >= 64) jumps.clear();
    jumps.set(k, f);
  }
  return f;
}

/** A random stream's state (seedrandom's Alea, as RandomStream.state() gives it) `k` draws ahead. */
export function streamAhead(s0: number, s1: number, s2: number, c: number, k: number): [number, number, number, number] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`streamAhead: got k ${k}, expected a whole number >= 0`);
  const W = 4294967296;
  const V = BigInt(c) + A * (BigInt(s0 * W) + BigInt(s1 * W) * B + BigInt(s2 * W) * B * B);
  const U = (V * factorFor(k)) % M;
  const X = U / A;
  return [Number(X % B) / W, Number((X / B) % B) / W, Number(X / (B * B)) / W, Number(U % A)];
}

/**
 * Rows a shared pass's blocks come in multiples of, at least (a block's first row is a multiple of it, so
 * the kernels' pairs of rows, and the far-tie hint's blocks of rows, fall as in one pass).
 */
export const RANGED_UNIT = 64;
/** Units of rows at most in a shared pass: the claim word holds two counts of units in 16 bits each. */
const RANGED_UNITS = 0x7fff;

/** The rows per unit of a shared pass over `n` rows: RANGED_UNIT, doubled until the units fit the claim word. */
export function rangedUnit(n: number): number {
  let unit = RANGED_UNIT;
  while (Math.ceil(n / unit) > RANGED_UNITS) unit *= 2;
  return unit;
}

/**
 * The claim word of a shared pass over `n` rows in units of `unit` rows, before either thread took any: the
 * next unit from the front (low 16 bits) and the unit after the last from the back (high 16 bits).
 */
export function rangedClaims(n: number, unit: number): number {
  return Math.ceil(n / unit) << 16;
}

/**
 * How many units a thread takes at a claim when `left` remain: half of them (guided self-scheduling for two
 * threads), at least 16 (1024 rows, 10–25 µs of work, where a claim and a call cost a few at most), so
 * that the first blocks are long and few and the last ones short: the two threads end within a block of
 * each other. (RANGED_CALL has the same rule written out; a test holds the two together.)
 */
export function rangedTake(left: number): number {
  return left <= 16 ? left : Math.max(16, Math.ceil(left / 2));
}

/**
 * A claim from the front of a shared pass (the model's thread's side): the units [lo, to) of the pass's
 * claim word `W[word]`, by {@link rangedTake}; `to`, or −1 if the two sides have met. Only this side moves
 * the front, so the caller knows lo: 0 at first, then the last claim's `to`.
 */
export function rangedFront(W: Int32Array, word: number): number {
  for (;;) {
    const w = Atomics.load(W, word);
    const lo = w & 0xffff;
    const hi = w >>> 16;
    if (lo >= hi) return -1;
    const to = lo + rangedTake(hi - lo);
    if (Atomics.compareExchange(W, word, w, to | (hi << 16)) === w) return to;
  }
}

/**
 * A shared pass, as the second thread runs it: a pass over rows [0, n) that both threads take blocks of,
 * through one word of the model's memory (claims): the first thread from the front, this one from the back,
 * each block as one call of the kernel on the block's rows, until the two meet. Which thread ran which block
 * never changes a result: the kernels run this way compute each row from that row's inputs alone. Its
 * source is run by the thread (which runs a script, not a module) and by tests' stand-ins.
 *
 * `A` holds, from `p`: −1 − the export's index, 2 + 2·a (for a arguments), the claim word's byte offset,
 * the rows per unit, each argument's growth per row (a byte stride for a column, 1 for a row number, 0 for
 * a constant), and the arguments for the whole pass (the first is n, which each call gets as its block's
 * length). `W` views the memory as Int32; `argv` is an array to call through. At most `claims` blocks are
 * taken (tests stop a pass part way). The value returned: `value`, merged with each block's return value by
 * one pass's rule for the largest (a later row's only if greater): blocks here come last row first, so an
 * earlier block's value replaces the one so far unless that one is greater.
 */
export const RANGED_CALL = `function rangedCall(f, A, p, W, argv, claims, value) {
  const word = A[p + 2] >> 2;
  const unit = A[p + 3];
  const a = (A[p + 1] - 2) / 2;
  const grow = p + 4;
  const base = p + 4 + a;
  const n = A[base];
  argv.length = a;
  for (let taken = 0; taken < claims; ) {
    const w = Atomics.load(W, word);
    const lo = w & 0xffff;
    const hi = w >>> 16;
    if (lo >= hi) break;
    const left = hi - lo;
    const to = hi - (left <= 16 ? left : Math.max(16, Math.ceil(left / 2)));
    if (Atomics.compareExchange(W, word, w, lo | (to << 16)) !== w) continue;
    taken++;
    const first = to * unit;
    argv[0] = Math.min(hi * unit, n) - first;
    for (let k = 1; k < a; k++) argv[k] = A[base + k] + A[grow + k] * first;
    const v = f.apply(null, argv);
    if (!(value > v)) value = v;
  }
  return value;
}`;
