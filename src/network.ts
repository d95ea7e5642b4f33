import type { ColumnMemory } from './arena.js';
import type { RandomStream } from './random.js';
import { COLUMN_CONSTRUCTORS } from './store.js';

/**
 * An undirected network in compressed sparse row form: the neighbours of node i are
 * `targets[offsets[i] .. offsets[i+1])`, sorted ascending, each tie stored in both directions (or, as the
 * rows lie between commits, `slots[rowStart[i] .. rowEnd[i])`).
 * Ties added or removed are queued and applied together by {@link Network.commit}, so a phase reads a
 * fixed network.
 *
 * @example
 * const net = fromEdges(3, [0, 1], [1, 2]);
 * net.degree(1); // 2
 */
export interface Network {
  readonly nodes: number;
  /** The rows packed in compressed sparse row form (nodes + 1 long). Reading it after a commit packs the rows: a copy of every tie. */
  readonly offsets: Int32Array;
  /** See {@link Network.offsets}. */
  readonly targets: Int32Array;
  /**
   * The rows as they lie, for kernels: node i's neighbours are `slots[rowStart[i] .. rowEnd[i])`, sorted
   * ascending. A commit leaves room after the rows and moves a row that outgrows its room, so rows need
   * not be in order or adjacent; that way it rewrites only the rows it touches. Views, good until the
   * next commit or read of `offsets` or `targets`.
   */
  readonly rowStart: Int32Array;
  /** See {@link Network.rowStart}. */
  readonly rowEnd: Int32Array;
  /** See {@link Network.rowStart}. */
  readonly slots: Int32Array;
  /** Undirected ties. */
  readonly ties: number;
  degree(i: number): number;
  hasTie(a: number, b: number): boolean;
  /** Queue a tie (ignored at commit if it exists or a === b). */
  addTie(a: number, b: number): void;
  /** Queue the removal of a tie (ignored at commit if absent). */
  removeTie(a: number, b: number): void;
  /** Queue the removal of every tie of node i. */
  isolate(i: number): void;
  /**
   * Apply queued edits. With `remap` (old node → new node or -1, from a store commit) the nodes are
   * renumbered; `newCount` sets the number of nodes after the commit (more when agents were spawned).
   * Queued ties name nodes in the numbering before the commit; a node at or past the old count is a
   * spawned agent, the k-th spawn being old count + k, and lands after the survivors.
   */
  commit(remap?: Int32Array | null, newCount?: number): void;
  bytes(): number;
  snapshot(): NetworkSnapshot;
  restore(snap: NetworkSnapshot): void;
  /**
   * Run the commits of turnover's edits (isolations and additions, on rows with room) with `runner`, a
   * kernel on the network's memory, or the JavaScript again with null. Only for a network built in a
   * {@link ColumnMemory} that the runner's kernel reads (a model's arena): the rows are the same, at the
   * same places.
   */
  runCommitsWith(runner: CommitRunner | null): void;
}

/**
 * Runs a network's local commit as the `tieCommit` kernel (src/wasm/kernels.ts) reads it from a block of
 * words at byte offset `block` of the network's memory, and returns its outcome: 1 committed, 0 a repack
 * is due, −1 the scratch was too small (neither wrote anything: the network's JavaScript then commits).
 */
export interface CommitRunner {
  run(block: number): number;
}

/** Plain-data copy of a network. */
export interface NetworkSnapshot {
  readonly nodes: number;
  readonly offsets: Int32Array | number[];
  readonly targets: Int32Array | number[];
}

/** A growable list of undirected edges, for generators. */
export class EdgeList {
  src: Int32Array;
  dst: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.src = new Int32Array(Math.max(1, capacity));
    this.dst = new Int32Array(Math.max(1, capacity));
  }
  push(a: number, b: number): void {
    if (this.length === this.src.length) {
      const s = new Int32Array(this.src.length * 2);
      s.set(this.src);
      this.src = s;
      const d = new Int32Array(this.dst.length * 2);
      d.set(this.dst);
      this.dst = d;
    }
    this.src[this.length] = a;
    this.dst[this.length] = b;
    this.length++;
  }
}

/** Sort each row's slice of `targets` ascending and drop duplicates and self-ties; returns compacted arrays. */
function buildCsr(n: number, src: Int32Array, dst: Int32Array, m: number): { offsets: Int32Array; targets: Int32Array } {
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const a = src[e];
    const b = dst[e];
    if (a === b) continue;
    deg[a + 1]++;
    deg[b + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n);
  const raw = new Int32Array(deg[n]);
  for (let e = 0; e < m; e++) {
    const a = src[e];
    const b = dst[e];
    if (a === b) continue;
    raw[fill[a]++] = b;
    raw[fill[b]++] = a;
  }
  // Sort and dedupe each row in place, then compact.
  const offsets = new Int32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const lo = deg[i];
    const hi = deg[i + 1];
    sortInts(raw, lo, hi);
    offsets[i] = w;
    let last = -1;
    for (let k = lo; k < hi; k++) {
      const v = raw[k];
      if (v !== last) {
        raw[w++] = v;
        last = v;
      }
    }
  }
  offsets[n] = w;
  return { offsets, targets: w === raw.length ? raw : raw.slice(0, w) };
}

