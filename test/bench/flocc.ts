// The reference workload (src/workload.ts) written the way Flocc's README and docs teach it:
// an `Environment` holding one `Agent` per resident, data kept with `agent.set`/`agent.get`, each
// agent's behaviour a `tick` function, neighbour ties in a Flocc `Network` helper attached with
// `environment.use(network)`, and the model advanced with `environment.tick()`.
//
// Synchronous update is Flocc's own mechanism: a `tick` function that *returns* an object of new
// values has them applied only after every agent has ticked (Agent.executeRules, then
// Environment._executeEnqueuedAgentRules), so every agent reads last tick's values.
//
// Same network, initial trust and random stream as the hand-written loop: `randomizeOrder: false`
// makes Flocc activate agents in the order they were added (ascending resident index), so the
// draws from `process:update` happen in the same order, and neighbour lists are filled in the
// CSR's ascending order so every floating-point sum runs in the same order. The trajectories are
// therefore identical, not merely statistically alike.
//
// One workaround, documented here: Flocc's `Network.addAgent` rebuilds a dense n×n adjacency
// matrix (a Float32 `Array2D`) on every call, and that rebuild calls `areConnected` → `indexOf`
// for every cell, so adding n agents costs O(n⁴) time and 4·n² bytes (measured in Node 20: 400
// agents take ~2.8 s; 10,000 would take days and 400 MB, 100,000 would need 40 GB). So we fill the
// network's public `agents` array and `adjacencyList` map (agent → neighbour agents) directly,
// which is exactly the state `addAgent` + `connect` leave behind minus the dense matrix. The
// per-tick code then uses the documented `network.neighbors(agent)`, so the tick cost measured is
// the cost a Flocc user pays. Only `connect`/`areConnected`/`disconnect` (which use the matrix)
// would be unusable on this network; the workload never calls them.
import { Agent, Environment, Network, utils } from 'flocc';
import { createRandom, exp, type Network as CsrNetwork } from '../../src/index.js';
import { WORKLOAD_DEFAULTS, workloadInitialTrust } from '../../src/workload.js';

export interface LibraryRun {
  tick(): void;
  rows: { mean_trust: number; participation: number }[];
}

export function createFlocc(seed: string | number, residents: number, network: CsrNetwork): LibraryRun {
  const { a, b, c, lambda, kappa } = WORKLOAD_DEFAULTS;
  const random = createRandom(seed).stream('process:update').next;
  const initialTrust = workloadInitialTrust(seed, residents);

  const environment = new Environment();
  const ties = new Network();
  environment.use(ties);

  // A resident's behaviour: read own and neighbours' data, return the new values (applied by Flocc
  // after all agents have ticked).
  function tick(agent: Agent) {
    const neighbours = ties.neighbors(agent) ?? [];
    const trust: number = agent.get('trust');
    const share = neighbours.length > 0 ? (utils.mean(neighbours.map((n) => n.get('participating'))) as number) : 0;
    const participating = random() < 1 / (1 + exp(-(a * trust + b * share - c))) ? 1 : 0;
    const pull = neighbours.length > 0 ? lambda * ((utils.mean(neighbours.map((n) => n.get('trust'))) as number) - trust) : 0;
    return {
      trust: utils.clamp(trust + pull + kappa * (participating - 0.5), 0, 1),
      participating,
    };
  }

  const agents: Agent[] = new Array(residents);
  for (let i = 0; i < residents; i++) {
    const agent = new Agent({ trust: initialTrust[i], participating: 0 });
    agent.set('tick', tick);
    environment.addAgent(agent);
    agents[i] = agent;
  }

  // Network ties from the CSR rows (ascending neighbour order). See the header for why not
  // `ties.addAgent` / `ties.connect`.
  const off = network.offsets;
  const tgt = network.targets;
  for (let i = 0; i < residents; i++) {
    const row: Agent[] = [];
    for (let k = off[i]; k < off[i + 1]; k++) row.push(agents[tgt[k]]);
    ties.agents.push(agents[i]);
    ties.adjacencyList.set(agents[i], row);
  }

  const rows: LibraryRun['rows'] = [];
  return {
    rows,
    tick() {
      environment.tick({ randomizeOrder: false });
      rows.push({
        mean_trust: utils.mean(environment.stat('trust')) as number,
        participation: utils.mean(environment.stat('participating')) as number,
      });
    },
  };
}
