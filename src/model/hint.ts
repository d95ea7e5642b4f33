import type { CoprodModel } from './state.js';

/**
 * A hint for the cache, not state: for each block of residents, the rows outside the block that its ties
 * point to (the far neighbours). The influence kernel reads their records in a loop of their own just
 * before it sums the block, so that many of these cache misses are in flight at once; in the sums they
 * are diluted among the near reads and come one at a time. Results never depend on the hint, so it is
 * rebuilt only every few ticks; a stale entry just reads a record that is not needed. Built only when the
 * records outgrow the caches (below that size the touch loop would be pure overhead).
 */
export interface FarHint {
  tick: number;
  n: number;
  start: Int32Array;
  far: Int32Array;
}
export const FAR_BLOCK = 1024;
const FAR_REBUILD_TICKS = 8;
/** From how many residents the influence phase uses the hint (settable for tests, which compare runs with and without it). */
export const farHintConfig = { minResidents: 1 << 18 };
const NO_HINT: FarHint = { tick: -Infinity, n: 0, start: new Int32Array(1), far: new Int32Array(0) };
const farHints = new WeakMap<CoprodModel, FarHint>();
export function farHint(m: CoprodModel, tick: number, n: number): FarHint {
  if (n < farHintConfig.minResidents) return NO_HINT;
  const old = farHints.get(m);
  const blocks = Math.ceil(n / FAR_BLOCK);
  if (old && old.n === n && tick - old.tick < FAR_REBUILD_TICKS && tick >= old.tick) return old;
  const { rowStart, rowEnd, slots: tgt } = m.network;
  const start = new Int32Array(blocks + 1);
  let far = new Int32Array(Math.max(1024, n >> 1));
  let f = 0;
  for (let b = 0; b < blocks; b++) {
    start[b] = f;
    const b0 = b * FAR_BLOCK;
    const b1 = Math.min(n, b0 + FAR_BLOCK);
    for (let i = b0; i < b1; i++) {
      for (let k = rowStart[i], end = rowEnd[i]; k < end; k++) {
        const j = tgt[k];
        if (j >= b0 && j < b1) continue;
        if (f === far.length) {
          const grown = new Int32Array(far.length * 2);
          grown.set(far);
          far = grown;
        }
        far[f++] = j;
      }
    }
  }
  start[blocks] = f;
  const hint = { tick, n, start, far: far.slice(0, f) };
  farHints.set(m, hint);
  return hint;
}