/** Sort a[from..to) ascending: insertion sort for the short rows of a network, the built-in sort otherwise. */
function sortInts(a: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= from && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Keeps a commit's reads ahead from being optimised away. */
const readSink = { value: 0 };

// The words of a commit run by a CommitRunner (TIE_* in src/wasm/kernels.ts).
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
const TIE_WORDS = 27;

/** Ordinary memory: a new typed array each time (the default of the networks built here). */
const PLAIN: ColumnMemory = {
  allocate: (type, length) => new COLUMN_CONSTRUCTORS[type](length),
  free() {},
};
const NO_INTS: Int32Array = new Int32Array(0);

/** A buffer, held where the memory can replace it: `v` is re-created (same bytes) when the memory moves. */
interface Held {
  v: Int32Array;
}
/** See {@link Held}. */
interface HeldBytes {
  v: Uint8Array;
}
const NO_BYTES: Uint8Array = new Uint8Array(0);

/** The free space a repack leaves after the rows, for rows that outgrow their room until the next. */
const tail = (rooms: number): number => (rooms >> 4) + 64;
/** Entries a repack of `count` entries in `nodeCount` rows can need, free space included (see room). */
const repackBound = (count: number, nodeCount: number): number => {
  const rooms = count + nodeCount + (count >> 3);
  return rooms + tail(rooms);
};
/** What `reserve` allocates for `need` entries: 5% more, and some. */
const reserved = (need: number): number => Math.ceil(need * 1.05) + 16;

/**
 * Bytes a network of `nodes` nodes and `ties` ties can take in the memory it was given (a model's arena)
 * while commits only replace ties: the rows' starts and ends, and the entries in a repack's room twice (the
 * live rows and the spare a commit writes) plus once as they were packed (held while a larger spare is
 * allocated); and the commits' arrays by node (slot and room end, 4 bytes each, and a byte's mark). A
 * memory sized for this much does not grow at the first commits, where growing would make a new view of
 * every array in it and the code that held the old ones would be optimised again.
 */
export function networkMemoryBytes(nodes: number, ties: number): number {
  const entries = 2 * ties;
  return 4 * (2 * reserved(nodes + 1) + 2 * reserved(repackBound(entries, nodes)) + reserved(entries)) + 9 * nodes;
}

function createCsrNetwork(n: number, offsets: Int32Array, targets: Int32Array, memory: ColumnMemory = PLAIN): Network {
  let nodes = n;
  let adds = new EdgeList(16);
  let removes = new EdgeList(16);
  let isolated: number[] = [];
  // Buffers in `memory`, where the kernels read them:
  // - offB, each row's start (nodes + 1 entries; when packed, offB[nodes] is the number of entries);
  // - endB, each row's end, once a local commit has left room after the rows (packed, they are offB[1..]);
  // - tgtB, the rows' entries, and spareTgtB, which a repack, a packing or a full commit writes before
  //   the two swap (so there is no 30 MB allocation per tick at 1M);
  // - spareOffB, a full commit's new offsets (swapped with offB).
  // A buffer is only ever allocated by a commit, by `reserve`, before it takes its views or after it has
  // written the rows: allocating in an arena can move every array in it.
  let offB: Held = { v: NO_INTS };
  let endB: Held = { v: NO_INTS };
  let tgtB: Held = { v: NO_INTS };
  let spareOffB: Held = { v: NO_INTS };
  let spareTgtB: Held = { v: NO_INTS };
  /** Room for `need` entries in `b` (contents not kept). */
  const reserve = (b: Held, need: number): void => {
    // The shared empty array is in no memory: even an empty network's arrays are allocated there.
    if (b.v !== NO_INTS && b.v.length >= need) return;
    const next = memory.allocate('i32', reserved(need), b as unknown as Record<string, unknown>, 'v') as Int32Array;
    // Read the old buffer again: allocating may have moved the memory and re-created it.
    memory.free(b.v);
    b.v = next;
  };
  // Packed: the rows in node order with nothing between them, so that `offsets` and `targets` are views
  // of the buffers. A local commit gives each row some room after it (a repack) and from then on rewrites
  // only the rows it touches: in place, or at the free space after all the rows (from `top`) when a row
  // has outgrown its room; a repack again when that space runs out, when the rooms hold twice what the
  // rows need, or when too many rows lie out of order (see localCommit). Reading `offsets` or `targets`
  // packs.
  let packed = true;
  /** Entries (each tie twice): the sum of the rows' lengths. */
  let entries = 0;
  /** Where the free space after the rows' rooms starts. */
  let top = 0;
  /** Rows moved to the free space since the last repack: they lie out of node order. */
  let moved = 0;
  /** Where each row's room ends (only commits read it). */
  const limitB: Held = { v: NO_INTS };
  // Views of the buffers, made again whenever the memory has re-created one, or the layout changed:
  // S, the starts (nodes + 1 long); E, the ends; T, the whole entries buffer; and the public views.
  let S = NO_INTS;
  let E = NO_INTS;
  let T = NO_INTS;
  let startView = NO_INTS;
  let tgtView = NO_INTS;
  let seenOff = NO_INTS;
  let seenEnd = NO_INTS;
  let seenTgt = NO_INTS;
  let stale = true;
  const fresh = (): void => {
    if (!stale && offB.v === seenOff && endB.v === seenEnd && tgtB.v === seenTgt) return;
    stale = false;
    seenOff = offB.v;
    seenEnd = endB.v;
    seenTgt = tgtB.v;
    S = seenOff.subarray(0, nodes + 1);
    E = packed ? seenOff.subarray(1, nodes + 1) : seenEnd.subarray(0, nodes);
    T = seenTgt;
    startView = seenOff.subarray(0, nodes);
    tgtView = packed ? seenTgt.subarray(0, entries) : seenTgt;
  };
  /** The entries buffers trade places (the spare was just written). */
  const swapEntries = (): void => {
    [tgtB, spareTgtB] = [spareTgtB, tgtB];
    stale = true;
  };
  reserve(offB, n + 1);
  offB.v.set(offsets.subarray(0, n + 1));
  reserve(tgtB, offsets[n]);
  tgtB.v.set(targets.subarray(0, offsets[n]));
  entries = top = offsets[n];
  fresh();
  /** The first `length` entries of a spare, zeroed unless told not to. */
  const take = (spare: Int32Array, length: number, zero = true): Int32Array => {
    const view = spare.subarray(0, length);
    if (zero) view.fill(0);
    return view;
  };
  // A view of the whole buffer the entries and their spare share when they are in one memory.
  let heap: Int32Array = NO_INTS;
  /** Copy `len` entries from `src` at s to `dst` at d: a loop for a short row, a block move otherwise. */
  const moveEntries = (dst: Int32Array, d: number, src: Int32Array, s: number, len: number): void => {
    if (len <= 16) {
      for (let k = 0; k < len; k++) dst[d + k] = src[s + k];
    } else if (dst.buffer === src.buffer) {
      if (heap.buffer !== src.buffer) heap = new Int32Array(src.buffer);
      const db = dst.byteOffset >> 2;
      const sb = src.byteOffset >> 2;
      heap.copyWithin(db + d, sb + s, sb + s + len);
    } else dst.set(src.subarray(s, s + len), d);
  };
  /** A row's room for `len` entries: some to grow into, so that most commits rewrite it in place. */
  const room = (len: number): number => len + 1 + (len >> 3);
  /** Rows that may lie out of node order before a repack (about 330 on the K community's 40,000). */
  const movedMax = (nodeCount: number): number => (nodeCount >> 7) + 16;

  /** Rows in node order with nothing between them (see `packed`); the spare has room (see commit). */
  const pack = (): void => {
    if (packed) return;
    fresh();
    const D = spareTgtB.v;
    let w = 0;
    for (let i = 0; i < nodes; i++) {
      const s = S[i];
      const len = E[i] - s;
      S[i] = w;
      moveEntries(D, w, T, s, len);
      w += len;
    }
    S[nodes] = w;
    top = w;
    packed = true;
    swapEntries();
    fresh();
  };

  // Node → index among the rows a local commit rewrites, -1 elsewhere (kept all -1 between commits); and
  // a mark per node, kept 0 between commits. In the memory, where a commit runner's kernel reads them.
  const slotB: Held = { v: NO_INTS };
  const goneB: HeldBytes = { v: NO_BYTES };
  /** Room for `n` nodes in the commits' arrays by node (slot, the marks and the rooms' ends), kept. */
  const nodeScratch = (n: number): void => {
    const grow = (b: Held | HeldBytes, type: 'i32' | 'u8', fill: number): void => {
      if (b.v !== NO_INTS && b.v !== NO_BYTES && b.v.length >= n) return;
      const next = memory.allocate(type, Math.max(n, Math.ceil(b.v.length * 1.5)), b as unknown as Record<string, unknown>, 'v') as Int32Array | Uint8Array;
      // Read the old array again: allocating may have moved the memory and re-created it.
      const old = b.v;
      if (fill !== 0) next.fill(fill);
      (next as Int32Array).set(old as Int32Array);
      memory.free(old);
      b.v = next as Int32Array & Uint8Array;
    };
    grow(slotB, 'i32', -1);
    grow(limitB, 'i32', 0);
    grow(goneB, 'u8', 0);
  };
  // Scratch of the local commit, kept between commits and grown as needed: the rewritten rows' nodes,
  // and the rows' new contents.
  let dirtyRows: Int32Array = new Int32Array(64);
  let rowScratch: Int32Array = new Int32Array(64);
  // The rewritten rows' start, end and room end, three per row.
  let spans: Int32Array = new Int32Array(192);
  const grown = (a: Int32Array, need: number): Int32Array => {
    if (a.length >= need) return a;
    const b = new Int32Array(Math.max(need, a.length * 2));
    b.set(a);
    return b;
  };

  /**
   * Every row into the spare with room after it, the touched ones (`slot`) from the scratch: `rows`, row k's
   * entries at rowStart[k] .. rowStart[k + 1]. A function of its own, so that the commit's hot loops keep
   * their optimised code when a repack first runs. E may be a view of the starts (packed): row i's end is
   * read before the next row's start is written. The spare has a repack's room (see commit).
   */
  const repack = (n: number, rowStart: Int32Array, rows: Int32Array): void => {
    const D = spareTgtB.v;
    const ends = endB.v;
    const slot = slotB.v;
    const limit = limitB.v;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const k = slot[i];
      const s = S[i];
      const l = k >= 0 ? rowStart[k + 1] - rowStart[k] : E[i] - s;
      if (k >= 0) moveEntries(D, w, rows, rowStart[k], l);
      else moveEntries(D, w, T, s, l);
      S[i] = w;
      ends[i] = w + l;
      w += room(l);
      limit[i] = w;
    }
    top = w;
    moved = 0;
    packed = false;
    swapEntries();
  };

  /**
   * Edits without renumbering (isolations, removals, additions): only the rows they touch are rebuilt,
   * and written back in place, or at the free space when they outgrew their room. A repack (every row
   * copied, each given room) only when the rows are packed, the free space has run out or the rooms hold
   * twice what the rows need. The spare has a repack's room (see commit).
   */
  const localCommit = (): void => {
    const n = nodes;
    nodeScratch(n);
    fresh();
    const slot = slotB.v;
    const limit = limitB.v;
    let nd = 0;
    const touch = (a: number) => {
      if (slot[a] < 0) {
        slot[a] = nd;
        if (nd === dirtyRows.length) dirtyRows = grown(dirtyRows, nd + 1);
        dirtyRows[nd++] = a;
      }
    };
    // Isolated nodes, marked in a buffer kept between commits (cleared again below).
    let gone: Uint8Array | null = null;
    for (const i of isolated) {
      if (!(i >= 0 && i < n)) continue;
      if (!gone) gone = goneB.v;
      gone[i] = 1;
      touch(i);
      for (let p = S[i], end = E[i]; p < end; p++) touch(T[p]);
    }
    let dead: Set<number> | null = null;
    for (let e = 0; e < removes.length; e++) {
      const a = removes.src[e];
      const b = removes.dst[e];
      if (a < 0 || a >= n || b < 0 || b >= n) continue;
      const pa = find(a, b);
      if (pa < 0) continue;
      if (!dead) dead = new Set();
      dead.add(pa);
      dead.add(find(b, a));
      touch(a);
      touch(b);
    }
    const addA = new Int32Array(2 * adds.length);
    let na = 0;
    for (let e = 0; e < adds.length; e++) {
      const a = adds.src[e];
      const b = adds.dst[e];
      if (a < 0 || b < 0 || a >= n || b >= n || a === b) continue;
      addA[na++] = a;
      addA[na++] = b;
      touch(a);
      touch(b);
    }
    // Additions grouped by the row they land in (both directions); rows in the order first touched.
    const addStart = new Int32Array(nd + 1);
    for (let k = 0; k < na; k++) addStart[slot[addA[k]] + 1]++;
    for (let k = 0; k < nd; k++) addStart[k + 1] += addStart[k];
    const addTo = new Int32Array(na);
    const addFill = addStart.slice(0, nd);
    for (let k = 0; k < na; k += 2) {
      addTo[addFill[slot[addA[k]]]++] = addA[k + 1];
      addTo[addFill[slot[addA[k + 1]]]++] = addA[k];
    }
    // The touched rows' starts, ends and room ends, gathered in a loop of their own: these reads miss the
    // cache, and there they can be in flight together (in the loop below, each row waits on the last).
    // Then a read of each row's first entry, for the same reason.
    if (spans.length < 3 * nd) spans = new Int32Array(Math.max(3 * nd, 2 * spans.length));
    const span = spans;
    let rowsRoom = na;
    for (let k = 0; k < nd; k++) {
      const a = dirtyRows[k];
      const s = S[a];
      const e = E[a];
      span[3 * k] = s;
      span[3 * k + 1] = e;
      span[3 * k + 2] = limit[a];
      rowsRoom += e - s;
    }
    let first = 0;
    for (let k = 0; k < nd; k++) if (span[3 * k + 1] > span[3 * k]) first ^= T[span[3 * k]];
    readSink.value = first;
    // The rewritten rows, sorted and deduplicated, one after another; and the room they need at the
    // free space (those that outgrew theirs).
    const rowStart = new Int32Array(nd + 1);
    const rows = (rowScratch = grown(rowScratch, rowsRoom));
    let len = 0;
    let change = 0;
    let outgrown = 0;
    for (let k = 0; k < nd; k++) {
      const a = dirtyRows[k];
      const from = len;
      const s = span[3 * k];
      const e = span[3 * k + 1];
      if (!(gone && gone[a])) {
        for (let p = s; p < e; p++) {
          const b = T[p];
          if ((gone && gone[b]) || (dead && dead.has(p))) continue;
          rows[len++] = b;
        }
      }
      if (addStart[k + 1] > addStart[k]) {
        for (let q = addStart[k]; q < addStart[k + 1]; q++) rows[len++] = addTo[q];
        sortInts(rows, from, len);
        let w = from + 1;
        for (let q = from + 1; q < len; q++) if (rows[q] !== rows[w - 1]) rows[w++] = rows[q];
        len = w;
      }
      rowStart[k + 1] = len;
      change += len - from - (e - s);
      if (s + len - from > span[3 * k + 2]) outgrown += room(len - from);
    }
    // In place, unless the free space has run out, or the rooms have grown to twice what the rows need (a
    // network that thins, as the K community's does over ten years, would otherwise keep its first size),
    // or too many rows lie out of order: a kernel that reads the rows in node order waits on memory at
    // each (on the K community, the influence phase took 1.16 of its time on packed rows, and 1.03 with
    // rows repacked every tick). `movedMax` balances that against a repack's copy of every tie.
    if (!packed && top + outgrown <= T.length && top <= 2 * (entries + n) + 1024 && moved <= movedMax(n)) {
      // Each row back in place, or at the free space.
      for (let k = 0; k < nd; k++) {
        const a = dirtyRows[k];
        const l = rowStart[k + 1] - rowStart[k];
        let s = span[3 * k];
        if (s + l > span[3 * k + 2]) {
          moved++;
          s = S[a] = top;
          top += room(l);
          limit[a] = top;
        }
        moveEntries(T, s, rows, rowStart[k], l);
        E[a] = s + l;
      }
    } else repack(n, rowStart, rows);
    for (let k = 0; k < nd; k++) slot[dirtyRows[k]] = -1;
    entries += change;
    if (gone) for (const i of isolated) if (i >= 0 && i < n) gone[i] = 0;
    // Packing writes the spare: room for every entry (after a repack the spare is the old, smaller buffer).
    // Allocated after the rows are written, at the end of the commit.
    reserve(spareTgtB, entries);
    stale = true;
  };

  // Commits run by a CommitRunner (runCommitsWith): the runner, its block and scratch in the memory, and
  // the scratch's room by rows touched and entries rewritten (grown when a commit found it too small).
  let runner: CommitRunner | null = null;
  const tieB: Held = { v: NO_INTS };
  let dirtyRoom = 0;
  let rowsRoom = 0;

  /**
   * The local commit of the queued edits by the runner, if it can take them (isolations and additions
   * only, on rows with room) and did: true once committed. Everything it needs is allocated first.
   */
  const runnerCommit = (): boolean => {
    if (!runner || packed || removes.length > 0) return false;
    const n = nodes;
    nodeScratch(n);
    // Room for every queued edit; those naming nodes outside the network (or a self-tie) are left out below.
    const ni = isolated.length;
    const na = adds.length;
    const D = Math.max(dirtyRoom, 16 * ni + 2 * na + 64);
    const R = Math.max(rowsRoom, 8 * D + 256);
    // After the block: the isolated nodes, the additions (pairs), where they land, and the rows' scratch.
    const isoAt = TIE_WORDS;
    const addsAt = isoAt + ni;
    const addTo = addsAt + 2 * na;
    const dirty = addTo + 2 * na;
    const spans = dirty + D;
    const rowStart = spans + 3 * D;
    const addStart = rowStart + D + 1;
    const addFill = addStart + D + 1;
    const rows = addFill + D;
    reserve(tieB, rows + R);
    fresh();
    const W = tieB.v;
    let k = isoAt;
    for (const i of isolated) if (i >= 0 && i < n) W[k++] = i;
    W[TIE_ISOLATED_COUNT] = k - isoAt;
    k = addsAt;
    for (let e = 0; e < na; e++) {
      const a = adds.src[e];
      const b = adds.dst[e];
      if (a < 0 || b < 0 || a >= n || b >= n || a === b) continue;
      W[k++] = a;
      W[k++] = b;
    }
    W[TIE_ADDS_COUNT] = (k - addsAt) >> 1;
    const base = W.byteOffset;
    W[TIE_N] = n;
    W[TIE_START] = S.byteOffset;
    W[TIE_END] = E.byteOffset;
    W[TIE_SLOTS] = T.byteOffset;
    W[TIE_SLOTS_LENGTH] = T.length;
    W[TIE_LIMIT] = limitB.v.byteOffset;
    W[TIE_SLOT] = slotB.v.byteOffset;
    W[TIE_GONE] = goneB.v.byteOffset;
    W[TIE_ISOLATED] = base + 4 * isoAt;
    W[TIE_ADDS] = base + 4 * addsAt;
    W[TIE_DIRTY] = base + 4 * dirty;
    W[TIE_DIRTY_ROOM] = D;
    W[TIE_SPANS] = base + 4 * spans;
    W[TIE_ROW_START] = base + 4 * rowStart;
    W[TIE_ROWS] = base + 4 * rows;
    W[TIE_ROWS_ROOM] = R;
    W[TIE_ADD_START] = base + 4 * addStart;
    W[TIE_ADD_FILL] = base + 4 * addFill;
    W[TIE_ADD_TO] = base + 4 * addTo;
    W[TIE_TOP] = top;
    W[TIE_MOVED] = moved;
    W[TIE_ENTRIES] = entries;
    W[TIE_MOVED_MAX] = movedMax(n);
    const status = runner.run(base);
    if (status < 0) {
      // Room for what it needed (0 for the rows when it stopped before counting them).
      dirtyRoom = Math.max(dirtyRoom, Math.ceil(1.5 * W[TIE_NEED_DIRTY]));
      rowsRoom = Math.max(rowsRoom, Math.ceil(1.5 * W[TIE_NEED_ROWS]));
    }
    if (status !== 1) return false;
    top = W[TIE_TOP];
    moved = W[TIE_MOVED];
    entries = W[TIE_ENTRIES];
    stale = true;
    // As at the end of localCommit.
    reserve(spareTgtB, entries);
    return true;
  };

  const find = (a: number, b: number): number => {
    let lo = S[a];
    let hi = E[a] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = T[mid];
      if (v === b) return mid;
      if (v < b) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };

  const net: Network = {
    get nodes() {
      return nodes;
    },
    get offsets() {
      pack();
      fresh();
      return S;
    },
    get targets() {
      pack();
      fresh();
      return tgtView;
    },
    get rowStart() {
      fresh();
      return startView;
    },
    get rowEnd() {
      fresh();
      return E;
    },
    get slots() {
      fresh();
      return T;
    },
    get ties() {
      return entries / 2;
    },
    degree(i) {
      fresh();
      return E[i] - S[i];
    },
    hasTie(a, b) {
      fresh();
      return find(a, b) >= 0;
    },
    addTie(a, b) {
      if (a !== b) adds.push(a, b);
    },
    removeTie(a, b) {
      removes.push(a, b);
    },
    isolate(i) {
      isolated.push(i);
    },
    runCommitsWith(r) {
      runner = r;
    },
    commit(remap, newCount) {
      const nothing = adds.length === 0 && removes.length === 0 && isolated.length === 0;
      if (nothing && !remap && (newCount === undefined || newCount === nodes)) return;
      const outN = newCount ?? nodes;
      // All the room this commit can need, before it takes its views (entries only grow by the additions).
      const most = entries + 2 * adds.length;
      if (!remap && outN === nodes) {
        // Room for a repack at every commit, though few repack: growing the spare only when one comes would
        // grow the memory in the middle of a run, and every kernel and phase that holds its arrays would
        // drop its optimised code (on the K community, 15 slow ticks after one such repack).
        reserve(spareTgtB, repackBound(most, nodes));
        reserve(endB, nodes);
        if (!runnerCommit()) localCommit();
        adds = new EdgeList(16);
        removes = new EdgeList(16);
        isolated = [];
        return;
      }
      // Renumbering: from packed rows, through the spares. Packing may swap the entries buffers; the spare
      // is then the buffer the rows were in, free to grow (never the live one: growing loses contents).
      reserve(spareOffB, Math.max(outN, nodes) + 1);
      reserve(spareTgtB, most);
      pack();
      reserve(spareTgtB, most);
      fresh();
      const off = S;
      const tgt = T.subarray(0, entries);
      const spareOff = spareOffB.v;
      const spareTgt = spareTgtB.v;
      let survivors = nodes;
      let monotone = true;
      if (remap) {
        survivors = 0;
        let last = -1;
        for (let r = 0; r < remap.length; r++) {
          const x = remap[r];
          if (x < 0) continue;
          if (x <= last) monotone = false;
          last = x;
        }
        survivors = last + 1;
      }
      const mapNode = (a: number): number => (a < nodes ? (remap ? remap[a] : a) : survivors + (a - nodes));
      // Ties to remove and nodes to isolate: marked only when there are any.
      let dead: Uint8Array | null = null;
      if (removes.length > 0) {
        dead = new Uint8Array(tgt.length);
        for (let e = 0; e < removes.length; e++) {
          const a = removes.src[e];
          const b = removes.dst[e];
          if (a < 0 || a >= nodes || b < 0 || b >= nodes) continue;
          const p = find(a, b);
          if (p >= 0) dead[p] = 1;
          const q = find(b, a);
          if (q >= 0) dead[q] = 1;
        }
      }
      let gone: Uint8Array | null = null;
      if (isolated.length > 0) {
        gone = new Uint8Array(nodes);
        for (const i of isolated) if (i >= 0 && i < nodes) gone[i] = 1;
      }
      // Additions in the new numbering (both directions), dropping those that name removed nodes.
      const addA: number[] = [];
      const addB: number[] = [];
      for (let e = 0; e < adds.length; e++) {
        const ra = mapNode(adds.src[e]);
        const rb = mapNode(adds.dst[e]);
        if (ra < 0 || rb < 0 || ra >= outN || rb >= outN || ra === rb) continue;
        addA.push(ra, rb);
        addB.push(rb, ra);
      }
      const keepTie = (a: number, p: number): number => {
        if (dead && dead[p]) return -1;
        const b = tgt[p];
        if (gone && (gone[a] || gone[b])) return -1;
        return remap ? remap[b] : b;
      };
      if (monotone && !dead && !gone) {
        // Common case (turnover, added ties): degrees change only around removed nodes. The buffer is
        // indexed by old node numbers first (losses), then by new ones; remaps only move nodes down.
        const buf = take(spareOff, Math.max(outN, nodes) + 1);
        const deg = buf.subarray(0, outN + 1);
        if (remap) {
          for (let r = 0; r < nodes; r++) {
            if (remap[r] >= 0) continue;
            for (let p = off[r]; p < off[r + 1]; p++) buf[tgt[p] + 1]--;
          }
          for (let a = 0; a < nodes; a++) {
            const ra = remap[a];
            const lostHere = buf[a + 1];
            buf[a + 1] = 0;
            if (ra >= 0) buf[ra + 1] = off[a + 1] - off[a] + lostHere;
          }
        } else {
          for (let a = 0; a < nodes; a++) deg[a + 1] = off[a + 1] - off[a];
        }
        for (let k = 0; k < addA.length; k++) deg[addA[k] + 1]++;
        for (let i = 0; i < outN; i++) deg[i + 1] += deg[i];
        const next = take(spareTgt, deg[outN]);
        const fill = deg.slice(0, outN);
        if (remap) {
          for (let a = 0; a < nodes; a++) {
            const ra = remap[a];
            if (ra < 0) continue;
            let w = fill[ra];
            for (let p = off[a], end = off[a + 1]; p < end; p++) {
              const rb = remap[tgt[p]];
              if (rb >= 0) next[w++] = rb;
            }
            fill[ra] = w;
          }
        } else {
          for (let a = 0; a < nodes; a++) {
            next.set(tgt.subarray(off[a], off[a + 1]), fill[a]);
            fill[a] += off[a + 1] - off[a];
          }
        }
        finish(deg, next, fill);
      } else if (!monotone) {
        // A general renumbering: rebuild from scratch.
        const keep = new EdgeList(Math.max(16, (tgt.length >> 1) + addA.length));
        for (let a = 0; a < nodes; a++) {
          const ra = mapNode(a);
          if (ra < 0) continue;
          for (let p = off[a]; p < off[a + 1]; p++) {
            const rb = keepTie(a, p);
            if (rb >= 0 && tgt[p] > a) keep.push(ra, rb);
          }
        }
        for (let k = 0; k < addA.length; k += 2) keep.push(addA[k], addB[k]);
        const built = buildCsr(outN, keep.src, keep.dst, keep.length);
        spareOff.set(built.offsets);
        spareTgt.set(built.targets);
      } else {
        // Monotone renumbering keeps each row sorted; only rows that gained ties need sorting.
        const deg = take(spareOff, outN + 1);
        for (let a = 0; a < nodes; a++) {
          const ra = mapNode(a);
          if (ra < 0) continue;
          let d = 0;
          for (let p = off[a]; p < off[a + 1]; p++) if (keepTie(a, p) >= 0) d++;
          deg[ra + 1] = d;
        }
        for (let k = 0; k < addA.length; k++) deg[addA[k] + 1]++;
        for (let i = 0; i < outN; i++) deg[i + 1] += deg[i];
        const next = take(spareTgt, deg[outN]);
        const fill = deg.slice(0, outN);
        for (let a = 0; a < nodes; a++) {
          const ra = mapNode(a);
          if (ra < 0) continue;
          let w = fill[ra];
          for (let p = off[a]; p < off[a + 1]; p++) {
            const rb = keepTie(a, p);
            if (rb >= 0) next[w++] = rb;
          }
          fill[ra] = w;
        }
        finish(deg, next, fill);
      }
      function finish(deg: Int32Array, next: Int32Array, fill: Int32Array): void {
        const dirty = new Set<number>();
        for (let k = 0; k < addA.length; k++) {
          const a = addA[k];
          dirty.add(a);
          next[fill[a]++] = addB[k];
        }
        // Sort and dedupe rows that gained ties; compact if any row shrank.
        let shrunk = false;
        const lens = new Map<number, number>();
        for (const a of dirty) {
          const row = next.subarray(deg[a], deg[a + 1]);
          row.sort();
          let w = 0;
          for (let k = 0; k < row.length; k++) if (k === 0 || row[k] !== row[k - 1]) row[w++] = row[k];
          if (w !== row.length) {
            shrunk = true;
            lens.set(a, w);
          }
        }
        if (shrunk) {
          // Compacted in place: row a moves down to w, and deg[a] becomes its offset (deg[a + 1] is
          // read before it is overwritten).
          let w = 0;
          for (let a = 0; a < outN; a++) {
            const start = deg[a];
            const len = lens.get(a) ?? deg[a + 1] - start;
            deg[a] = w;
            next.copyWithin(w, start, start + len);
            w += len;
          }
          deg[outN] = w;
        }
      }
      // Every path above wrote the new offsets and targets into the spares.
      nodes = outN;
      [offB, spareOffB] = [spareOffB, offB];
      swapEntries();
      packed = true;
      entries = top = offB.v[nodes];
      stale = true;
      adds = new EdgeList(16);
      removes = new EdgeList(16);
      isolated = [];
    },
    bytes() {
      // The starts, the ends when not packed, and the entries with the rooms between them.
      return 4 * (nodes + 1 + (packed ? 0 : nodes) + top);
    },
    snapshot() {
      // Packed rows, copied (the next local commit gives them their room again).
      pack();
      fresh();
      return { nodes, offsets: S.slice(0, nodes + 1), targets: T.slice(0, entries) };
    },
    restore(snap) {
      reserve(offB, Math.max(snap.nodes + 1, snap.offsets.length));
      reserve(tgtB, snap.targets.length);
      offB.v.set(snap.offsets);
      tgtB.v.set(snap.targets);
      nodes = snap.nodes;
      entries = top = offB.v[nodes];
      packed = true;
      stale = true;
      fresh();
      adds = new EdgeList(16);
      removes = new EdgeList(16);
      isolated = [];
    },
  };
  return net;
}

