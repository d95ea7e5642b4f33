import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Registry } from '../../model/create.js';
import type { Runner } from '../../experiments/run.js';
import { ValidationError } from '../../validate.js';
import type { RunResult, RunTask } from '../../experiments/task.js';
import runTask from './worker.js';

/** A runner that must be closed when done. */
export interface ClosableRunner extends Runner {
  /** Worker threads (0 = runs in this thread). */
  readonly workers: number;
  close(): Promise<void>;
}

/** Default worker count: the cores available. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Where the worker module is and how to start it: beside this module, `.ts` under tsx (development,
 * started with tsx's loader unless the process already has it) or `.js` when compiled to `dist/`.
 */
export function workerEntry(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  const isTs = /\.[cm]?ts$/.test(new URL(here).pathname);
  const filename = new URL(isTs ? './worker.ts' : './worker.js', here).href;
  const execArgv = [...process.execArgv];
  if (isTs && !execArgv.some((a) => /[\\/]tsx[\\/]|^tsx$|tsx\/esm/.test(a))) {
    const loader = pathToFileURL(createRequire(here).resolve('tsx')).href;
    execArgv.push('--import', loader);
  }
  return { filename, execArgv };
}

/**
 * A runner on `workers` worker threads (piscina); `workers: 0` runs tasks in this thread (same
 * results, no threads; user rules and kinds in `registry` work only there). Tasks with a `file` write their rows there from the worker.
 *
 * @example
 * const runner = createPoolRunner(4);
 * try { await compare({ scenario: 'baseline', a: '', b: '--rule empowerment', runner }); } finally { await runner.close(); }
 */
export function createPoolRunner(workers = defaultWorkers(), registry?: Registry): ClosableRunner {
  if (workers === 0) {
    return {
      workers: 0,
      concurrency: 1,
      async run(task: RunTask): Promise<RunResult> {
        await new Promise<void>((resolve) => setImmediate(resolve));
        return runTask(task, registry);
      },
      async close() {},
    };
  }
  if (registry) throw new ValidationError([{ path: 'registry', value: 'user rules or kinds', expected: 'workers: 0 (functions cannot be sent to worker threads)' }]);
  // The pool starts on the first task, so bad input is reported before any thread starts.
  let pool: Piscina<RunTask, RunResult> | undefined;
  return {
    workers,
    // Keep every worker busy with one task queued behind it.
    concurrency: workers * 2,
    run(task) {
      if (!pool) {
        const { filename, execArgv } = workerEntry();
        pool = new Piscina<RunTask, RunResult>({ filename, execArgv, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
      }
      return pool.run(task);
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
