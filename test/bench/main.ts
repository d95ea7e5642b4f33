// `npm run bench`: performance figures, printed as ratios against reference runs in the same process.
// Never part of the test suite.
//   npm run bench -- --quick                skip the million-resident runs
//   npm run bench -- --only model           run some sections: reference, libraries, model (comma-separated)
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart, runLibraryBench } from './libraries.js';
import { runModelBench } from './model.js';
import { runReferenceBench } from './reference.js';
import { assessTargets, formatTargets } from './targets.js';

const SECTIONS = ['reference', 'libraries', 'model'] as const;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : [...SECTIONS];
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (onlyAt >= 0 && (only.length === 0 || unknown.length > 0)) {
  console.error(`--only: got "${args[onlyAt + 1] ?? ''}", expected a comma-separated list of ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const outDir = 'test/artifacts';

// 1. The engine against a hand-written typed-array loop (engine issue): ratio, updates/s, bytes/resident.
const reference = only.includes('reference') ? await runReferenceBench({ sizes }) : undefined;
// 2. The same workload on coprod, the hand-written loop, Flocc and AgentScript (writes bench.json/.svg).
if (reference && only.includes('libraries')) console.log('');
const libraries = only.includes('libraries') ? await runLibraryBench({ sizes, outDir }) : undefined;
// 3. The full co-production model, and the K community's ten years.
const model = only.includes('model') ? await runModelBench({ sizes }) : undefined;

mkdirSync(outDir, { recursive: true });
const written: string[] = [];
if (libraries) {
  // The chart again, with the full model as one more line (ms per tick against residents, log-log).
  const svg = join(outDir, 'bench.svg');
  const extra = model
    ? [
        { label: 'full model, WebAssembly kernels', color: '#9467bd', points: model.sizes.map((s) => [s.residents, s.ms_per_tick] as const) },
        { label: 'full model, JS kernels', color: '#c5b0d5', points: model.sizes.map((s) => [s.residents, s.js_ms_per_tick] as const) },
      ]
    : [];
  writeFileSync(svg + '.tmp', renderChart(libraries, extra));
  renameSync(svg + '.tmp', svg);
  written.push(join(outDir, 'bench.json'), svg);
}
// 4. Which of the performance issue's targets this run met.
const targets = assessTargets({ reference, libraries, model });
console.log(`\n${formatTargets(targets)}`);
// A partial run writes its own summary file, so the full run's summary is never overwritten by a part.
const file = join(outDir, only.length === SECTIONS.length ? 'bench-summary.json' : `bench-summary-${only.join('-')}.json`);
writeFileSync(file + '.tmp', JSON.stringify({ reference, libraries, model, targets }, null, 1));
renameSync(file + '.tmp', file);
written.push(file);
console.log(`\nFigures written to ${written.join(', ')}`);
