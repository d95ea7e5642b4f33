// The reference workload (src/workload.ts) written the way AgentScript's docs and bundled models
// (models/*.js, e.g. VirusModel for networks, LifeModel for synchronous updates) teach it: a
// subclass of `Model` with parameters as class fields, `setup()` creating one turtle per resident
// (`turtles.create`) and one undirected `Link` per tie (`links.create`), and `step()` made of
// `turtles.ask` passes that read neighbours through `turtle.linkNeighbors()`. Synchronous update is
// NetLogo's/AgentScript's two-pass idiom (as in LifeModel): one ask stores each turtle's view of
// last tick (neighbour participation share and mean trust), a second ask updates everyone.
// Reporters use AgentArray's `avg`.
//
// Same network, initial trust and random stream as the hand-written loop: links are created in
// ascending (i, j > i) order, so every turtle's `links` (and hence `linkNeighbors()`) lists its
// neighbours in the CSR's ascending order and every floating-point sum runs in the same order;
// `ask` visits turtles in id order, so draws from `process:update` happen in ascending resident
// order. The trajectories are therefore identical to the hand-written loop's.
//
// Node workaround, documented here: AgentScript's npm entry (dist/agentscript.js, an ESM bundle)
// evaluates `createCtx(1, 1, false)` at import time for its colour helpers (Color.sharedCtx1x1),
// which calls `new OffscreenCanvas(1, 1)`; Node 20 has no OffscreenCanvas, so the import throws
// "OffscreenCanvas is not defined". Its ESM sources (src/*.js) are no better: src/Model.js imports
// src/GeoWorld.js, which imports the browser-root path '/vendor/turfImports.js'. We therefore
// define a do-nothing OffscreenCanvas stub only for the duration of the import (and remove it
// again); it is only used for CSS-colour parsing, which the model never calls.
import { createRandom, exp, type Network } from '../../src/index.js';
import { WORKLOAD_DEFAULTS, workloadInitialTrust } from '../../src/workload.js';
import type { LibraryRun } from './flocc.js';

async function importAgentScript(): Promise<typeof import('agentscript')> {
  const g = globalThis as { OffscreenCanvas?: unknown };
  const stubbed = g.OffscreenCanvas === undefined;
  if (stubbed) {
    g.OffscreenCanvas = class OffscreenCanvasStub {
      getContext(): null {
        return null;
      }
    };
  }
  try {
    return await import('agentscript');
  } finally {
    if (stubbed) delete g.OffscreenCanvas;
  }
}

const { Model, World, util } = await importAgentScript();
type Turtle = import('agentscript').Turtle;

/** A resident turtle: its variables, plus its view of last tick (filled by the first ask of `step`). */
type Resident = Turtle & { trust: number; participating: number; share: number; neighbourTrust: number };

class TrustModel extends Model {
  // Parameters as class fields, the AgentScript convention.
  a = WORKLOAD_DEFAULTS.a;
  b = WORKLOAD_DEFAULTS.b;
  c = WORKLOAD_DEFAULTS.c;
  lambda = WORKLOAD_DEFAULTS.lambda;
  kappa = WORKLOAD_DEFAULTS.kappa;
  population = 0;
  initialTrust: Float64Array = new Float64Array(0);
  network: Network | null = null;
  random: () => number = Math.random;

  constructor() {
    super(World.defaultOptions(16));
  }

  override setup(): void {
    this.turtles.create(this.population, (t) => {
      const r = t as Resident;
      r.trust = this.initialTrust[r.id];
      r.participating = 0;
    });
    // One Link per undirected tie, from the lower to the higher id.
    const net = this.network!;
    const off = net.offsets;
    const tgt = net.targets;
    for (let i = 0; i < this.population; i++) {
      for (let k = off[i]; k < off[i + 1]; k++) {
        const j = tgt[k];
        if (j > i) this.links.create(this.turtles[i], this.turtles[j]);
      }
    }
  }

  override step(): void {
    // Pass 1: every turtle looks at its neighbours as they were last tick.
    this.turtles.ask((t) => {
      const r = t as Resident;
      const neighbours = r.links.length > 0 ? r.linkNeighbors() : null;
      r.share = neighbours ? neighbours.avg('participating') : 0;
      r.neighbourTrust = neighbours ? neighbours.avg('trust') : r.trust;
    });
    // Pass 2: everyone decides and updates.
    const { a, b, c, lambda, kappa, random } = this;
    this.turtles.ask((t) => {
      const r = t as Resident;
      const participating = random() < 1 / (1 + exp(-(a * r.trust + b * r.share - c))) ? 1 : 0;
      const pull = r.links.length > 0 ? lambda * (r.neighbourTrust - r.trust) : 0;
      r.trust = util.clamp(r.trust + pull + kappa * (participating - 0.5), 0, 1);
      r.participating = participating;
    });
  }
}

export function createAgentScript(seed: string | number, residents: number, network: Network): LibraryRun {
  const model = new TrustModel();
  model.population = residents;
  model.initialTrust = workloadInitialTrust(seed, residents);
  model.network = network;
  model.random = createRandom(seed).stream('process:update').next;
  model.setup();
  const rows: LibraryRun['rows'] = [];
  return {
    rows,
    tick() {
      model.step();
      rows.push({ mean_trust: model.turtles.avg('trust'), participation: model.turtles.avg('participating') });
    },
  };
}
