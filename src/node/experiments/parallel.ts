import { compare, sensitivity, type CompareOptions, type Comparison, type Progress, type Sensitivity, type SensitivityOptions } from '../../experiments/run.js';
import { createPoolRunner, defaultWorkers } from './pool.js';
import { createProgress, type ProgressReporter } from './progress.js';

/** How the Node API runs an experiment: worker threads and progress. */
export interface ParallelOptions {
  /** Worker threads (default: the cores available; 0 = this thread, where a registry of user rules works). */
  readonly workers?: number;
  /** `true`: a bar on a terminal, plain lines otherwise, on standard error; a function: called after each run; default none. */
  readonly progress?: boolean | ((p: Progress) => void);
  /** Label of the progress output. */
  readonly label?: string;
}

async function onPool<T>(opts: ParallelOptions & { readonly registry?: CompareOptions['registry'] }, label: string, f: (runner: ReturnType<typeof createPoolRunner>, onProgress: (p: Progress) => void) => Promise<T>): Promise<T> {
  const runner = createPoolRunner(opts.workers ?? defaultWorkers(), opts.registry);
  let bar: ProgressReporter | undefined;
  try {
    return await f(runner, (p) => {
      if (typeof opts.progress === 'function') opts.progress(p);
      else if (opts.progress) {
        bar ??= createProgress({ label: opts.label ?? label, total: p.total });
        bar.update(p.done);
      }
    });
  } finally {
    bar?.stop();
    await runner.close();
  }
}

/**
 * {@link compare} on a pool of worker threads (same result as in one thread).
 *
 * @example
 * const c = await compareParallel({ scenario: 'baseline', a: '--rule party-coordination@1-52',
 *   b: '--rule party-coordination@1-52 --rule empowerment@1-52', reps: 20, window: { from: 53 }, workers: 4 });
 */
export function compareParallel(opts: Omit<CompareOptions, 'runner' | 'onProgress'> & ParallelOptions): Promise<Comparison> {
  return onPool(opts, 'coprod compare', (runner, onProgress) => compare({ ...opts, runner, onProgress }));
}

/**
 * {@link sensitivity} on a pool of worker threads (same result as in one thread).
 *
 * @example
 * const s = await sensitivityParallel({ scenario: 'baseline', params: ['trust.loss=0.05:0.3'], trajectories: 10, workers: 4 });
 */
export function sensitivityParallel(opts: Omit<SensitivityOptions, 'runner' | 'onProgress'> & ParallelOptions): Promise<Sensitivity> {
  return onPool(opts, 'coprod sensitivity', (runner, onProgress) => sensitivity({ ...opts, runner, onProgress }));
}
