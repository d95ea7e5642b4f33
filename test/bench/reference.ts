import { performance } from 'node:perf_hooks';
import { createWorkloadSimulation, workloadNetwork } from '../../src/index.js';
import { createHandwritten } from './handwritten.js';

export interface ReferenceResult {
  residents: number;
  engine_ms_per_tick: number;
  handwritten_ms_per_tick: number;
  ratio: number;
  agent_updates_per_s: number;
  bytes_per_resident: number;
  identical: boolean;
}

function ticksFor(n: number): number {
  return n >= 1_000_000 ? 10 : n >= 100_000 ? 30 : 100;
}

/** Median of per-round times: rounds alternate engine and hand-written so drift hits both alike. */
export async function runReferenceBench(opts: { sizes: number[]; seed?: number }): Promise<ReferenceResult[]> {
  const seed = opts.seed ?? 1;
  const out: ReferenceResult[] = [];
  console.log('Reference workload (engine issue): engine vs hand-written typed-array loop, same process');
  console.log('residents  engine ms/tick  hand ms/tick  ratio  agent-updates/s  bytes/resident  same rows');
  for (const n of opts.sizes) {
    const net = workloadNetwork(seed, n);
    const sim = createWorkloadSimulation(seed, { residents: n }, net);
    const hand = createHandwritten(seed, n, net);
    // Warm-up.
    for (let i = 0; i < 3; i++) {
      sim.tickOnce();
      hand.tick();
    }
    const ticks = ticksFor(n);
    const eTimes: number[] = [];
    const hTimes: number[] = [];
    for (let r = 0; r < ticks; r++) {
      let t0 = performance.now();
      sim.tickOnce();
      eTimes.push(performance.now() - t0);
      t0 = performance.now();
      hand.tick();
      hTimes.push(performance.now() - t0);
    }
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    const e = med(eTimes);
    const h = med(hTimes);
    const identical = sim.rows.every((row, i) => row.mean_trust === hand.rows[i].mean_trust && row.participation === hand.rows[i].participation);
    const bytes = (sim.model.store.bytes() + net.bytes()) / n;
    const res: ReferenceResult = { residents: n, engine_ms_per_tick: e, handwritten_ms_per_tick: h, ratio: e / h, agent_updates_per_s: n / (e / 1000), bytes_per_resident: bytes, identical };
    out.push(res);
    console.log(
      `${String(n).padStart(9)}  ${e.toFixed(2).padStart(14)}  ${h.toFixed(2).padStart(12)}  ${res.ratio.toFixed(2).padStart(5)}  ${res.agent_updates_per_s.toExponential(2).padStart(15)}  ${bytes.toFixed(1).padStart(14)}  ${identical ? 'yes' : 'NO'}`,
    );
  }
  return out;
}