/**
 * Build a network of `n` nodes from parallel edge arrays (duplicates and self-ties dropped).
 *
 * @example
 * const ring = fromEdges(4, [0, 1, 2, 3], [1, 2, 3, 0]);
 */
export function fromEdges(n: number, src: ArrayLike<number>, dst: ArrayLike<number>, m = src.length, memory?: ColumnMemory): Network {
  const s = src instanceof Int32Array ? src : Int32Array.from(src);
  const d = dst instanceof Int32Array ? dst : Int32Array.from(dst);
  for (let e = 0; e < m; e++) {
    if (s[e] < 0 || s[e] >= n || d[e] < 0 || d[e] >= n) {
      throw new RangeError(`fromEdges: edge ${e} (${s[e]}-${d[e]}) names a node outside 0..${n - 1}`);
    }
  }
  const { offsets, targets } = buildCsr(n, s, d, m);
  return createCsrNetwork(n, offsets, targets, memory);
}

/**
 * Build a network from an {@link EdgeList}. With `memory`, its arrays live there, for example in the
 * {@link Arena} that a model's WebAssembly kernels read.
 */
export function fromEdgeList(n: number, edges: EdgeList, memory?: ColumnMemory): Network {
  return fromEdges(n, edges.src, edges.dst, edges.length, memory);
}

