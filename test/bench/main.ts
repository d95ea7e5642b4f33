// `npm run bench`: performance figures, printed as ratios against reference runs in the same process.
// Never part of the test suite. `npm run bench -- --quick` skips the million-resident runs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart, runLibraryBench } from './libraries.js';
import { runModelBench } from './model.js';
import { runReferenceBench } from './reference.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const outDir = 'test/artifacts';

// 1. The engine against a hand-written typed-array loop (engine issue): ratio, updates/s, bytes/resident.
const reference = await runReferenceBench({ sizes });
// 2. The same workload on coprod, the hand-written loop, Flocc and AgentScript (writes bench.json/.svg).
console.log('');
const libraries = await runLibraryBench({ sizes, outDir });
// 3. The full co-production model, and the K community's ten years.
const model = await runModelBench({ sizes });

mkdirSync(outDir, { recursive: true });
// The chart again, with the full model as one more line (ms per tick against residents, log-log).
const svg = join(outDir, 'bench.svg');
writeFileSync(svg + '.tmp', renderChart(libraries, [{ label: 'coprod full model', color: '#9467bd', points: model.sizes.map((s) => [s.residents, s.ms_per_tick] as const) }]));
renameSync(svg + '.tmp', svg);
const file = join(outDir, 'bench-summary.json');
writeFileSync(file + '.tmp', JSON.stringify({ reference, libraries, model }, null, 1));
renameSync(file + '.tmp', file);
console.log(`\nFigures written to ${outDir}/bench.json, ${outDir}/bench.svg and ${file}`);
