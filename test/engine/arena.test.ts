import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createArena } from '../../src/arena.js';
import { createStore } from '../../src/store.js';

describe('arena (typed arrays in one WebAssembly memory)', () => {
  it('keeps every live block intact and apart under random allocations and frees, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ alloc: fc.integer({ min: 0, max: 40_000 }) }), fc.record({ free: fc.nat() })), { maxLength: 60 }), (ops) => {
        const arena = createArena(0);
        const owner: Record<string, unknown> = {};
        const live: string[] = [];
        let k = 0;
        for (const op of ops) {
          if ('alloc' in op) {
            const key = `b${k++}`;
            const view = arena.allocate('i32', op.alloc, owner, key);
            expect(view.every((x) => x === 0)).toBe(true);
            owner[key] = view;
            view.fill(k);
            live.push(key);
          } else if (live.length) {
            const key = live.splice(op.free % live.length, 1)[0];
            arena.free(owner[key] as Int32Array);
            delete owner[key];
          }
          // Every live block is current (growth re-created its view), holds its value, and no two overlap.
          const spans = live.map((key) => {
            const v = owner[key] as Int32Array;
            expect(v.buffer).toBe(arena.memory.buffer);
            expect(v.every((x) => x === Number(key.slice(1)) + 1)).toBe(true);
            return [v.byteOffset, v.byteOffset + v.byteLength] as const;
          });
          spans.sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
        }
      }),
    );
  });

  it('reuses freed space: a block freed and allocated again lands at the same place', () => {
    const arena = createArena(0);
    const owner: Record<string, unknown> = {};
    const a = arena.allocate('f64', 1000, owner, 'a');
    const start = a.byteOffset;
    arena.allocate('f64', 10, owner, 'b');
    arena.free(a);
    expect(arena.allocate('f32', 2000, owner, 'c').byteOffset).toBe(start);
  });

  it('lets a store grow its columns far beyond the first memory, keeping values and the columns object current', () => {
    const arena = createArena(0);
    const s = createStore({ v: 'f64', n: 'u16' }, 1, arena);
    for (let k = 0; k < 50_000; k++) s.spawn({ v: k / 3, n: k % 65536 });
    s.commit();
    expect(arena.memory.buffer.byteLength).toBeGreaterThan(50_000 * 10);
    expect(s.columns.v.buffer).toBe(arena.memory.buffer);
    for (const k of [0, 1, 4_999, 49_999]) {
      expect(s.columns.v[k]).toBe(k / 3);
      expect(s.columns.n[k]).toBe(k % 65536);
    }
  });

  it('names the field, the value and what was expected when asked for a bad block', () => {
    const arena = createArena(0);
    expect(() => arena.allocate('f16' as never, 4, {}, 'x')).toThrow(/type "f16", expected one of/);
    expect(() => arena.allocate('f32', -1, {}, 'x')).toThrow(/length -1, expected a whole number >= 0/);
  });
});