/** An empty network of `n` nodes. */
export function emptyNetwork(n: number, memory?: ColumnMemory): Network {
  return createCsrNetwork(n, new Int32Array(n + 1), new Int32Array(0), memory);
}

/**
 * Watts–Strogatz small world: a ring where each node ties to its `k/2` next nodes, each tie rewired to a
 * random node with probability `beta` (long ties). Mean degree ≈ k.
 *
 * @example
 * const edges = smallWorld(1000, 10, 0.1, createRandom(1).stream('net'));
 * const net = fromEdgeList(1000, edges);
 */
export function smallWorld(n: number, k: number, beta: number, random: RandomStream, into = new EdgeList(n * Math.max(1, k >> 1))): EdgeList {
  const half = Math.max(1, Math.floor(k / 2));
  const u = random.next;
  if (n < 2) return into;
  for (let i = 0; i < n; i++) {
    for (let j = 1; j <= half; j++) {
      let t = (i + j) % n;
      if (u() < beta) {
        t = Math.floor(u() * n);
        if (t === i) t = (i + j) % n;
      }
      into.push(i, t);
    }
  }
  return into;
}

/**
 * Barabási–Albert scale-free network: each new node ties to `m` existing nodes chosen in proportion to
 * their degree.
 *
 * @example
 * const net = fromEdgeList(500, scaleFree(500, 3, createRandom(1).stream('net')));
 */
