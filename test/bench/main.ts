// `npm run bench`: performance figures, printed as ratios against a reference run in the same process.
// Never part of the test suite.
import { runReferenceBench } from './reference.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
await runReferenceBench({ sizes: quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000] });
