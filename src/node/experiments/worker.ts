/**
 * The worker-thread side of experiments (piscina): runs one task and, for sweeps, writes the run's
 * tidy rows atomically to its own file so rows never travel back to the main thread.
 */
import { executeTask, toJsonLines, type RunResult, type RunTask } from '../../experiments/task.js';
import type { Registry } from '../../model/create.js';
import { writeFileAtomic } from '../io.js';

/** Run one task; with `task.file`, write its rows there (JSON Lines) and bring back only the count. */
export default function runTask(task: RunTask, registry?: Registry): RunResult {
  const res = executeTask(task, registry);
  if (task.file === undefined) return res;
  writeFileAtomic(task.file, toJsonLines(res.rows ?? []));
  return { rowCount: res.rowCount, means: res.means, curves: res.curves };
}