export function scaleFree(n: number, m: number, random: RandomStream, into = new EdgeList(n * m)): EdgeList {
  const u = random.next;
  const m0 = Math.max(1, Math.min(m, n));
  // Endpoint list: choosing a uniform entry picks a node in proportion to its degree.
  const ends = new Int32Array(2 * n * m0 + 2 * m0 * m0);
  let len = 0;
  for (let i = 0; i < m0 && i < n; i++) {
    for (let j = i + 1; j < m0; j++) {
      into.push(i, j);
      ends[len++] = i;
      ends[len++] = j;
    }
  }
  if (len === 0 && n > 0) ends[len++] = 0;
  const chosen = new Int32Array(m0);
  for (let i = m0; i < n; i++) {
    // m distinct targets among the nodes before i, drawn from the endpoint list as it stood.
    let k = 0;
    let guard = 0;
    while (k < m0 && guard < 1000 * m0) {
      guard++;
      const t = ends[Math.floor(u() * len)];
      let dup = false;
      for (let q = 0; q < k; q++) if (chosen[q] === t) dup = true;
      if (!dup) chosen[k++] = t;
    }
    for (let q = 0; q < k; q++) {
      into.push(i, chosen[q]);
      ends[len++] = chosen[q];
      ends[len++] = i;
    }
  }
  return into;
}

