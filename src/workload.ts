import { exp } from './math.js';
import { fromEdgeList, smallWorld, type Network } from './network.js';
import { createRandom } from './random.js';
import { createSimulation, type Simulation } from './simulation.js';
import { createStore, type AgentStore } from './store.js';

/** Parameters of the reference workload (engine issue; reused by benchmarks). */
export interface WorkloadParams {
  readonly residents: number;
  readonly degree: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly lambda: number;
  readonly kappa: number;
}

/** Defaults: mean degree 10, a=2, b=3, c=2.5, λ=0.1, κ=0.01. */
export const WORKLOAD_DEFAULTS: Omit<WorkloadParams, 'residents'> = { degree: 10, a: 2, b: 3, c: 2.5, lambda: 0.1, kappa: 0.01 };

const schema = { trust0: 'f64', trust1: 'f64', part0: 'u8', part1: 'u8' } as const;

/** State of the reference workload on the engine. */
export interface WorkloadModel {
  readonly params: WorkloadParams;
  readonly store: AgentStore<typeof schema>;
  readonly network: Network;
  /** 0: current values in trust0/part0; 1: in trust1/part1. */
  parity: number;
  sumTrust: number;
  sumPart: number;
  commit(): void;
  snapshot(): unknown;
  restore(data: unknown): void;
}

/**
 * The workload's network: Watts–Strogatz ring, mean degree `degree`, rewiring 0.1, from stream
 * `network` of the seed. Shared by every implementation so they run on identical ties.
 */
export function workloadNetwork(seed: string | number, residents: number, degree = WORKLOAD_DEFAULTS.degree): Network {
  return fromEdgeList(residents, smallWorld(residents, degree, 0.1, createRandom(seed).stream('network')));
}

/** Initial trust of resident i: drawn from stream `init`, uniform in [0.2, 0.8). */
export function workloadInitialTrust(seed: string | number, residents: number): Float64Array {
  const u = createRandom(seed).stream('init').next;
  const t = new Float64Array(residents);
  for (let i = 0; i < residents; i++) t[i] = 0.2 + 0.6 * u();
  return t;
}

/**
 * The reference workload on the engine: each tick, synchronously, resident i draws u from stream
 * `process:update` and participates if u < σ(a·trust_i + b·p_i − c), p_i the share of its neighbours
 * participating last tick; then trust_i ← clamp01(trust_i + λ·(mean neighbour trust − trust_i) +
 * κ·(participating_i − 0.5)). Rows report `mean_trust` and `participation`.
 *
 * @example
 * const sim = createWorkloadSimulation(1, { residents: 10000 });
 * sim.run(10);
 */
export function createWorkloadSimulation(seed: string | number, opts: Partial<WorkloadParams> & { residents: number }, network?: Network): Simulation<WorkloadModel> {
  const params: WorkloadParams = { ...WORKLOAD_DEFAULTS, ...opts };
  const n = params.residents;
  const store = createStore(schema, n);
  for (let i = 0; i < n; i++) store.spawn();
  store.commit();
  store.columns.trust0.set(workloadInitialTrust(seed, n));
  const net = network ?? workloadNetwork(seed, n, params.degree);
  const model: WorkloadModel = {
    params,
    store,
    network: net,
    parity: 0,
    sumTrust: 0,
    sumPart: 0,
    commit() {
      store.commit();
      net.commit();
    },
    snapshot() {
      return { parity: model.parity, sumTrust: model.sumTrust, sumPart: model.sumPart, store: store.snapshot() };
    },
    restore(data) {
      const d = data as { parity: number; sumTrust: number; sumPart: number; store: ReturnType<typeof store.snapshot> };
      model.parity = d.parity;
      model.sumTrust = d.sumTrust;
      model.sumPart = d.sumPart;
      store.restore(d.store);
    },
  };
  return createSimulation({
    seed,
    model,
    phases: [
      {
        name: 'update',
        run({ model: m, random }) {
          const cols = m.store.columns;
          const tOld = (m.parity === 0 ? cols.trust0 : cols.trust1) as Float64Array;
          const tNew = (m.parity === 0 ? cols.trust1 : cols.trust0) as Float64Array;
          const pOld = (m.parity === 0 ? cols.part0 : cols.part1) as Uint8Array;
          const pNew = (m.parity === 0 ? cols.part1 : cols.part0) as Uint8Array;
          const off = m.network.offsets;
          const tgt = m.network.targets;
          const u = random.next;
          const { a, b, c, lambda, kappa } = m.params;
          const count = m.store.count;
          let sumT = 0;
          let sumP = 0;
          for (let i = 0; i < count; i++) {
            const lo = off[i];
            const hi = off[i + 1];
            let np = 0;
            let nt = 0;
            for (let k = lo; k < hi; k++) {
              const j = tgt[k];
              np += pOld[j];
              nt += tOld[j];
            }
            const deg = hi - lo;
            const share = deg > 0 ? np / deg : 0;
            const ti = tOld[i];
            const part = u() < 1 / (1 + exp(-(a * ti + b * share - c))) ? 1 : 0;
            pNew[i] = part;
            let t = ti + (deg > 0 ? lambda * (nt / deg - ti) : 0) + kappa * (part - 0.5);
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            tNew[i] = t;
            sumT += t;
            sumP += part;
          }
          m.sumTrust = sumT;
          m.sumPart = sumP;
          m.parity ^= 1;
        },
      },
    ],
    reporters: {
      mean_trust: (m) => m.sumTrust / m.store.count,
      participation: (m) => m.sumPart / m.store.count,
    },
  });
}
