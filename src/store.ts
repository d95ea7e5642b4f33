import type { ColumnMemory } from './arena.js';

/** Element types a column can have. */
export type ColumnType = 'f64' | 'f32' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8';

/** A typed array of one of the {@link ColumnType}s. */
export type Column =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** Field declaration: a type, or a type with the value a spawned agent starts with. */
export type FieldSpec = ColumnType | { readonly type: ColumnType; readonly initial?: number };

/** Fields of an agent kind, by name. */
export type StoreSchema = Readonly<Record<string, FieldSpec>>;

/** The typed-array constructor of each {@link ColumnType}. */
export const COLUMN_CONSTRUCTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;
const CONSTRUCTORS = COLUMN_CONSTRUCTORS;

/** Result of applying queued spawns and removals. */
export interface StoreCommit {
  /** Old row → new row, or -1 for a removed agent; null when no row moved. */
  readonly remap: Int32Array | null;
  readonly removed: number;
  /** Rows of the new agents: `firstSpawnRow` up to `count - 1`. */
  readonly firstSpawnRow: number;
  readonly spawned: number;
  /** Rows whose agent was replaced in place (ascending, in the numbering after the commit); null if none. */
  readonly replaced: Int32Array | null;
}

/** Plain-data copy of a store, for snapshots. */
export interface StoreSnapshot {
  readonly count: number;
  readonly nextId: number;
  readonly columns: Record<string, number[] | Column>;
  readonly ids: Uint32Array | number[];
}

/**
 * A columnar agent store (struct of arrays): one typed array per field, one row per live agent. Spawns,
 * removals and in-place replacements are queued and take effect together at {@link AgentStore.commit},
 * which the simulation calls at phase boundaries, so a phase never sees the population change under it.
 *
 * Rows are in ascending id order as long as no agent was replaced in place. {@link AgentStore.replace}
 * (a newcomer taking a leaver's row) moves no other row, which keeps networks and indexes by row valid
 * and is what makes turnover cheap; afterwards a replaced row holds a newer id than its neighbours.
 *
 * Column arrays may be reallocated by `commit` when the store grows: read `store.columns.x` again after it.
 *
 * @example
 * const s = createStore({ trust: 'f32', team: { type: 'i32', initial: -1 } }, 4);
 * s.spawn({ trust: 0.5 }); s.commit();
 * s.columns.trust[0]; // 0.5
 */
export interface AgentStore<S extends StoreSchema = StoreSchema> {
  readonly schema: S;
  /** Live agents. */
  readonly count: number;
  /** Allocated rows. */
  readonly capacity: number;
  /** Columns by field; valid for rows 0..count-1. */
  readonly columns: { readonly [K in keyof S]: Column };
  /** Stable agent ids by row (ascending until an agent is replaced in place). */
  readonly ids: Uint32Array;
  /** Queue a new agent; returns the id it will have. */
  spawn(init?: RowInit<S>): number;
  /** Queue the removal of the agent at `row`. Removing the same row twice is a no-op. */
  remove(row: number): void;
  /**
   * Queue the replacement of the agent at `row` by a new agent (returns its id): at commit the old agent
   * leaves and the new one takes the same row, with `init` and the field defaults. No other row moves.
   * A row can be replaced once per commit, and not also removed.
   */
  replace(row: number, init?: RowInit<S>): number;
  /** Queued spawns, removals and replacements not yet applied. */
  pending(): { spawns: number; removals: number; replacements: number };
  /** Apply queued replacements, then removals (survivors keep their order), then spawns (at the end). */
  commit(): StoreCommit;
  /** Row of an id, or -1. */
  rowOf(id: number): number;
  /** Bytes held by the columns, the ids and (after a replacement) the id → row index. */
  bytes(): number;
  snapshot(): StoreSnapshot;
  restore(snap: StoreSnapshot): void;
}

/**
 * A new agent's values: by field name, or written by a function at commit (after the field defaults), to
 * the columns at its row. The function is the fast form for hot paths such as turnover: each of its
 * stores goes to one column of one type, where values by name go through a lookup per field.
 *
 * @example
 * s.spawn({ trust: 0.5 });
 * s.spawn((c, r) => { c.trust[r] = 0.5; });
 */
export type RowInit<S extends StoreSchema = StoreSchema> = Partial<Record<keyof S & string, number>> | RowWriter<S>;
/** Writes a new agent's values to `columns` at `row` (see {@link RowInit}). */
export type RowWriter<S extends StoreSchema = StoreSchema> = (columns: { readonly [K in keyof S]: Column }, row: number) => void;

