export { loadScenarioFile, scenarioArgument, writeFileAtomic } from './io.js';
export { addRunFlags, buildProgram, main, parseSets } from './cli.js';
