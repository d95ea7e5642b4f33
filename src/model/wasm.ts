import { WASM, createArena, type Arena } from '../arena.js';
import { EXP_TABLE, SIGMOID_TABLE } from '../math.js';
import type { RandomStream } from '../random.js';
import type { Column, ColumnType } from '../store.js';
import type { CommitRunner } from '../network.js';
import { FAR_BLOCK } from './hint.js';
import type { Kernels } from './kernels.js';
import { GIVE_CC, GIVE_HUMP, GIVE_UNC, commitTableOf, distributionTableOf, needTableOf } from './phases.js';
import { DOMAIN_COUNT } from './state.js';
import { type KernelLink, type KernelThread, rangedClaims, rangedFront, rangedUnit, sharedModuleBytes, streamAhead } from './threads.js';
import { KERNELS_WASM } from './wasm-bytes.js';

/** What src/wasm/kernels.ts exports: pointers are byte offsets into the model's memory. */
interface Exports {
  /** The bytes of one pair's record in the commitment kernel's scratch. */
  COMMIT_RECORD: { readonly value: number };
  setStream(s0: number, s1: number, s2: number, c: number): void;
  streamState(out: number): void;
  draws(n: number, out: number): void;
  needs(n: number, tab: number, group: number, tenure: number, renter: number, grid: number, n0: number, n1: number, n2: number, n3: number, n4: number, gridNeed: number, gridSize: number, leavers: number, out: number, lanes: number): void;
  sum5(n: number, c0: number, c1: number, c2: number, c3: number, c4: number, out: number): void;
  needsTail(n: number, grid: number, n0: number, n1: number, n2: number, n3: number, n4: number, gridNeed: number, gridSize: number, out: number): void;
  commitTail(n: number, terms: number, tEnt: number, out: number): void;
  influenceRecords(n: number, weights: number, rec: number, part: number, member: number, contribution: number, tOff: number, tPar: number, tEnt: number): void;
  influenceTies(n: number, start: number, end: number, tgt: number, rec: number, own: number, norm: number, seen: number, wom: number, mobilised: number, farStart: number, far: number, blocks: number, farBlock: number, first: number): number;
  commit(n: number, par: number, tab: number, edge: number, expTable: number, give: number, leader: number, need0: number, need1: number, need2: number, need3: number, need4: number, tOff: number, tPar: number, tEnt: number, tSoc: number, norm: number, belonging: number, efficacy: number, spirit: number, mobilised: number, group: number, building: number, time: number, ctype: number, belief: number, seen: number, part: number, contribution: number, activity: number, out: number, lanes: number, partial: number, chunk: number, terms: number): void;
  sigmoid(x: number, expTable: number): number;
  mobilise(n: number, member: number, rows: number, startAt: number, perMember: number, mobilisation: number, boost: number, contact: number, mobilised: number, start: number, end: number, tgt: number, out: number): void;
  benefitWeights(n: number, rule: number, a0: number, a1: number, a2: number, a3: number, a4: number, need0: number, need1: number, need2: number, need3: number, need4: number, activity: number, benefit: number): number;
  distribute(n: number, par: number, K: number, need0: number, need1: number, need2: number, need3: number, need4: number, benefit: number, part: number, belonging: number, identity: number, efficacy: number, spirit: number, mobilised: number, tenure: number, renter: number): number;
  gini(values: number, n: number, max: number, bins: number): number;
  giniTo(values: number, n: number, max: number, bins: number, out: number): void;
  tieCommit(block: number): number;
  trust(n: number, par: number, tOff: number, tPar: number, tEnt: number, tSoc: number, benefit: number, need0: number, need1: number, need2: number, need3: number, need4: number, part: number, norm: number, wom: number, mobilised: number, chunk: number, chunkLength: number): void;
  influence(n: number, weights: number, start: number, end: number, tgt: number, rec: number, part: number, member: number, contribution: number, tOff: number, tPar: number, tEnt: number, norm: number, seen: number, wom: number, mobilised: number, farStart: number, far: number, blocks: number, farBlock: number): number;
  buildings(n: number, building: number, part: number, tSoc: number, activity: number, size: number, subst: number, strust: number, best: number): void;
  sums(n: number, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number, c6: number, c7: number, building: number, part: number, leader: number, out: number): void;
}

let compiled: { plain: object | null; shared?: object | null } | undefined;

