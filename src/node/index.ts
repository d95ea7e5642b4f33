export { loadScenarioFile, scenarioArgument, writeFileAtomic } from './io.js';
export { addRunFlags, buildProgram, main, parseSets } from './cli.js';
export * from './experiments/index.js';
