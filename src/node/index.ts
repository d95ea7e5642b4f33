/**
 * The Node-only part of coprod: the CLI, atomic files, and parallel experiments on worker threads.
 *
 * @module coprod/node
 */
export { loadScenarioFile, scenarioArgument, writeFileAtomic } from './io.js';
export { kernelThread } from './thread.js';
export { addRunFlags, buildProgram, main, parseSets } from './cli.js';
export * from './experiments/index.js';
