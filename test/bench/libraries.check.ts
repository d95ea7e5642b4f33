// Quick sanity check (not a vitest test): every implementation of the reference workload at 2,000
// residents for 20 ticks, max |difference| of its mean-trust and participation trajectories
// against the hand-written loop. Run: npx tsx test/bench/libraries.check.ts
import { createWorkloadSimulation, workloadNetwork } from '../../src/workload.js';
import { createAgentScript } from './agentscript.js';
import { createFlocc } from './flocc.js';
import { createHandwritten } from './handwritten.js';

const seed = 1;
const residents = 2000;
const ticks = 20;
const network = workloadNetwork(seed, residents);

type Rows = { mean_trust: number; participation: number }[];
const hand = createHandwritten(seed, residents, network);
const engine = createWorkloadSimulation(seed, { residents }, network);
const impls: { name: string; tick(): void; rows: Rows }[] = [
  {
    name: 'coprod',
    tick: () => engine.tickOnce(),
    get rows() {
      return engine.rows as unknown as Rows;
    },
  },
  createNamed('flocc', createFlocc(seed, residents, network)),
  createNamed('agentscript', createAgentScript(seed, residents, network)),
];
function createNamed(name: string, run: { tick(): void; rows: Rows }) {
  return { name, tick: () => run.tick(), rows: run.rows };
}

for (let t = 0; t < ticks; t++) {
  hand.tick();
  for (const impl of impls) impl.tick();
}

// Sampling error of a participation share: sqrt(p(1-p)/n) ≤ 0.5/sqrt(n).
const tolerance = 3 * 0.5 / Math.sqrt(residents);
let ok = true;
console.log(`reference workload, ${residents} residents, ${ticks} ticks; tolerance ${tolerance.toExponential(2)} (3 SE of a share)`);
console.log('implementation  max|Δ mean_trust|  max|Δ participation|  verdict');
for (const impl of impls) {
  let dT = 0;
  let dP = 0;
  for (let t = 0; t < ticks; t++) {
    dT = Math.max(dT, Math.abs(impl.rows[t].mean_trust - hand.rows[t].mean_trust));
    dP = Math.max(dP, Math.abs(impl.rows[t].participation - hand.rows[t].participation));
  }
  const verdict = dT === 0 && dP === 0 ? 'identical' : dT <= tolerance && dP <= tolerance ? 'same (within tolerance)' : 'DIFFERS';
  if (verdict === 'DIFFERS' || impl.rows.length !== ticks) ok = false;
  console.log(`${impl.name.padEnd(14)}  ${dT.toExponential(2).padStart(16)}  ${dP.toExponential(2).padStart(20)}  ${verdict}`);
}
console.log(`hand-written last tick: mean_trust ${hand.rows[ticks - 1].mean_trust.toFixed(6)}, participation ${hand.rows[ticks - 1].participation.toFixed(6)}`);
if (!ok) process.exitCode = 1;
