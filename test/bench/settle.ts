// Garbage collection on demand for the bench: one section's garbage must not be collected during
// another's timed tick.
import { readFileSync, readdirSync } from 'node:fs';
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

/**
 * CPU milliseconds each of this process's threads has used, by thread id, from Linux's /proc (clock ticks,
 * 10 ms apart on most systems); null where there is no /proc/self/task. The calling thread's id is the
 * process id.
 */
export function threadCpuMs(): Map<string, number> | null {
  try {
    const tick = 1000 / 100; // USER_HZ: 100 on Linux
    const out = new Map<string, number>();
    for (const t of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      // Fields after the command (which may hold spaces), from the state on: utime and stime are the 12th and 13th.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(t, (Number(f[11]) + Number(f[12])) * tick);
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds used between two {@link threadCpuMs} readings by threads other than the calling one
 * and, when `skipBusiest`, the busiest of the others (the kernels' thread, which spins while a model with
 * it runs): what the engine's own threads (compiler, collector) and the platform's took from the model's
 * cores. Null where a reading is.
 */
export function otherThreadsMs(before: Map<string, number> | null, after: Map<string, number> | null, skipBusiest: boolean): number | null {
  if (!before || !after) return null;
  const used = [...after].filter(([t]) => t !== String(process.pid)).map(([t, ms]) => ms - (before.get(t) ?? 0));
  used.sort((a, b) => b - a);
  return (skipBusiest ? used.slice(1) : used).reduce((s, x) => s + x, 0);
}
