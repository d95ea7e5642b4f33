import { COLUMN_CONSTRUCTORS as CONSTRUCTORS, type Column, type ColumnType } from './store.js';

/**
 * The parts of the WebAssembly JavaScript API the core uses, declared here so that neither the core nor
 * its users need DOM typings. Every engine the core runs in (browsers, Node, Deno) provides them.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** See {@link WasmMemory}. */
export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
/** The engine's WebAssembly, if it has one. */
export const WASM: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** Blocks start on cache lines. */
const ALIGN = 64;
/** The first page is left to the WebAssembly module's own data. */
const BASE = PAGE;

/**
 * Where typed arrays live: ordinary memory, or one WebAssembly memory that kernels read by byte offset.
 * A store takes one to place its columns ({@link createStore}).
 */
export interface ColumnMemory {
  /**
   * A zeroed array of `length` elements, registered as the array held at `owner[key]`: whenever the memory
   * moves (it grew), the arena assigns a fresh view of the same bytes to `owner[key]`. The caller assigns
   * it there itself, after copying from what `owner[key]` held before, and then frees that.
   */
  allocate(type: ColumnType, length: number, owner: Record<string, unknown>, key: string): Column;
  /** Give back an array this memory allocated (no-op for one it did not). */
  free(view: Column): void;
}

/**
 * A block of WebAssembly memory with a first-fit allocator. Growing the memory detaches every view of
 * it; the arena then re-creates each view at its offset and assigns it back where it is registered, so
 * a holder that reads `owner[key]` again sees the same data. Growth only happens inside `allocate`: code
 * that holds views across an `allocate` must read them again after it.
 *
 * @example
 * const arena = createArena(1 << 20);
 * const holder: Record<string, unknown> = {};
 * holder.trust = arena.allocate('f32', 1000, holder, 'trust');
 * (holder.trust as Float32Array).byteOffset; // where a kernel finds it
 */
export interface Arena extends ColumnMemory {
  readonly memory: WasmMemory;
  /**
   * The buffer the arena's arrays are views of: the memory's, as of its last growth. (A shared memory's
   * `buffer` may return a new SharedArrayBuffer object over the same bytes at any time — V8 makes new ones
   * for every shared memory of a thread when one of them grows — so identity is checked against this one.)
   */
  readonly buffer: ArrayBuffer;
}

interface Block {
  size: number;
  type: ColumnType;
  length: number;
  owner: Record<string, unknown>;
  key: string;
}

/** The most pages a shared memory may grow to (4 GiB, all a 32-bit WebAssembly memory can address). */
export const SHARED_MAXIMUM_PAGES = 65536;

/**
 * Create an arena with room for about `bytes` bytes to start with (it grows as needed). A `shared` arena's
 * memory is a SharedArrayBuffer that another thread's WebAssembly instance can work on too (it needs
 * Node, or a cross-origin isolated page).
 *
 * @example
 * const arena = createArena(40_000 * 160);
 */
export function createArena(bytes: number, options: { shared?: boolean } = {}): Arena {
  if (!WASM) throw new Error('createArena: this engine has no WebAssembly');
  const pages = Math.max(2, Math.ceil((BASE + bytes) / PAGE));
  const memory = options.shared ? new WASM.Memory({ initial: pages, maximum: SHARED_MAXIMUM_PAGES, shared: true }) : new WASM.Memory({ initial: pages });
  // Free ranges [start, end), sorted by start, never adjacent (merged on free).
  const free: [number, number][] = [[BASE, pages * PAGE]];
  const blocks = new Map<number, Block>();

  let current = memory.buffer;
  const rebind = () => {
    const buffer = (current = memory.buffer);
    for (const [offset, b] of blocks) b.owner[b.key] = new CONSTRUCTORS[b.type](buffer, offset, b.length);
  };
  const grow = (size: number) => {
    const end = memory.buffer.byteLength;
    const last = free.length > 0 && free[free.length - 1][1] === end ? free[free.length - 1] : null;
    const missing = size - (last ? last[1] - last[0] : 0);
    // At least a quarter more, so that a growing store does not grow the memory at every step.
    const add = Math.max(Math.ceil(missing / PAGE), Math.ceil(end / PAGE / 4), 1);
    memory.grow(add);
    if (last) last[1] += add * PAGE;
    else free.push([end, end + add * PAGE]);
    rebind();
  };

  return {
    memory,
    get buffer() {
      return current;
    },
    allocate(type, length, owner, key) {
      const C = CONSTRUCTORS[type];
      if (!C) throw new TypeError(`arena.allocate: got type "${type}", expected one of ${Object.keys(CONSTRUCTORS).join(', ')}`);
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`arena.allocate: got length ${length}, expected a whole number >= 0`);
      const size = Math.max(ALIGN, Math.ceil((length * C.BYTES_PER_ELEMENT) / ALIGN) * ALIGN);
      let k = free.findIndex(([s, e]) => e - s >= size);
      if (k < 0) {
        grow(size);
        k = free.findIndex(([s, e]) => e - s >= size);
      }
      const range = free[k];
      const offset = range[0];
      range[0] += size;
      if (range[0] === range[1]) free.splice(k, 1);
      blocks.set(offset, { size, type, length, owner, key });
      const view = new C(current, offset, length);
      view.fill(0);
      return view;
    },
    free(view) {
      if (view.buffer !== current) return;
      const offset = view.byteOffset;
      const b = blocks.get(offset);
      if (!b) return;
      blocks.delete(offset);
      let start = offset;
      let end = offset + b.size;
      // Merge with the free ranges on either side.
      let k = free.findIndex(([s]) => s > start);
      if (k < 0) k = free.length;
      if (k > 0 && free[k - 1][1] === start) {
        start = free[k - 1][0];
        free.splice(--k, 1);
      }
      if (k < free.length && free[k][0] === end) {
        end = free[k][1];
        free.splice(k, 1);
      }
      free.splice(k, 0, [start, end]);
    },
  };
}
