// `npm run bench`: performance figures, printed as ratios against a reference run in the same process.
// Never part of the test suite. `npm run bench -- --quick` skips the million-resident runs.
import { runReferenceBench } from './reference.js';
import { runModelBench } from './model.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
await runReferenceBench({ sizes });
await runModelBench({ sizes });
