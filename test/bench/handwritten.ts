import { createRandom, type Network } from '../../src/index.js';
import { exp } from '../../src/math.js';
import { WORKLOAD_DEFAULTS, workloadInitialTrust } from '../../src/workload.js';

/**
 * The reference workload as a plain hand-written typed-array loop: the yardstick the engine is measured
 * against. Same network, same initial trust, same stream (`process:update`), so the same numbers.
 */
export function createHandwritten(seed: string | number, residents: number, network: Network) {
  const { a, b, c, lambda, kappa } = WORKLOAD_DEFAULTS;
  let tOld: Float64Array = workloadInitialTrust(seed, residents);
  let tNew: Float64Array = new Float64Array(residents);
  let pOld = new Uint8Array(residents);
  let pNew = new Uint8Array(residents);
  const off = network.offsets;
  const tgt = network.targets;
  const u = createRandom(seed).stream('process:update').next;
  const rows: { mean_trust: number; participation: number }[] = [];
  return {
    rows,
    bytes: () => tOld.byteLength * 2 + pOld.byteLength * 2 + network.bytes(),
    tick() {
      let sumT = 0;
      let sumP = 0;
      for (let i = 0; i < residents; i++) {
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
      [tOld, tNew] = [tNew, tOld];
      [pOld, pNew] = [pNew, pOld];
      rows.push({ mean_trust: sumT / residents, participation: sumP / residents });
    },
  };
}