/** A number per column type, for {@link put}. */
const KIND: Record<ColumnType, number> = { f64: 0, f32: 1, i32: 2, u32: 3, i16: 4, u16: 5, i8: 6, u8: 7 };

/**
 * col[r] = v, where `kind` is col's {@link KIND}. One store per element type, so that each store sees one
 * kind of typed array: a store that sees them all (as in a loop over a row's columns) is several times
 * slower.
 */
function put(col: Column, kind: number, r: number, v: number): void {
  switch (kind) {
    case 0:
      (col as Float64Array)[r] = v;
      break;
    case 1:
      (col as Float32Array)[r] = v;
      break;
    case 2:
      (col as Int32Array)[r] = v;
      break;
    case 3:
      (col as Uint32Array)[r] = v;
      break;
    case 4:
      (col as Int16Array)[r] = v;
      break;
    case 5:
      (col as Uint16Array)[r] = v;
      break;
    case 6:
      (col as Int8Array)[r] = v;
      break;
    default:
      (col as Uint8Array)[r] = v;
  }
}

/** col[rows[q]] = v for q < count, where `kind` is col's {@link KIND}: one store site per element type, as {@link put}. */
function putRows(col: Column, kind: number, rows: Int32Array, count: number, v: number): void {
  switch (kind) {
    case 0:
      for (let q = 0; q < count; q++) (col as Float64Array)[rows[q]] = v;
      break;
    case 1:
      for (let q = 0; q < count; q++) (col as Float32Array)[rows[q]] = v;
      break;
    case 2:
      for (let q = 0; q < count; q++) (col as Int32Array)[rows[q]] = v;
      break;
    case 3:
      for (let q = 0; q < count; q++) (col as Uint32Array)[rows[q]] = v;
      break;
    case 4:
      for (let q = 0; q < count; q++) (col as Int16Array)[rows[q]] = v;
      break;
    case 5:
      for (let q = 0; q < count; q++) (col as Uint16Array)[rows[q]] = v;
      break;
    case 6:
      for (let q = 0; q < count; q++) (col as Int8Array)[rows[q]] = v;
      break;
    default:
      for (let q = 0; q < count; q++) (col as Uint8Array)[rows[q]] = v;
  }
}

function fieldType(spec: FieldSpec): ColumnType {
  return typeof spec === 'string' ? spec : spec.type;
}
function fieldInitial(spec: FieldSpec): number {
  return typeof spec === 'string' ? 0 : (spec.initial ?? 0);
}

/**
 * Create an empty store with room for `capacity` agents (it grows as needed). With `memory`, the columns
 * live there, for example in an {@link Arena} that WebAssembly kernels read (ids stay in ordinary memory).
 *
 * @example
 * const residents = createStore({ trust: 'f32', owner: 'u8' }, 1000);
 */