/** Where each resident lives: household, building and grid indices, each ascending with the resident row. */
export interface Layout {
  readonly residents: number;
  readonly household: Int32Array;
  readonly building: Int32Array;
  readonly grid: Int32Array;
  readonly households: number;
  readonly buildings: number;
  readonly grids: number;
}

/**
 * Households in buildings in grids: `residents` people split into `households` households of near-equal
 * size, households spread evenly over `buildings`, buildings over `grids`. Deterministic (no draws).
 *
 * @example
 * const lay = createLayout({ residents: 40000, households: 12500, buildings: 286, grids: 15 });
 */
export function createLayout(opts: { residents: number; households: number; buildings: number; grids: number }): Layout {
  const { residents } = opts;
  const households = Math.max(1, Math.min(opts.households, residents));
  const buildings = Math.max(1, Math.min(opts.buildings, households));
  const grids = Math.max(1, Math.min(opts.grids, buildings));
  const household = new Int32Array(residents);
  const building = new Int32Array(residents);
  const grid = new Int32Array(residents);
  for (let i = 0; i < residents; i++) {
    const h = Math.floor((i * households) / residents);
    const b = Math.floor((h * buildings) / households);
    household[i] = h;
    building[i] = b;
    grid[i] = Math.floor((b * grids) / buildings);
  }
  return { residents, household, building, grid, households, buildings, grids };
}

