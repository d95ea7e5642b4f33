/** Node side of experiments: worker-thread pools, sweeps to resumable directories, progress, CLI commands. */
export { registerExperimentCommands } from './commands.js';
export { AtomicFileWriter, removeStaleTemporaries } from './files.js';
export { compareParallel, sensitivityParallel } from './parallel.js';
export type { ParallelOptions } from './parallel.js';
export { createPoolRunner, defaultWorkers, workerEntry } from './pool.js';
export type { ClosableRunner } from './pool.js';
export { createProgress, formatDuration } from './progress.js';
export type { ProgressOptions, ProgressReporter } from './progress.js';
export { assembleSweep, buildManifest, manifestDesign, runFile, runSweep } from './sweep.js';
export type { SweepReport, SweepToDirOptions } from './sweep.js';