export function createStore<S extends StoreSchema>(schema: S, capacity = 1024, memory?: ColumnMemory): AgentStore<S> {
  const names = Object.keys(schema);
  for (const n of names) {
    const t = fieldType(schema[n]);
    if (!Object.prototype.hasOwnProperty.call(CONSTRUCTORS, t)) throw new TypeError(`store field "${n}": got type "${t}", expected one of ${Object.keys(CONSTRUCTORS).join(', ')}`);
    if (n === 'id') throw new TypeError('store field "id": the name is reserved for the stable agent id');
  }
  let cap = Math.max(1, capacity | 0);
  let count = 0;
  let nextId = 0;
  // Every field's key from the start, in one object made at once: an object that gains its keys one by one
  // through a computed name turns into a dictionary past a dozen of them, and every `columns.x` read is
  // then a lookup by name (the residents' 33 columns were).
  const columns = Object.fromEntries(names.map((name) => [name, null])) as unknown as Record<string, Column>;
  let ids = new Uint32Array(cap);
  const alloc = (n: number) => {
    for (const name of names) {
      const type = fieldType(schema[name]);
      // Allocating in a memory may move it (and refresh columns[name]): read the old column after.
      const next = memory ? memory.allocate(type, n, columns, name) : new CONSTRUCTORS[type](n);
      const old = columns[name];
      if (old) {
        next.set(old.subarray(0, count) as never);
        if (memory) memory.free(old);
      }
      columns[name] = next;
    }
    const nextIds = new Uint32Array(n);
    nextIds.set(ids.subarray(0, count));
    ids = nextIds;
    cap = n;
  };
  alloc(cap);

  let spawnQueue: { id: number; init?: RowInit<S> }[] = [];
  let removeMark: Uint8Array | null = null;
  let removals = 0;
  // In-place replacements: row, new id and values, applied first at commit.
  let replaceQueue: { row: number; id: number; init?: RowInit<S> }[] = [];
  let replaceMark: Uint8Array | null = null;
  // While rows are in ascending id order, rowOf is a binary search; after the first replacement an
  // id → row index (-1 for gone ids) is kept instead.
  let sorted = true;
  let index: Int32Array | null = null;
  const mark = (m: Uint8Array | null): Uint8Array => {
    if (m && m.length >= count) return m;
    const next = new Uint8Array(cap);
    if (m) next.set(m.subarray(0, Math.min(m.length, cap)));
    return next;
  };
  // Writing a row: the field defaults, then the values given. The columns come in by position (looked up
  // once per commit), and the values too (Object.values), with the key → column map kept for the last set
  // of keys: reading init[name] name by name is a lookup by a changing key, which is slow.
  const initials = names.map((name) => fieldInitial(schema[name]));
  const kinds = names.map((name) => KIND[fieldType(schema[name])]);
  const position = new Map(names.map((name, k) => [name, k]));
  let lastKeys: string[] = [];
  let lastMap: number[] = [];
  const columnList = (): Column[] => names.map((name) => columns[name]);
  /** The values given for row `r`, over its defaults. */
  const writeRow = (cols: Column[], r: number, init: RowInit<S> | undefined) => {
    if (!init) return;
    if (typeof init === 'function') {
      init(columns as AgentStore<S>['columns'], r);
      return;
    }
    const keys = Object.keys(init);
    if (keys.length !== lastKeys.length || keys.some((key, j) => key !== lastKeys[j])) {
      lastKeys = keys;
      lastMap = keys.map((key) => position.get(key) ?? -1);
    }
    const vals = Object.values(init);
    for (let j = 0; j < vals.length; j++) {
      const k = lastMap[j];
      if (k >= 0 && vals[j] !== undefined) put(cols[k], kinds[k], r, vals[j]!);
    }
  };
  const rebuildIndex = () => {
    if (!index || index.length < nextId) index = new Int32Array(Math.max(nextId, Math.ceil((index?.length ?? 0) * 1.5), 16));
    index.fill(-1);
    for (let r = 0; r < count; r++) index[ids[r]] = r;
  };

  const store: AgentStore<S> = {
    schema,
    get count() {
      return count;
    },
    get capacity() {
      return cap;
    },
    columns: columns as AgentStore<S>['columns'],
    get ids() {
      return ids;
    },
    spawn(init) {
      const id = nextId++;
      spawnQueue.push({ id, init });
      return id;
    },
    remove(row) {
      if (!Number.isInteger(row) || row < 0 || row >= count) {
        throw new RangeError(`store.remove: row ${row} is not a live row (0..${count - 1})`);
      }
      if (replaceMark && replaceMark[row]) throw new RangeError(`store.remove: row ${row} is already queued for replacement`);
      removeMark = mark(removeMark);
      if (!removeMark[row]) {
        removeMark[row] = 1;
        removals++;
      }
    },
    replace(row, init) {
      if (!Number.isInteger(row) || row < 0 || row >= count) {
        throw new RangeError(`store.replace: row ${row} is not a live row (0..${count - 1})`);
      }
      if (removeMark && removeMark[row]) throw new RangeError(`store.replace: row ${row} is already queued for removal`);
      replaceMark = mark(replaceMark);
      if (replaceMark[row]) throw new RangeError(`store.replace: row ${row} is already queued for replacement`);
      replaceMark[row] = 1;
      const id = nextId++;
      replaceQueue.push({ row, id, init });
      return id;
    },
    pending() {
      return { spawns: spawnQueue.length, removals, replacements: replaceQueue.length };
    },
    commit() {
      let replaced: Int32Array | null = null;
      if (replaceQueue.length > 0) {
        replaced = new Int32Array(replaceQueue.length);
        if (sorted) {
          sorted = false;
          rebuildIndex();
        } else if (index!.length < nextId) {
          const grown = new Int32Array(Math.max(nextId, Math.ceil(index!.length * 1.5)));
          grown.fill(-1);
          grown.set(index!);
          index = grown;
        }
        const ix = index!;
        const cols = columnList();
        for (let k = 0; k < replaceQueue.length; k++) replaced[k] = replaceQueue[k].row;
        // The defaults column by column over the replaced rows, then each row's id and own values.
        for (let k = 0; k < cols.length; k++) putRows(cols[k], kinds[k], replaced, replaced.length, initials[k]);
        for (let k = 0; k < replaceQueue.length; k++) {
          const { row, id, init } = replaceQueue[k];
          ix[ids[row]] = -1;
          ix[id] = row;
          ids[row] = id;
          writeRow(cols, row, init);
          replaceMark![row] = 0;
        }
        replaced.sort();
        replaceQueue = [];
      }
      let remap: Int32Array | null = null;
      const removed = removals;
      if (removals > 0 && removeMark) {
        remap = new Int32Array(count);
        // Runs of surviving rows move down with one copyWithin per column per run.
        const runs: number[] = [];
        let w = 0;
        let r = 0;
        while (r < count) {
          if (removeMark[r]) {
            remap[r++] = -1;
            continue;
          }
          const start = r;
          while (r < count && !removeMark[r]) {
            remap[r] = w + (r - start);
            r++;
          }
          if (w !== start) runs.push(w, start, r);
          w += r - start;
        }
        const cols = [...names.map((name) => columns[name]), ids];
        for (let k = 0; k < runs.length; k += 3) {
          for (const col of cols) col.copyWithin(runs[k], runs[k + 1], runs[k + 2]);
        }
        count = w;
        removeMark.fill(0);
        removals = 0;
        if (replaced) for (let k = 0; k < replaced.length; k++) replaced[k] = remap[replaced[k]];
      }
      const firstSpawnRow = count;
      const spawned = spawnQueue.length;
      if (spawned > 0) {
        if (count + spawned > cap) alloc(Math.max(cap * 2, count + spawned));
        const cols = columnList();
        // The defaults column by column over all the new rows, then each row's own values.
        for (let k = 0; k < cols.length; k++) cols[k].fill(initials[k], count, count + spawned);
        for (const { id, init } of spawnQueue) {
          const r = count++;
          ids[r] = id;
          writeRow(cols, r, init);
        }
        spawnQueue = [];
      }
      if (!sorted && (remap || spawned > 0)) rebuildIndex();
      if (replaced && remap) replaced = replaced.filter((r) => r >= 0);
      return { remap, removed, firstSpawnRow, spawned, replaced };
    },
    rowOf(id) {
      if (!sorted) return Number.isInteger(id) && id >= 0 && id < nextId && index && id < index.length ? index[id] : -1;
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = ids[mid];
        if (v === id) return mid;
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    bytes() {
      let b = ids.byteLength + (index ? index.byteLength : 0);
      for (const name of names) b += columns[name].byteLength;
      return b;
    },
    snapshot() {
      const cols: Record<string, Column> = {};
      for (const name of names) cols[name] = columns[name].slice(0, count) as Column;
      return { count, nextId, columns: cols, ids: ids.slice(0, count) };
    },
    restore(snap) {
      if (snap.count > cap) alloc(snap.count);
      count = 0;
      for (const name of names) {
        const src = snap.columns[name];
        if (!src) throw new TypeError(`store.restore: snapshot lacks field "${name}"`);
        (columns[name] as Float64Array).set(src as ArrayLike<number>);
      }
      ids.set(snap.ids as ArrayLike<number>);
      count = snap.count;
      nextId = snap.nextId;
      spawnQueue = [];
      replaceQueue = [];
      removals = 0;
      if (removeMark) removeMark.fill(0);
      if (replaceMark) replaceMark.fill(0);
      sorted = true;
      for (let r = 1; r < count && sorted; r++) if (ids[r] <= ids[r - 1]) sorted = false;
      index = null;
      if (!sorted) rebuildIndex();
    },
  };
  return store;
}

/**
 * Per-agent snapshot as tidy rows: one plain object per live agent, `id` first, then the chosen fields
 * (all by default), in ascending id order.
 *
 * @example
 * storeRows(residents, ['trust_social', 'building']); // [{ id: 0, trust_social: 0.41, building: 0 }, …]
 */
export function storeRows<S extends StoreSchema>(store: AgentStore<S>, fields: readonly (keyof S & string)[] = Object.keys(store.schema) as (keyof S & string)[]): Record<string, number>[] {
  for (const f of fields) {
    if (!Object.prototype.hasOwnProperty.call(store.schema, f)) throw new TypeError(`storeRows: got field "${f}", expected one of ${Object.keys(store.schema).join(', ')}`);
  }
  const out: Record<string, number>[] = new Array(store.count);
  const cols = fields.map((f) => store.columns[f]);
  const ids = store.ids;
  let ascending = true;
  for (let r = 1; r < store.count && ascending; r++) if (ids[r] <= ids[r - 1]) ascending = false;
  for (let r = 0; r < store.count; r++) {
    const row: Record<string, number> = { id: ids[r] };
    for (let k = 0; k < fields.length; k++) row[fields[k]] = cols[k][r];
    out[r] = row;
  }
  // After in-place replacements rows are not in id order; the output always is.
  return ascending ? out : out.sort((a, b) => a.id - b.id);
}