/** The kernels' bytes, decoded from the base64 the library carries. */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The compiled kernels, or null where WebAssembly with SIMD is not available (or is switched off, as a
 * page's content security policy can do). Compiled once per thread.
 */
export function wasmModule(): object | null {
  if (compiled === undefined) {
    compiled = { plain: null };
    try {
      const bytes = kernelBytes();
      if (WASM && WASM.validate(bytes)) compiled.plain = new WASM.Module(bytes);
    } catch {
      compiled.plain = null;
    }
  }
  return compiled.plain;
}

/**
 * The kernels compiled for a shared memory (see {@link sharedModuleBytes}), or null where the engine has
 * no shared WebAssembly memory (a browser page without cross-origin isolation, for one).
 */
export function sharedWasmModule(): object | null {
  if (!wasmModule()) return null;
  if (compiled!.shared === undefined) {
    compiled!.shared = null;
    try {
      const bytes = sharedModuleBytes(kernelBytes());
      if (bytes && typeof SharedArrayBuffer === 'function' && WASM!.validate(bytes)) compiled!.shared = new WASM!.Module(bytes);
    } catch {
      compiled!.shared = null;
    }
  }
  return compiled!.shared;
}

/** The exports a {@link KernelThread} runs, by the index calls give. */
const THREAD_EXPORTS = ['setStream', 'streamState', 'needs', 'commit', 'distribute', 'trust', 'influenceRecords', 'influenceTies', 'sums', 'buildings', 'giniTo'] as const;
const CALL = Object.fromEntries(THREAD_EXPORTS.map((name, k) => [name, k])) as Record<(typeof THREAD_EXPORTS)[number], number>;
/**
 * Fewest residents a kernel splits between two threads: below this, handing half the rows over costs about
 * as much as it saves (a round trip is some microseconds; a kernel some nanoseconds per resident).
 */
export const THREAD_MIN_RESIDENTS = 4096;

/**
 * Scratch with an entry per building: the key this thread's kernels use, the other thread's (with a
 * link), and the type: the teams' leaders (commitment, the reporters' sums) and the buildings' tallies.
 */
const PER_BUILDING = [
  ['leader', 'wLeader', 'i32'],
  ['bsize', 'wBsize', 'i32'],
  ['bsubst', 'wBsubst', 'i32'],
  ['bstrust', 'wBstrust', 'f64'],
  ['best', 'wBest', 'i32'],
] as const;
/** Residents per chunk of the trust kernel's two passes (its scratch holds one f64 each). */
const TRUST_CHUNK = 256;
/** Residents per chunk of the commitment kernel's passes (even: they go in pairs). */
const COMMIT_CHUNK = 256;

/** The WebAssembly kernels of one model, with the memory its resident columns live in. */
export interface WasmKernels {
  readonly kernels: Kernels;
  /** The model's memory: resident columns and the kernels' scratch. */
  readonly arena: Arena;
  /**
   * Size the scratch for `n` residents, `buildings` and `grids`. Called when the model is built and after
   * every structural change, never during a phase: growing the memory would leave the phase's views of the
   * columns stale.
   */
  prepare(n: number, buildings: number, grids: number): void;
  /**
   * Wait for work started ahead on the other thread (sumsAhead), or take it back if not begun, and drop
   * its result: called before the model's state changes other than by a tick's phases (a restore, the next
   * tick's start).
   */
  settle(): void;
  /** The instance's exports (for tests of the random stream's recurrence). */
  readonly exports: Exports;
  /** Runs the network's commits of turnover's edits as a kernel (see Network.runCommitsWith). */
  readonly commitRunner: CommitRunner;
}

/**
 * WebAssembly kernels for a model of about `residents` residents and `bytesPerResident` bytes of columns
 * each, and a network of about `networkBytes`; null where WebAssembly with SIMD is not available.
 */
export function createWasmKernels(residents: number, bytesPerResident: number, networkBytes = 0, thread?: KernelThread): WasmKernels | null {
  const module = thread ? sharedWasmModule() : wasmModule();
  if (!module) return null;
  // Room for the columns, the network and the scratch that grows with residents (leavers, influence
  // records, far ties: 16 + 4 + 4 bytes each, and a quarter more as headroom), plus 1 MB for the rest; the
  // memory grows past that if needed (by a quarter of its size at least, which then stays unused).
  const arena = createArena(residents * (bytesPerResident + 30) + networkBytes + (1 << 20), { shared: !!thread });
  const x = new WASM!.Instance(module, { env: { memory: arena.memory } }).exports as unknown as Exports;
  const link: KernelLink | null = thread ? thread.attach(module, arena.memory, THREAD_EXPORTS) : null;
  return new WasmSet(arena, x, link);
}

/** A column's bytes per element: how much its pointer grows per row. */
const per = (col: ArrayBufferView & { BYTES_PER_ELEMENT: number }) => col.BYTES_PER_ELEMENT;

// Where each split kernel keeps its bias (see split).
const NEEDS = 0;
const COMMIT = 1;
const BUILDINGS = 2;

// Where the Gini started ahead (giniAhead) is: none, waiting for the next shared pass, posted with it, run
// by the other thread (its value at wGini).
const GINI_NONE = 0;
const GINI_WAITING = 1;
const GINI_POSTED = 2;
const GINI_RAN = 3;

/**
 * One model's WebAssembly kernels: its instance, memory and scratch in fields, the code in methods that
 * every model shares. (Not functions made per model: V8 keeps optimised code and call feedback per
 * function, and a model's own functions lose theirs when the model is collected, so every model would wait
 * for the compiler again; see docs/performance.md, fifteenth round.) The kernels themselves are
 * {@link KERNEL_METHODS}, on the prototype.
 *
 * Two threads (with a link), in two ways, each thread on its own scratch:
 * - Kernels whose rows depend on rows before them (the needs and commitment, which draw from the random
 *   stream; the buildings' tallies) run rows [0, h) here and [h, n) on the other thread, with h a
 *   multiple of 64 near n / 2 (see split). What a one-thread pass does across rows is done so as to
 *   give the same bits: the other thread's random draws start from the stream's state 2·h draws ahead
 *   (two draws per resident in both kernels that draw) and the stream ends where that thread's did;
 *   sums in row order go on over its rows after this thread's (needsTail, commitTail); the buildings'
 *   tallies merge as one pass would have them (mergeBuildings).
 * - Kernels that compute each row from that row's inputs alone (distribution, trust, influence's records
 *   and its ties) run as shared passes (ranged): both threads take blocks of rows until none are left.
 *   The largest benefit merges by distribute's own rule; influence writes every record before either
 *   thread reads ties.
 * - The Gini of benefits, a sum in row order that does not split (giniAhead): the other thread runs it
 *   first in the next shared pass's batch (the trust phase's, which reads benefits and writes none),
 *   then takes blocks; this thread meanwhile takes more of the pass.
 */
class WasmSet implements WasmKernels {
  readonly name = 'wasm' as const;
  /** Scratch, registered with the arena under these keys so a growing memory re-creates the views. */
  readonly S: Record<string, unknown> = {};
  /** The calls of the batch being written for the other thread. */
  batch: number[] = [];
  /** The batch posted last, kept so that this thread can run it should it take it back (see runHere). */
  sent: number[] = [];
  /** The exports a batch's calls name by index (THREAD_EXPORTS), on this thread's instance. */
  readonly calls: ((...a: number[]) => number)[];
  /**
   * The reporters' sums, started on the other thread at the end of the tick (sumsAhead) while this one
   * commits the network: the arguments they were started with, until sums takes their result. Any other
   * batch waits for them first (the thread runs one batch at a time, from one block of arguments).
   */
  ahead: { n: number; at: number[]; buildings: number } | null = null;
  /** A shared pass's arguments for one block (see ranged). */
  readonly argv: number[] = [];
  /**
   * Where each split kernel (NEEDS, COMMIT, BUILDINGS) splits: half the rows and this bias, in steps of 64
   * rows. Each wait moves the bias 64 rows towards the thread that finished first (its share grows), so the
   * two halves take about as long on this host. The split never changes a result, only when each thread
   * is done.
   */
  readonly bias = new Int32Array(3);
  /** The Gini started ahead (giniAhead): where it is (GINI_NONE …), and its arguments. */
  giniState = GINI_NONE;
  readonly giniArgs = [0, 0, 0];
  readonly commitRunner: CommitRunner;

  constructor(
    readonly arena: Arena,
    readonly x: Exports,
    readonly link: KernelLink | null,
  ) {
    this.calls = THREAD_EXPORTS.map((name) => (x as unknown as Record<string, (...a: number[]) => number>)[name]);
    this.commitRunner = new TieRunner(x);
    this.own('io', 'f64', 8);
    this.own('par', 'f64', 32);
    this.own('tab', 'f64', 32);
    this.own('give', 'f64', 12);
    this.own('acc', 'f64', 8);
    // The commitment kernel's records, one per pair of a chunk, of the size the module says (the needs
    // kernel uses the first 32 bytes); and per resident of a chunk, four f64 for the trust kernel, one for the
    // commitment kernel.
    this.own('lanes', 'f64', Math.max(4, Math.ceil(((COMMIT_CHUNK / 2) * this.x.COMMIT_RECORD.value) / 8)));
    this.own('chunk', 'f64', Math.max(4 * TRUST_CHUNK, COMMIT_CHUNK));
    if (this.link) {
      // The second thread's own scratch, the same as the first's (see prepare for what grows).
      this.own('wLanes', 'f64', (this.S.lanes as Column).length);
      this.own('wChunk', 'f64', (this.S.chunk as Column).length);
      this.own('wOut', 'f64', 8);
      this.own('wIo', 'f64', 8);
      this.own('wSums', 'f64', 17);
      this.own('wBins', 'f64', 2 * 4097);
      this.own('wGini', 'f64', 1);
      // A shared pass's claim word (the first), alone on its 64 bytes of memory.
      this.own('claim', 'i32', 16);
    }
    this.own('expTable', 'f64', EXP_TABLE.length);
    this.f64('expTable').set(EXP_TABLE);
    this.own('bins', 'f64', 2 * 4097);
    this.own('needsOut', 'f64', 8);
    this.own('sumsOut', 'f64', 17);
    this.own('edge', 'f64', SIGMOID_TABLE.edge.length);
    this.f64('edge').set(SIGMOID_TABLE.edge);
    this.f64('give').set(GIVE_CC);
    this.f64('give').set(GIVE_HUMP, 4);
    this.f64('give').set(GIVE_UNC, 8);
  }

  get kernels(): Kernels {
    return this;
  }

  /** The instance's exports (for tests of the random stream's recurrence). */
  get exports(): Exports {
    return this.x;
  }

  f64(key: string): Float64Array {
    return this.S[key] as Float64Array;
  }

  i32(key: string): Int32Array {
    return this.S[key] as Int32Array;
  }

  /** Scratch `key` of at least `length` elements (times `headroom` when it grows). */
  own(key: string, type: ColumnType, length: number, headroom = 1): void {
    const S = this.S;
    const have = S[key] as Column | undefined;
    if (have && have.length >= length) return;
    const next = this.arena.allocate(type, Math.ceil(length * headroom), S, key);
    // Read the old block again: allocating may have grown the memory and re-created its view.
    const old = S[key] as Column | undefined;
    if (old) this.arena.free(old);
    S[key] = next;
  }

  /** An array's byte offset; it must live in this model's memory. */
  at(col: ArrayBufferView): number {
    if (col.buffer !== this.arena.buffer) throw new Error('coprod: an array the kernels read (a resident column or the network) is not in the model’s WebAssembly memory (was a column array replaced?)');
    return col.byteOffset;
  }

  ptr(key: string): number {
    return (this.S[key] as Column).byteOffset;
  }

  hand(random: RandomStream): void {
    const s = random.state();
    this.x.setStream(s.s0, s.s1, s.s2, s.c);
  }

  takeBack(random: RandomStream): void {
    this.x.streamState(this.ptr('io'));
    const io = this.f64('io');
    random.setState({ s0: io[0], s1: io[1], s2: io[2], c: io[3] });
  }

  fits(key: string, length: number): void {
    if ((this.S[key] as Column).length < length) throw new Error(`coprod: kernel scratch "${key}" holds ${(this.S[key] as Column).length}, needs ${length} (prepare was not called after a structural change)`);
  }

  add(call: number, ...args: number[]): void {
    this.batch.push(call, args.length);
    for (const a of args) this.batch.push(a);
  }

  post(): void {
    this.settle();
    this.link!.post(this.batch);
    const sent = this.sent;
    this.sent = this.batch;
    this.batch = sent;
    this.batch.length = 0;
  }

  /**
   * The batch posted last, run on this thread (plain calls: a shared pass's are taken back in ranged): for
   * when the other thread had not begun it by the time this one needed its results, being off its core
   * or asleep (see KernelLink.cancel). The same calls on the same memory, so the same bits; the value the
   * last call returned.
   */
  runHere(): number {
    const B = this.sent;
    const argv = this.argv;
    let value = 0;
    for (let p = 0; p < B.length; p += 2 + B[p + 1]) {
      const a = B[p + 1];
      argv.length = a;
      for (let k = 0; k < a; k++) argv[k] = B[p + 2 + k];
      value = this.calls[B[p]].apply(null, argv);
    }
    return value;
  }

  /**
   * Wait for work started ahead on the other thread (sumsAhead), or take it back if not begun, and drop
   * its result: called before the model's state changes other than by a tick's phases (a restore, the next
   * tick's start). Whether the
   * other thread ran it (false also when it was taken back before it began, or there was none).
   */
  settle(): boolean {
    if (!this.ahead) return false;
    this.ahead = null;
    const link = this.link!;
    if (link.cancel?.()) return false;
    link.wait();
    return true;
  }

  /**
   * A shared pass over rows [0, n) (RANGED_CALL in threads.ts): the other thread takes blocks from the back
   * while this one takes them from the front, until they meet; so neither waits for the other much longer
   * than a block, however the host shares its cores out. For kernels that compute each row from that row's
   * inputs alone. `mine` are this thread's arguments for the whole pass (n first), `grow` how much each
   * grows per row (a column's bytes per element, 1 for a row number, 0 for a constant), `theirs` the other
   * thread's (its own scratch in place of this one's). The largest value a block returned, by one pass's
   * rule (a later row's only if greater). Below THREAD_MIN_RESIDENTS rows, or without a thread, one call
   * here.
   */
  ranged(call: number, fn: (...a: number[]) => unknown, mine: readonly number[], grow: readonly number[], theirs = mine): number {
    const n = mine[0];
    const link = this.link;
    if (!link || n < THREAD_MIN_RESIDENTS) return fn.apply(null, mine as number[]) as number;
    const unit = rangedUnit(n);
    const W = this.i32('claim');
    Atomics.store(W, 0, rangedClaims(n, unit));
    // A Gini started ahead goes first in the other thread's batch; this thread takes more of the pass.
    const gini = this.giniState === GINI_WAITING;
    if (gini) {
      const [at, rows, max] = this.giniArgs;
      this.add(CALL.giniTo, at, rows, max, this.ptr('wBins'), this.ptr('wGini'));
      this.giniState = GINI_POSTED;
    }
    this.add(-1 - call, this.ptr('claim'), unit, ...grow, ...theirs);
    this.post();
    let value = -Infinity;
    const a = mine.length;
    const argv = this.argv;
    argv.length = a;
    for (let lo = 0, to = rangedFront(W, 0); to >= 0; lo = to, to = rangedFront(W, 0)) {
      const first = lo * unit;
      argv[0] = Math.min(to * unit, n) - first;
      for (let k = 1; k < a; k++) argv[k] = mine[k] + grow[k] * first;
      const v = fn.apply(null, argv) as number;
      if (v > value) value = v;
    }
    // The other thread took no block if it has not begun the batch: then it never will.
    const taken = link.cancel?.() ?? false;
    const later = taken ? -Infinity : link.wait();
    if (gini) this.giniState = taken ? GINI_WAITING : GINI_RAN;
    return later > value ? later : value;
  }

  /** Where kernel `kernel` (NEEDS, COMMIT, BUILDINGS) splits `n` rows: 0 to run them all here. */
  split(n: number, kernel: number): number {
    if (!this.link || n < THREAD_MIN_RESIDENTS) return 0;
    const bias = this.bias;
    const limit = (n >> 8) << 6;
    if (bias[kernel] > limit) bias[kernel] = limit;
    if (bias[kernel] < -limit) bias[kernel] = -limit;
    return ((n >> 7) << 6) + bias[kernel];
  }

  /**
   * The other thread's rows of a split kernel: waited for, or run here if that thread has not begun them
   * by now (it is off its core or asleep; this thread's rows took far longer than the thread takes to
   * begin a batch when it runs).
   */
  wait(kernel: number): number {
    const link = this.link!;
    const done = link.done();
    this.bias[kernel] += done ? -64 : 64;
    if (!done && link.cancel?.()) return this.runHere();
    return link.wait();
  }

  /** A column's byte offset at row h (the other thread's first row). */
  from(h: number, col: ArrayBufferView & { BYTES_PER_ELEMENT: number }): number {
    return this.at(col) + h * col.BYTES_PER_ELEMENT;
  }

  /** The stream taken back from the other thread's end state (written by its streamState call to wIo). */
  takeFromThread(random: RandomStream): void {
    const io = this.f64('wIo');
    random.setState({ s0: io[0], s1: io[1], s2: io[2], c: io[3] });
  }

  /**
   * The buildings' tallies over rows [h, n), from the other thread, merged into this thread's over [0, h),
   * as one pass in row order would have them: counts add; the most active row is the other thread's only
   * if more active (the first of the most active wins); a building's social trust, a sum in row order, is
   * the other thread's if this thread's rows had none of the building (0 + x is x), and otherwise goes on
   * over the building's rows past h, in order (few in a layout where rows come building by building).
   */
  mergeBuildings(B: number, h: number, building: Column, trust_social: Column, activity: Column): void {
    const size = this.i32('bsize');
    const subst = this.i32('bsubst');
    const strust = this.f64('bstrust');
    const best = this.i32('best');
    const wSize = this.i32('wBsize');
    const wSubst = this.i32('wBsubst');
    const wStrust = this.f64('wBstrust');
    const wBest = this.i32('wBest');
    let straddling = 0;
    for (let b = 0; b < B; b++) {
      const more = wSize[b];
      if (more === 0) continue;
      if (size[b] === 0) strust[b] = wStrust[b];
      else {
        straddling += more;
        wSize[b] = -more; // marked: its trust goes on below
      }
      size[b] += more;
      subst[b] += wSubst[b];
      const j = wBest[b] + h;
      if (best[b] < 0 || activity[j] > activity[best[b]]) best[b] = j;
    }
    for (let i = h; straddling > 0; i++) {
      const b = building[i];
      if (wSize[b] < 0) {
        strust[b] += trust_social[i];
        straddling--;
      }
    }
  }

  /** The other thread's stream: this one's `k` draws ahead. */
  streamFor(random: RandomStream, k: number): [number, number, number, number] {
    const s = random.state();
    return streamAhead(s.s0, s.s1, s.s2, s.c, k);
  }

  prepare(n: number, buildings: number, grids: number): void {
    this.own('leavers', 'i32', Math.max(1, n), 1.25);
    this.own('members', 'i32', Math.max(1, n), 1.25);
    this.own('rec', 'f32', 4 * Math.max(1, n), 1.25);
    this.own('farStart', 'i32', Math.ceil(n / FAR_BLOCK) + 1, 1.25);
    this.own('far', 'i32', Math.max(1, n), 1.25);
    for (const [key, other, type] of PER_BUILDING) {
      this.own(key, type, Math.max(1, buildings));
      if (this.link) this.own(other, type, Math.max(1, buildings));
    }
    this.own('gridNeed', 'f64', Math.max(1, grids));
    this.own('gridSize', 'i32', Math.max(1, grids));
    if (this.link) {
      this.own('wLeavers', 'i32', Math.max(1, n), 1.25);
      this.own('wTerms', 'f64', Math.max(1, n), 1.25);
      this.own('wGridNeed', 'f64', Math.max(1, grids));
      this.own('wGridSize', 'i32', Math.max(1, grids));
    }
  }
}

/**
 * The network's {@link CommitRunner}: its commits of turnover's edits as the tieCommit kernel, on this
 * thread (the kernel takes about 0.4 of the JavaScript's time on the K community). Run on the other thread
 * instead, beside the store's commit, the tick took longer: the reporters' sums then ran here, and the
 * next tick waited for the commit (docs/performance.md, eighteenth round).
 */
class TieRunner implements CommitRunner {
  constructor(readonly x: Exports) {}
  run(block: number): number {
    return this.x.tieCommit(block);
  }
}

/**
 * The kernels of {@link Kernels} on WebAssembly, methods of every {@link WasmSet} (set on its prototype
 * below; written here, in an object of the Kernels type, for the parameters' types).
 */
const KERNEL_METHODS: Omit<Kernels, 'name'> & ThisType<WasmSet> = {
  needs(n, random, arrival, shock, elder, pRenter, pOwner, group, tenure, renter, grid, n0, n1, n2, n3, n4, gridNeed, gridSize, leavers, out) {
    this.fits('leavers', n);
    this.fits('gridNeed', gridNeed.length);
    const T = needTableOf(this.f64('tab'), arrival, elder, pRenter, pOwner);
    // What the kernel reads after the table (the same products as needsKernel computes).
    T[8] = DOMAIN_COUNT;
    T[9] = arrival;
    T[10] = arrival * 0.7;
    T[11] = arrival * 0.8;
    T[12] = shock * 2;
    this.f64('gridNeed').set(gridNeed);
    this.i32('gridSize').set(gridSize);
    this.hand(random);
    const h = this.split(n, NEEDS);
    if (h > 0) {
      this.add(CALL.setStream, ...this.streamFor(random, 2 * h));
      this.add(CALL.needs, n - h, this.ptr('tab'), this.from(h, group), this.from(h, tenure), this.from(h, renter), this.from(h, grid), this.from(h, n0), this.from(h, n1), this.from(h, n2), this.from(h, n3), this.from(h, n4), this.ptr('wGridNeed'), this.ptr('wGridSize'), this.ptr('wLeavers'), this.ptr('wOut'), this.ptr('wLanes'));
      this.add(CALL.streamState, this.ptr('wIo'));
      this.post();
    }
    this.x.needs(h || n, this.ptr('tab'), this.at(group), this.at(tenure), this.at(renter), this.at(grid), this.at(n0), this.at(n1), this.at(n2), this.at(n3), this.at(n4), this.ptr('gridNeed'), this.ptr('gridSize'), this.ptr('leavers'), this.ptr('needsOut'), this.ptr('lanes'));
    if (h > 0) {
      this.wait(NEEDS);
      // The sums and the grids' tallies go on over the other thread's rows; its leavers follow ours.
      this.x.needsTail(n - h, this.from(h, grid), this.from(h, n0), this.from(h, n1), this.from(h, n2), this.from(h, n3), this.from(h, n4), this.ptr('gridNeed'), this.ptr('gridSize'), this.ptr('needsOut'));
      const o = this.f64('needsOut');
      const left = o[5];
      const more = this.f64('wOut')[5];
      const L = this.i32('leavers');
      const W = this.i32('wLeavers');
      for (let k = 0; k < more; k++) L[left + k] = W[k] + h;
      o[5] = left + more;
      this.takeFromThread(random);
    } else this.takeBack(random);
    gridNeed.set(this.f64('gridNeed').subarray(0, gridNeed.length));
    gridSize.set(this.i32('gridSize').subarray(0, gridSize.length));
    out.set(this.f64('needsOut').subarray(0, 6));
    leavers.set(this.i32('leavers').subarray(0, out[5]));
  },
  sum5(n, c0, c1, c2, c3, c4, out) {
    this.x.sum5(n, this.at(c0), this.at(c1), this.at(c2), this.at(c3), this.at(c4), this.ptr('io'));
    out.set(this.f64('io').subarray(0, 5));
  },
  commitment(n, random, w0, wNeed, wTrust, wNorm, wBel, wEff, wSpirit, wCost, ccSlope, bConst, bOthers, bOwn, formalWeight, baseVoice, teamBoost, a0, a1, a2, a3, a4, leader, need0, need1, need2, need3, need4, trust_officials, trust_party, trust_enterprises, trust_social, norm, belonging, efficacy, spirit, mobilised, time, group, ctype, belief, seen, part, contribution, activity, building, out) {
    this.fits('leader', leader.length);
    const { span, grid, cells, margin } = SIGMOID_TABLE;
    this.f64('par').set([w0, wNeed, wTrust, wNorm, wBel, wEff, wSpirit, teamBoost, a0, a1, a2, a3, a4, span, grid, cells, margin, ccSlope, bConst, bOthers, bOwn, formalWeight]);
    // The last cell's index, as an i32 after the 22 f64 (byte 176).
    new Int32Array(this.arena.buffer, this.ptr('par') + 176, 1)[0] = cells - 1;
    commitTableOf(this.f64('tab'), wCost, baseVoice);
    this.i32('leader').set(leader);
    this.hand(random);
    const h = this.split(n, COMMIT);
    if (h > 0) {
      const f = (col: ArrayBufferView & { BYTES_PER_ELEMENT: number }) => this.from(h, col);
      this.add(CALL.setStream, ...this.streamFor(random, 2 * h));
      this.add(CALL.commit, n - h, this.ptr('par'), this.ptr('tab'), this.ptr('edge'), this.ptr('expTable'), this.ptr('give'), this.ptr('leader'), f(need0), f(need1), f(need2), f(need3), f(need4), f(trust_officials), f(trust_party), f(trust_enterprises), f(trust_social), f(norm), f(belonging), f(efficacy), f(spirit), f(mobilised), f(group), f(building), f(time), f(ctype), f(belief), f(seen), f(part), f(contribution), f(activity), this.ptr('wOut'), this.ptr('wLanes'), this.ptr('wChunk'), COMMIT_CHUNK, this.ptr('wTerms'));
      this.add(CALL.streamState, this.ptr('wIo'));
      this.post();
    }
    this.x.commit(h || n, this.ptr('par'), this.ptr('tab'), this.ptr('edge'), this.ptr('expTable'), this.ptr('give'), this.ptr('leader'), this.at(need0), this.at(need1), this.at(need2), this.at(need3), this.at(need4), this.at(trust_officials), this.at(trust_party), this.at(trust_enterprises), this.at(trust_social), this.at(norm), this.at(belonging), this.at(efficacy), this.at(spirit), this.at(mobilised), this.at(group), this.at(building), this.at(time), this.at(ctype), this.at(belief), this.at(seen), this.at(part), this.at(contribution), this.at(activity), this.ptr('acc'), this.ptr('lanes'), this.ptr('chunk'), COMMIT_CHUNK, 0);
    if (h > 0) {
      this.wait(COMMIT);
      // Counts (whole numbers, exact in any order) add up; hours and trust in enterprises go on in row
      // order over the other thread's rows.
      const acc = this.f64('acc');
      const w = this.f64('wOut');
      acc[0] += w[0];
      acc[1] += w[1];
      acc[2] += w[2];
      this.x.commitTail(n - h, this.ptr('wTerms'), this.from(h, trust_enterprises), this.ptr('acc'));
      this.takeFromThread(random);
    } else this.takeBack(random);
    out.set(this.f64('acc').subarray(0, 5));
  },
  mobilise(n, member, startAt, perMember, mobilisation, boost, contact, mobilised, start, end, tgt, out) {
    this.fits('members', n);
    this.x.mobilise(n, this.at(member), this.ptr('members'), startAt, perMember, mobilisation, boost, contact, this.at(mobilised), this.at(start), this.at(end), this.at(tgt), this.ptr('io'));
    out.set(this.f64('io').subarray(0, 3));
  },
  benefitWeights(n, rule, a0, a1, a2, a3, a4, need0, need1, need2, need3, need4, activity, benefit, out) {
    out[0] = this.x.benefitWeights(n, rule, a0, a1, a2, a3, a4, this.at(need0), this.at(need1), this.at(need2), this.at(need3), this.at(need4), this.at(activity), this.at(benefit));
  },
  distribute(n, scale, serve, gB, gI, gE, decay, crowd, tenureScale, a0, a1, a2, a3, a4, need0, need1, need2, need3, need4, benefit, part, belonging, identity, efficacy, spirit, mobilised, tenure, renter, out) {
    this.f64('par').set([scale, serve, decay, tenureScale, a0, a1, a2, a3, a4]);
    distributionTableOf(this.f64('tab'), gB, gI, gE, crowd);
    // The largest benefit merges by the kernel's own rule (ranged).
    const cols = [need0, need1, need2, need3, need4, benefit, part, belonging, identity, efficacy, spirit, mobilised, tenure, renter];
    out[0] = this.ranged(CALL.distribute, this.x.distribute, [n, this.ptr('par'), this.ptr('tab'), ...cols.map(this.at, this)], [0, 0, 0, ...cols.map(per)]);
  },
  gini(values, n, max) {
    return this.x.gini(this.at(values), n, max, this.ptr('bins'));
  },
  giniAhead(values, n, max) {
    if (!this.link || n < THREAD_MIN_RESIDENTS) return false;
    const g = this.giniArgs;
    g[0] = this.at(values);
    g[1] = n;
    g[2] = max;
    this.giniState = GINI_WAITING;
    return true;
  },
  giniTaken() {
    const state = this.giniState;
    if (state === GINI_NONE) return undefined;
    this.giniState = GINI_NONE;
    if (state === GINI_RAN) return this.f64('wGini')[0];
    const [at, n, max] = this.giniArgs;
    return this.x.gini(at, n, max, this.ptr('bins'));
  },
  trust(n, gain, loss, womRate, sGain, sDecay, perf, resp, scandalOff, scandalEnt, entQuality, halfSat, partyPresence, trust_officials, trust_party, trust_enterprises, trust_social, benefit, need0, need1, need2, need3, need4, part, norm, wom, mobilised) {
    this.f64('par').set([gain, loss, womRate, sGain, sDecay, perf, resp, scandalOff, scandalEnt, entQuality, halfSat, partyPresence]);
    const cols = [trust_officials, trust_party, trust_enterprises, trust_social, benefit, need0, need1, need2, need3, need4, part, norm, wom, mobilised];
    const mine = [n, this.ptr('par'), ...cols.map(this.at, this), this.ptr('chunk'), TRUST_CHUNK];
    // The other thread's arguments: the same but for its own chunk scratch.
    const theirs = [...mine];
    if (this.link) theirs[mine.length - 2] = this.ptr('wChunk');
    this.ranged(CALL.trust, this.x.trust, mine, [0, 0, ...cols.map(per), 0, 0], theirs);
  },
  influence(n, exemplar, start, end, tgt, part, member, contribution, trust_officials, trust_party, trust_enterprises, norm, seen, wom, mobilised, farStart, far) {
    this.fits('rec', 4 * n);
    // The far-tie hint only steers which records are read early; where it does not fit, go without.
    let blocks = farStart.length - 1;
    if (blocks > 0 && farStart.length <= this.i32('farStart').length && far.length <= this.i32('far').length) {
      this.i32('farStart').set(farStart);
      this.i32('far').set(far);
    } else blocks = 0;
    // By the neighbour's flags (member · 2 + taking part): its weight (1, or a member's, stored at f32, as
    // influenceKernel's table) and that weight if taking part, else 0.
    const member1 = Math.fround(1 + exemplar);
    this.f64('par').set([1, 0, 1, 1, member1, 0, member1, member1]);
    if (!this.link || n < THREAD_MIN_RESIDENTS) {
      this.x.influence(n, this.ptr('par'), this.at(start), this.at(end), this.at(tgt), this.ptr('rec'), this.at(part), this.at(member), this.at(contribution), this.at(trust_officials), this.at(trust_party), this.at(trust_enterprises), this.at(norm), this.at(seen), this.at(wom), this.at(mobilised), this.ptr('farStart'), this.ptr('far'), blocks, FAR_BLOCK);
      return;
    }
    // Every record is written (both threads' passes done) before either thread reads ties, which read any
    // row's record.
    const records = [part, member, contribution, trust_officials, trust_party, trust_enterprises];
    this.ranged(CALL.influenceRecords, this.x.influenceRecords, [n, this.ptr('par'), this.ptr('rec'), ...records.map(this.at, this)], [0, 0, 16, ...records.map(per)]);
    const mine = [n, this.at(start), this.at(end), this.at(tgt), this.ptr('rec'), this.ptr('rec'), this.at(norm), this.at(seen), this.at(wom), this.at(mobilised), this.ptr('farStart'), this.ptr('far'), blocks, FAR_BLOCK, 0];
    const grow = [0, per(start), per(end), 0, 0, 16, per(norm), per(seen), per(wom), per(mobilised), 0, 0, 0, 0, 1];
    this.ranged(CALL.influenceTies, this.x.influenceTies, mine, grow);
  },
  buildings(n, building, part, trust_social, activity, size, subst, strust, best) {
    const B = size.length;
    this.fits('bsize', B);
    this.i32('bsize').set(size);
    this.i32('bsubst').set(subst);
    this.f64('bstrust').set(strust);
    // best may be longer (scratch shared by models); only its first B entries are the buildings'.
    this.i32('best').set(best.subarray(0, B));
    const h = this.split(n, BUILDINGS);
    if (h > 0) {
      // The other thread's rows tally from nothing (zeros, and no best row yet).
      this.i32('wBsize').fill(0, 0, B);
      this.i32('wBsubst').fill(0, 0, B);
      this.f64('wBstrust').fill(0, 0, B);
      this.i32('wBest').fill(-1, 0, B);
      this.add(CALL.buildings, n - h, this.from(h, building), this.from(h, part), this.from(h, trust_social), this.from(h, activity), this.ptr('wBsize'), this.ptr('wBsubst'), this.ptr('wBstrust'), this.ptr('wBest'));
      this.post();
    }
    this.x.buildings(h || n, this.at(building), this.at(part), this.at(trust_social), this.at(activity), this.ptr('bsize'), this.ptr('bsubst'), this.ptr('bstrust'), this.ptr('best'));
    if (h > 0) {
      this.wait(BUILDINGS);
      this.mergeBuildings(B, h, building, trust_social, activity);
    }
    size.set(this.i32('bsize').subarray(0, B));
    subst.set(this.i32('bsubst').subarray(0, B));
    strust.set(this.f64('bstrust').subarray(0, B));
    best.set(this.i32('best').subarray(0, B));
  },
  sumsAhead(n, c0, c1, c2, c3, c4, c5, c6, c7, building, part, leader) {
    if (!this.link || n < THREAD_MIN_RESIDENTS || leader.length > this.i32('wLeader').length) return;
    const cols = [this.at(c0), this.at(c1), this.at(c2), this.at(c3), this.at(c4), this.at(c5), this.at(c6), this.at(c7), this.at(building), this.at(part)];
    this.settle();
    this.i32('wLeader').set(leader);
    this.add(CALL.sums, n, ...cols, this.ptr('wLeader'), this.ptr('wSums'));
    this.post();
    this.ahead = { n, at: cols, buildings: leader.length };
  },
  sums(n, c0, c1, c2, c3, c4, c5, c6, c7, building, part, leader, out) {
    if (this.ahead) {
      // The same kernel on the same rows gives the same bits on either thread: take the other thread's
      // result if nothing it read has changed since (the reporters come right after the tick's commit).
      const a = this.ahead;
      const ran = this.settle();
      const cols = [c0, c1, c2, c3, c4, c5, c6, c7, building, part];
      let same = ran && a.n === n && a.buildings === leader.length;
      for (let k = 0; same && k < cols.length; k++) same = this.at(cols[k]) === a.at[k];
      const L = this.i32('wLeader');
      for (let b = 0; same && b < leader.length; b++) same = L[b] === leader[b];
      if (same) {
        out.set(this.f64('wSums').subarray(0, 17));
        return;
      }
    }
    this.fits('leader', leader.length);
    this.i32('leader').set(leader);
    this.x.sums(n, this.at(c0), this.at(c1), this.at(c2), this.at(c3), this.at(c4), this.at(c5), this.at(c6), this.at(c7), this.at(building), this.at(part), this.ptr('leader'), this.ptr('sumsOut'));
    out.set(this.f64('sumsOut').subarray(0, 17));
  },
};
interface WasmSet extends Omit<Kernels, 'name'> {}
Object.assign(WasmSet.prototype, KERNEL_METHODS);
