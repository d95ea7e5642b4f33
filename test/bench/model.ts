import { performance } from 'node:perf_hooks';
import { createCoprod, listScenarios } from '../../src/index.js';

export interface ModelBenchResult {
  residents: number;
  ties: number;
  ms_per_tick: number;
  ticks_per_s: number;
  bytes_per_resident: number;
  ns_per_resident_tick: number;
}

/** A community of `n` residents at the baseline's density, all three rules in force (the heaviest case). */
function community(n: number) {
  return createCoprod('baseline', {
    seed: 1,
    rules: ['empowerment', 'checks-and-balances', 'party-coordination'],
    set: { 'population.residents': n, 'population.households': Math.max(1, Math.round(n / 2.9)), 'population.buildings': Math.max(1, Math.round(n / 50)), 'population.grids': Math.max(1, Math.round(n / 2500)) },
  });
}

/** Full co-production model: ms per tick and bytes per resident by size, and the K community's ten years. */
export async function runModelBench(opts: { sizes: number[] }): Promise<{ sizes: ModelBenchResult[]; k_community?: { residents: number; ticks: number; seconds: number } }> {
  console.log('\nFull co-production model (all three rules in force), one core');
  console.log('residents      ties  ms/tick  ticks/s  ns/resident/tick  bytes/resident');
  const sizes: ModelBenchResult[] = [];
  for (const n of opts.sizes) {
    const sim = community(n);
    sim.run(3); // warm-up
    const ticks = n >= 1_000_000 ? 8 : n >= 100_000 ? 20 : 60;
    const t0 = performance.now();
    sim.run(ticks);
    const ms = (performance.now() - t0) / ticks;
    const bytes = (sim.model.residents.bytes() + sim.model.network.bytes()) / n;
    const r: ModelBenchResult = { residents: n, ties: sim.model.network.ties, ms_per_tick: ms, ticks_per_s: 1000 / ms, bytes_per_resident: bytes, ns_per_resident_tick: (ms * 1e6) / n };
    sizes.push(r);
    console.log(`${String(n).padStart(9)}  ${String(r.ties).padStart(8)}  ${ms.toFixed(1).padStart(7)}  ${r.ticks_per_s.toFixed(1).padStart(7)}  ${r.ns_per_resident_tick.toFixed(0).padStart(16)}  ${bytes.toFixed(0).padStart(14)}`);
  }
  // Complexity: every phase is a pass over residents or over ties (the influence phase, the network
  // commit), so cost per tick is O(N + E). Shown by the cost per (resident + tie) staying flat with size.
  console.log('\nComplexity check, O(N + E) per tick: ns per (resident + tie) per tick should stay flat');
  for (const r of sizes) console.log(`${String(r.residents).padStart(9)}  ${((r.ms_per_tick * 1e6) / (r.residents + r.ties)).toFixed(1).padStart(6)} ns`);
  let k: { residents: number; ticks: number; seconds: number } | undefined;
  if (listScenarios().some((s) => s.name === 'k-community')) {
    const t0 = performance.now();
    const sim = createCoprod('k-community', { seed: 1, ticks: 520 });
    sim.runToEnd();
    const seconds = (performance.now() - t0) / 1000;
    k = { residents: sim.model.residents.count, ticks: 520, seconds };
    console.log(`K community: ${k.residents} residents, ten years (520 weekly ticks) in ${seconds.toFixed(2)} s (build included)`);
  }
  return { sizes, k_community: k };
}
