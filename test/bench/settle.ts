// Garbage collection on demand for the bench: one section's garbage must not be collected during
// another's timed tick.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full GC, so heap growth per model is measured rather than guessed and one model's garbage is not
 * collected during another's timed tick. Uses `global.gc` if Node was started with --expose-gc, else
 * enables it at run time (V8 flag + a fresh context, where `gc` is then defined); no-op if that fails.
 */
export const collect: () => void = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    if (typeof fn === 'function') return fn as () => void;
  } catch {
    // fall through
  }
  return () => {};
})();

/**
 * Full GC, a turn of the event loop (V8 frees ArrayBuffer backing stores on a background sweeper, so
 * `arrayBuffers` lags a GC), and another full GC.
 */
export async function settle(): Promise<void> {
  collect();
  await new Promise((r) => setTimeout(r, 20));
  collect();
}

/** Memory in use: the JavaScript heap and what lives outside it (array buffers, WebAssembly memories). */
export function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Settles until the memory in use stops falling (the heaps of a section before can take several
 * collections to be given back), at most ten times; returns it.
 */
export async function settledBytes(): Promise<number> {
  let last = Infinity;
  for (let k = 0; k < 10; k++) {
    await settle();
    const now = heldBytes();
    if (now > last - (1 << 16)) return now;
    last = now;
  }
  return last;
}