/**
 * Neighbourhood ties from a layout: everyone in a household is tied; each resident ties to `perBuilding`
 * random others in the same building, and with probability `longTie` per resident to one random resident
 * anywhere (the small-world shortcut).
 *
 * @example
 * const edges = neighbourhoodTies(lay, { perBuilding: 4, longTie: 0.2 }, rng.stream('network'));
 */
export function neighbourhoodTies(layout: Layout, opts: { perBuilding: number; longTie: number }, random: RandomStream, into = new EdgeList(layout.residents * 4)): EdgeList {
  const u = random.next;
  const n = layout.residents;
  const { household, building } = layout;
  // Start row of each building's residents (rows are grouped by building).
  const start = new Int32Array(layout.buildings + 1);
  for (let i = 0; i < n; i++) start[building[i] + 1]++;
  for (let b = 0; b < layout.buildings; b++) start[b + 1] += start[b];
  let hStart = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && household[i] !== household[i - 1]) hStart = i;
    for (let j = hStart; j < i; j++) into.push(j, i);
    const b = building[i];
    const size = start[b + 1] - start[b];
    if (size > 1) {
      // A fractional count gives the extra tie with that probability.
      const whole = Math.floor(opts.perBuilding);
      const ties = whole + (u() < opts.perBuilding - whole ? 1 : 0);
      for (let k = 0; k < ties; k++) {
        const t = start[b] + Math.floor(u() * size);
        if (t !== i) into.push(i, t);
      }
    }
    if (u() < opts.longTie) {
      const t = Math.floor(u() * n);
      if (t !== i) into.push(i, t);
    }
  }
  return into;
}
