import { createLayout, fromEdgeList, neighbourhoodTies, networkMemoryBytes } from '../network.js';
import { checkParam, type ParamSchema, type ParamSpec } from '../params.js';
import { createRandom } from '../random.js';
import { parseRuleSpec, type Rule, type RuleUse, type Schedule } from '../rule.js';
import { createSimulation, type Row, type Simulation } from '../simulation.js';
import { COLUMN_CONSTRUCTORS, createStore, type StoreSnapshot } from '../store.js';
import { ValidationError, type Issue } from '../validate.js';
import { MODEL_PARAMS, DOMAINS, type ModelParams } from './params.js';
import { JS_KERNELS, type KernelsName } from './kernels.js';
import { PHASES, demographyOf, drawGroup, drawType, timeOf } from './phases.js';
import { REPORTERS, startSums } from './reporters.js';
import { parseScenario, type RuleEntry, type ScenarioSpec } from './scenario.js';
import { RESIDENT_SCHEMA, neutralLevers, type CoprodModel, type KindDefinition, type KindInstance, type ModelSnapshot, type TickStats } from './state.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { LIBRARY_THREADS, type KernelThread } from './threads.js';
import { THREAD_MIN_RESIDENTS, createWasmKernels, sharedWasmModule, type WasmKernels } from './wasm.js';
import { findScenario, listScenarios, scenarioRegistry } from '../catalogue.js';

/** Users' (or a scenario's) rules and kinds, available by name. */
export interface Registry {
  readonly rules?: readonly Rule<CoprodModel, ParamSchema>[];
  readonly kinds?: readonly KindDefinition[];
}

/** Merge registries; later ones may not reuse a name. */
export function mergeRegistries(...rs: (Registry | undefined)[]): Registry {
  const rules: Rule<CoprodModel, ParamSchema>[] = [];
  const kinds: KindDefinition[] = [];
  for (const r of rs) {
    for (const x of r?.rules ?? []) if (!rules.some((y) => y === x)) rules.push(x);
    for (const x of r?.kinds ?? []) if (!kinds.some((y) => y === x)) kinds.push(x);
  }
  return { rules, kinds };
}

/** A rule toggle as the CLI and URL give it: "name", "name@from", "name@from-to", or an object. */
export type RuleToggle = string | RuleEntry;

/**
 * What a run can change about a scenario: the CLI's run flags (`--seed --ticks --set --rule --without`)
 * as an object, plus users' rules and kinds. Shared by runs, notebooks and experiments.
 *
 * @example
 * const o: RunOptions = { seed: 3, set: { 'trust.loss': 0.2 }, rules: ['party-coordination@1-52'], without: [] };
 */
export interface RunOptions {
  /** Root seed (default: the scenario's, else 1). The same seed gives the same rows everywhere. */
  readonly seed?: number | string;
  /** Ticks (weeks) a full run lasts; defaults to the scenario's. */
  readonly ticks?: number;
  /** Parameter overrides by path (model, `<rule>.<lever>`, `<kind>.<param>`). */
  readonly set?: Readonly<Record<string, number>>;
  /** Rules to put in force (or re-schedule), by name with optional schedule: `'party-coordination@1-52'`. */
  readonly rules?: readonly RuleToggle[];
  /** Rules to switch off even if the scenario has them. */
  readonly without?: readonly string[];
  /** Users' rules and kinds, available by name. */
  readonly registry?: Registry;
}

/**
 * Options of {@link createCoprod}: the run options, plus how rows are kept.
 *
 * @example
 * createCoprod('baseline', { seed: 3, set: { 'trust.loss': 0.2 }, rules: ['party-coordination@1-52'], without: [] });
 */
export interface CoprodOptions extends RunOptions {
  /** Keep rows in memory (default true). */
  readonly keepRows?: boolean;
  /**
   * Which kernels run the passes over residents: `'wasm'` (WebAssembly with SIMD), `'js'`, or `'auto'`
   * (the default: WebAssembly where available). Results are the same bit for bit; only speed differs.
   */
  readonly kernels?: KernelsName | 'auto';
  /**
   * A second thread for the WebAssembly kernels (`kernelThread()` from `coprod/node`): the largest passes
   * over residents run half their rows on it. The rows are the same bit for bit; a run of some tens of
   * thousands of residents or more takes less time. Off by default: the thread holds a second core while
   * the model runs, and a sweep's worker pool already uses every core.
   */
  readonly thread?: KernelThread;
  readonly onRow?: (row: Row) => void;
}

/** A co-production simulation: the engine's simulation plus what it was built from. */
export interface CoprodSimulation extends Simulation<CoprodModel> {
  readonly scenario: ScenarioSpec;
  /** Every parameter, resolved, by path (model, rules available, kinds in use). */
  readonly params: Readonly<Record<string, number>>;
  /** Rules in force at start with their schedules. */
  readonly ruleUses: readonly { name: string; schedule?: Schedule }[];
  /** Ticks a full run lasts. */
  readonly ticks: number;
  /** Run the remaining ticks up to {@link CoprodSimulation.ticks}. */
  runToEnd(): void;
}

/** Every parameter available for a scenario with a registry: path → spec. */
export function parameterSpace(registry?: CoprodOptions['registry'], kindNames: readonly string[] = []): Map<string, ParamSpec> {
  const out = new Map<string, ParamSpec>();
  for (const [k, spec] of Object.entries(MODEL_PARAMS)) out.set(k, spec);
  for (const rule of availableRules(registry)) for (const [k, spec] of Object.entries(rule.params)) out.set(`${rule.name}.${k}`, spec);
  for (const name of kindNames) {
    const kind = findKind(registry, name);
    for (const [k, spec] of Object.entries(kind.params)) out.set(`${kind.name}.${k}`, spec);
  }
  return out;
}

/** Built-in rules followed by the registry's. */
export function availableRules(registry?: CoprodOptions['registry']): Rule<CoprodModel, ParamSchema>[] {
  const rules: Rule<CoprodModel, ParamSchema>[] = [...BUILTIN_RULES];
  for (const r of registry?.rules ?? []) {
    if (rules.some((x) => x.name === r.name)) throw new ValidationError([{ path: 'registry.rules', value: r.name, expected: 'a rule name not already taken' }]);
    rules.push(r);
  }
  return rules;
}

function findKind(registry: CoprodOptions['registry'], name: string): KindDefinition {
  const kind = registry?.kinds?.find((k) => k.name === name);
  if (!kind) throw new ValidationError([{ path: 'kinds', value: name, expected: `a registered kind (${(registry?.kinds ?? []).map((k) => k.name).join(', ') || 'none registered'})` }]);
  return kind;
}

function closest(word: string, options: Iterable<string>): string[] {
  const prefix = word.split('.')[0];
  const list = [...options];
  return list.filter((o) => o.startsWith(prefix + '.')).slice(0, 12);
}

/**
 * Resolve a scenario and options into parameter values and rules in force. Throws a
 * {@link ValidationError} naming every unknown rule, unknown path and out-of-range value.
 */
export function resolveScenario(input: ScenarioSpec | string, options: CoprodOptions = {}) {
  const scenario = typeof input === 'string' ? findScenario(input) : parseScenario(input);
  // A shipped scenario brings its own mechanisms (rules, kinds); a user's object may name them too.
  const opts = { ...options, registry: mergeRegistries(scenarioRegistry(scenario.name), options.registry) };
  const rules = availableRules(opts.registry);
  const ruleNames = rules.map((r) => r.name);
  const kindNames = scenario.kinds ?? [];
  const space = parameterSpace(opts.registry, kindNames);
  const issues: Issue[] = [];
  const values: Record<string, number> = {};
  for (const [k, spec] of space) values[k] = spec.default;
  const apply = (source: string, set: Readonly<Record<string, number>> | undefined) => {
    for (const [path, value] of Object.entries(set ?? {})) {
      const spec = space.get(path);
      if (!spec) {
        const near = closest(path, space.keys());
        issues.push({ path: `${source} ${path}`, value, expected: `a known parameter path (coprod list --params ${scenario.name} lists them${near.length ? `; under "${path.split('.')[0]}": ${near.join(', ')}` : ''})` });
        continue;
      }
      const issue = checkParam(`${source} ${path}`, spec, value);
      if (issue) issues.push(issue);
      else values[path] = value;
    }
  };
  apply(`scenario ${scenario.name} params`, scenario.params);
  apply('--set', opts.set);
  // Rules in force: the scenario's, then toggles (which replace a schedule), minus `without`.
  const inForce = new Map<string, Schedule | undefined>();
  const addEntry = (where: string, e: RuleToggle) => {
    let name: string;
    let schedule: Schedule | undefined;
    if (typeof e === 'string') {
      try {
        ({ name, schedule } = parseRuleSpec(e));
      } catch (err) {
        issues.push({ path: where, value: e, expected: 'name, name@from or name@from-to with whole ticks, from <= to' });
        return;
      }
    } else {
      name = e.name;
      schedule = e.from !== undefined ? (e.to !== undefined ? { from: e.from, to: e.to } : { from: e.from }) : e.to !== undefined ? { from: 1, to: e.to } : undefined;
    }
    if (!ruleNames.includes(name)) {
      issues.push({ path: where, value: name, expected: `a rule (${ruleNames.join(', ')})` });
      return;
    }
    inForce.delete(name);
    inForce.set(name, schedule);
  };
  for (const e of scenario.rules ?? []) addEntry(`scenario ${scenario.name} rules`, e);
  for (const e of opts.rules ?? []) addEntry('--rule', e);
  for (const name of opts.without ?? []) {
    if (!ruleNames.includes(name)) issues.push({ path: '--without', value: name, expected: `a rule (${ruleNames.join(', ')})` });
    inForce.delete(name);
  }
  // Cross-field checks.
  const share = (a: string[], what: string) => {
    const s = a.reduce((x, k) => x + values[k], 0);
    if (s > 1 + 1e-9) issues.push({ path: a.join(' + '), value: Number(s.toFixed(4)), expected: `${what} summing to at most 1` });
  };
  share(['population.young', 'population.elderly'], 'labour-group shares');
  share(['population.free_riders', 'population.hump', 'population.unconditional'], 'contributor-type shares');
  // More households (or buildings, grids) than can be filled are capped by the layout: a small
  // population can be set without touching the housing stock.
  const ticks = opts.ticks ?? scenario.ticks;
  if (!Number.isInteger(ticks) || ticks < 0) issues.push({ path: 'ticks', value: ticks, expected: 'a whole number of ticks >= 0' });
  const seed = opts.seed ?? scenario.seed ?? 1;
  if (typeof seed === 'number' && !Number.isFinite(seed)) issues.push({ path: 'seed', value: seed, expected: 'a finite number or a string' });
  if (issues.length) throw new ValidationError(issues);
  const uses = [...inForce.entries()].map(([name, schedule]) => ({ name, schedule }));
  return { scenario, values, rules, uses, ticks, seed, kindNames, registry: opts.registry };
}

/**
 * Build a co-production simulation from a scenario (a catalogue name or an object) and options.
 *
 * @example
 * const sim = createCoprod('baseline', { seed: 7, ticks: 52 });
 * sim.runToEnd();
 * sim.rows.at(-1)?.participation; // share of residents taking part in the last week
 */
export function createCoprod(input: ScenarioSpec | string, opts: CoprodOptions = {}): CoprodSimulation {
  const { scenario, values, rules, uses, ticks, seed, kindNames, registry } = resolveScenario(input, opts);
  const choice = opts.kernels ?? 'auto';
  if (choice !== 'auto' && choice !== 'js' && choice !== 'wasm') throw new ValidationError([{ path: 'kernels', value: choice, expected: "'auto', 'js' or 'wasm'" }]);
  const thread = opts.thread;
  if (thread !== undefined) {
    if (typeof (thread as Partial<KernelThread> | null)?.attach !== 'function') throw new ValidationError([{ path: 'thread', value: String(thread), expected: "a kernel thread (kernelThread() from 'coprod/node')" }]);
    if (choice === 'js') throw new ValidationError([{ path: 'thread', value: 'a kernel thread', expected: "kernels 'wasm' or 'auto' (the thread runs the WebAssembly kernels), or no thread with kernels 'js'" }]);
    if (!sharedWasmModule()) throw new ValidationError([{ path: 'thread', value: 'a kernel thread', expected: 'an engine with shared WebAssembly memory and SIMD (Node, or a cross-origin isolated page), or no thread' }]);
  }
  const model = buildModel(values as ModelParams, seed, kindNames.map((k) => findKind(registry, k)), values, choice, thread);
  const ruleUses: RuleUse<CoprodModel>[] = uses.map(({ name, schedule }) => {
    const rule = rules.find((r) => r.name === name)!;
    const params: Record<string, number> = {};
    for (const k of Object.keys(rule.params)) params[k] = values[`${name}.${k}`];
    return { rule, params, schedule };
  });
  const sim = createSimulation({ seed, model, phases: PHASES, rules: ruleUses, reporters: REPORTERS, keepRows: opts.keepRows, onRow: opts.onRow });
  rulesOf.set(model, sim.rules);
  const out = sim as CoprodSimulation;
  Object.assign(out, {
    scenario,
    params: Object.freeze({ ...values }),
    ruleUses: uses,
    ticks,
    runToEnd() {
      sim.run(Math.max(0, ticks - sim.tick));
    },
  });
  keepShapes(input, model.kernels.name, thread && LIBRARY_THREADS.has(thread) ? thread : undefined);
  return out;
}

/**
 * One small model per way of running (kernels, with or without a thread), built at the first model of
 * that way and kept for the life of the page or process, so that the next models start from optimised
 * code.
 *
 * Why: V8 keeps an object shape (a hidden class) only while some object has it, and call feedback only
 * while its target function lives; when a collection finds neither, it drops the optimised code built on
 * them and clears the feedback. A process that drops one model before building the next (a sweep, a
 * researcher's repeated runs, the bench) lost them at every full collection in between: building a model
 * of some tens of thousands of residents collects, and the new model's first ticks then waited for the
 * compiler, which on two cores takes time from the model's own threads (docs/performance.md, fifteenth
 * round). The small model holds the shapes and functions a model uses, at the cost of its memory (about
 * 0.5 MB with the JavaScript kernels, 1.6 MB with WebAssembly, and with the thread a 2.3 MB memory besides
 * its objects), once per process.
 *
 * It runs only the library's own code: the shipped scenario of that name (with its own rules and kinds)
 * when the first model named one, else the baseline; every built-in rule in force; the library's own
 * kernel thread, if any (LIBRARY_THREADS); never a user's rules, kinds, callbacks or thread, which would
 * see calls they did not ask for. Best effort: if it cannot be built, nothing is kept.
 */
const keepers = new Map<string, CoprodSimulation | null>();

function keepShapes(input: ScenarioSpec | string, kernels: KernelsName, thread: KernelThread | undefined): void {
  const way = `${kernels}${thread ? ' thread' : ''}`;
  if (keepers.has(way)) return;
  keepers.set(way, null);
  try {
    // With a thread, enough residents for the passes to use it (fewer run on this thread alone).
    const residents = thread ? THREAD_MIN_RESIDENTS : 300;
    const shipped = typeof input === 'string' && listScenarios().some((s) => s.name === input) ? input : 'baseline';
    const small = createCoprod(shipped, { kernels, thread, seed: 1, ticks: KEEPER_TICKS, keepRows: false, rules: BUILTIN_RULES.map((r) => r.name), set: { 'population.residents': residents, 'population.households': Math.ceil(residents / 3) } });
    small.runToEnd();
    keepers.set(way, small);
  } catch {
    // Nothing kept: the next models of this way compile again after a collection, as before.
  }
}

/** Ticks the kept model runs: enough for every phase, rule boundary and commit to have made its objects. */
const KEEPER_TICKS = 2;

/** Bytes of one resident's columns. */
const RESIDENT_BYTES = Object.values(RESIDENT_SCHEMA).reduce((s, t) => s + COLUMN_CONSTRUCTORS[t].BYTES_PER_ELEMENT, 0);

/** The rules of the simulation createCoprod made for a model (see trustJoined). */
const rulesOf = new WeakMap<CoprodModel, Simulation<CoprodModel>['rules']>();

/** Whether a rule in force this tick joins the trust phase; true for a model createCoprod did not run. */
function trustJoined(model: CoprodModel): boolean {
  const rules = rulesOf.get(model);
  return !rules || rules.some((s) => s.active && s.rule.phases.trust !== undefined);
}

function buildModel(P: ModelParams, seed: string | number, kinds: KindDefinition[], all: Record<string, number>, choice: KernelsName | 'auto', thread?: KernelThread): CoprodModel {
  const rng = createRandom(seed);
  const u = rng.stream('init').next;
  const N = P['population.residents'];
  const layout = createLayout({ residents: N, households: P['population.households'], buildings: P['population.buildings'], grids: P['population.grids'] });
  const edges = neighbourhoodTies(layout, { perBuilding: P['population.ties_building'], longTie: P['population.ties_long'] }, rng.stream('network'));
  // WebAssembly kernels read the resident columns and the network in the model's own memory, with room
  // for all the network's arrays hold as commits replace ties (see networkMemoryBytes).
  const networkBytes = networkMemoryBytes(N, edges.length);
  const wasm: WasmKernels | null = choice === 'js' ? null : createWasmKernels(N, RESIDENT_BYTES, networkBytes, thread);
  if (choice === 'wasm' && !wasm) throw new ValidationError([{ path: 'kernels', value: 'wasm', expected: "kernels this engine can run: it lacks WebAssembly with SIMD, so use 'auto' or 'js'" }]);
  const residents = createStore(RESIDENT_SCHEMA, N, wasm?.arena);
  // Renting is a property of the household: one draw per household.
  const renterOf = new Uint8Array(layout.households);
  for (let h = 0; h < layout.households; h++) renterOf[h] = u() < P['population.renters'] ? 1 : 0;
  for (let i = 0; i < N; i++) residents.spawn();
  residents.commit();
  const c = residents.columns;
  const jitter = (x: number, w: number) => Math.min(1, Math.max(0, x + w * (u() - 0.5)));
  // The parameters read per resident, out of the parameters' dictionary (see Demography).
  const D = demographyOf(P);
  const tOff = D.initTrustOfficials;
  const tParty = D.initTrustParty;
  const tEnt = D.initTrustEnterprises;
  const tSocial = D.initTrustSocial;
  const belonging = P['init.belonging'];
  const spirit = D.initSpirit;
  const belief = D.initBelief;
  for (let i = 0; i < N; i++) {
    const renter = renterOf[layout.household[i]];
    const g = renter ? (u() < 0.7 ? 0 : drawGroup(D, u())) : drawGroup(D, u());
    c.group[i] = g;
    c.renter[i] = renter;
    c.member[i] = u() < D.partyMembers ? 1 : 0;
    c.ctype[i] = drawType(D, u());
    c.household[i] = layout.household[i];
    c.building[i] = layout.building[i];
    c.grid[i] = layout.grid[i];
    c.tenure[i] = renter ? Math.floor(u() * 104) : Math.floor(u() * 520);
    c.time[i] = timeOf(D, g);
    c.skill[i] = u();
    c.money[i] = u();
    c.need0[i] = 0.4 * u();
    c.need1[i] = 0.4 * u();
    c.need2[i] = 0.4 * u();
    c.need3[i] = 0.4 * u();
    c.need4[i] = 0.4 * u();
    c.trust_officials[i] = jitter(tOff, 0.2);
    c.trust_party[i] = jitter(tParty, 0.2);
    c.trust_enterprises[i] = jitter(tEnt, 0.2);
    c.trust_social[i] = jitter(tSocial, 0.2);
    c.belonging[i] = jitter(belonging * (renter ? 0.5 : 1), 0.2);
    c.identity[i] = jitter(0.3, 0.2);
    c.efficacy[i] = jitter(0.3, 0.2);
    c.spirit[i] = jitter(spirit, 0.3);
    c.belief[i] = jitter(belief, 0.2);
    c.norm[i] = 0.3;
    c.seen[i] = belief * 0.5;
    c.wom[i] = (c.trust_officials[i] + c.trust_party[i] + c.trust_enterprises[i]) / 3;
  }
  const network = fromEdgeList(N, edges, wasm?.arena);
  // Turnover's tie edits committed by a kernel on the same memory (the same rows, in less time).
  if (wasm) network.runCommitsWith(wasm.commitRunner);
  const E = P['enterprises.count'];
  const O = P['officials.count'];
  const enterprises = Array.from({ length: E }, () => ({ capital: 100 * N, investment: P['enterprises.investment'] / E, reputation: 0.5, opportunism: P['enterprises.opportunism'], profitTarget: P['enterprises.profit_target'], diverted: 0, detected: 0 }));
  const officials = Array.from({ length: O }, () => ({ budget: P['officials.budget'] / O, allocated: P['officials.budget'] / O, responsiveness: P['officials.responsiveness'], bureaucratism: P['officials.bureaucratism'], rentSeeking: P['officials.rent_seeking'], diverted: 0, detected: 0 }));
  const kindInstances: Record<string, KindInstance> = {};
  for (const def of kinds) {
    const params: Record<string, number> = {};
    for (const k of Object.keys(def.params)) params[k] = all[`${def.name}.${k}`];
    const count = Math.max(0, Math.floor(def.count(params)));
    const store = createStore(def.fields, Math.max(1, count));
    for (let k = 0; k < count; k++) store.spawn();
    store.commit();
    const draw = rng.stream(`init:${def.name}`).next;
    if (def.init) for (let k = 0; k < count; k++) def.init(store, k, params, draw);
    kindInstances[def.name] = { definition: def, store, params };
  }
  const B = layout.buildings;
  const emptyStats = (): TickStats => ({ participants: 0, substantive: 0, formal: 0, hours: 0, money: 0, output: 0, value: 0, transactionCost: 0, performance: 0, match: 0, diversionAttempted: 0, diversionDetected: 0, divertedMoney: 0, gini: 0, whistles: 0, teamsFormed: 0, teamsDissolved: 0 });
  const model: CoprodModel = {
    params: P,
    residents,
    network,
    buildings: B,
    grids: layout.grids,
    party: { capacity: 0, used: 0, reach: 0, capital: 0.5 },
    enterprises,
    officials,
    projects: DOMAINS.map((_, d) => ({ domain: d, share: 1 / DOMAINS.length, phase: 'design' as const, inputs: { residents: 0, officials: 0, enterprises: 0, party: 0, other: 0 }, output: 0, quality: 1 })),
    kinds: kindInstances,
    kernels: wasm?.kernels ?? JS_KERNELS,
    levers: neutralLevers(),
    stats: emptyStats(),
    ledger: { inflow: 0, production: 0, monitoring: 0, transaction: 0, diverted: 0, recovered: 0 },
    allocation: new Float64Array(DOMAINS.length).fill(1 / DOMAINS.length),
    needShare: new Float64Array(DOMAINS.length).fill(1 / DOMAINS.length),
    openness: P['design.openness'],
    needSum: new Float64Array(DOMAINS.length),
    gridNeed: new Float64Array(layout.grids),
    gridSize: new Int32Array(layout.grids),
    lastPerformance: 0.5,
    institution: 0,
    teamLeader: new Int32Array(B).fill(-1),
    teamSince: new Int32Array(B),
    buildingSize: new Int32Array(B),
    buildingSubstantive: new Int32Array(B),
    buildingTrust: new Float64Array(B),
    buildingStart: new Int32Array(B + 1),
    buildingRows: new Int32Array(N),
    cycleTick: 0,
    cyclePerformance: 0,
    begin() {
      wasm?.settle();
      model.levers = neutralLevers();
      model.stats = emptyStats();
      model.party.used = 0;
      model.party.reach = 0;
    },
    commit(phase: string) {
      if (phase === 'trust' || phase === 'distribution') {
        // A Gini started ahead beside the trust phase's pass (distribution in phases.ts) is taken when that
        // phase ends; or when distribution ends, if a rule joins the trust phase (its hooks run before the
        // pass, and may read the Gini or write benefits) or the model runs under another simulation.
        if (phase === 'distribution' && !trustJoined(model)) return;
        const g = model.kernels.giniTaken?.();
        if (g !== undefined) model.stats.gini = g;
        return;
      }
      // One boundary per tick for structure: movers leave and newcomers arrive at the end of the week.
      if (phase !== 'record') return;
      const pend = residents.pending();
      if (pend.spawns > 0 || pend.removals > 0) {
        // Rows move (a rule removed or added residents): renumber the network and the building index.
        const res = residents.commit();
        startSums(model);
        network.commit(res.remap, residents.count);
        indexBuildings(model);
      } else {
        // Turnover replaces residents in place: no row moves, only the touched ties are rewritten.
        if (pend.replacements > 0) residents.commit();
        startSums(model);
        network.commit();
      }
      for (const k of Object.values(kindInstances)) {
        const pk = k.store.pending();
        if (pk.spawns || pk.removals || pk.replacements) k.store.commit();
      }
      prepare();
    },
    snapshot(): ModelSnapshot {
      return {
        residents: residents.snapshot(),
        network: network.snapshot(),
        party: { ...model.party },
        enterprises: enterprises.map((e) => ({ ...e })),
        officials: officials.map((o) => ({ ...o })),
        projects: model.projects.map((p) => ({ ...p, inputs: { ...p.inputs } })),
        kinds: Object.fromEntries(Object.entries(kindInstances).map(([k, inst]) => [k, { store: inst.store.snapshot(), params: { ...inst.params } }])),
        allocation: [...model.allocation],
        needShare: [...model.needShare],
        openness: model.openness,
        needSum: [...model.needSum],
        gridNeed: [...model.gridNeed],
        gridSize: [...model.gridSize],
        lastPerformance: model.lastPerformance,
        institution: model.institution,
        teamLeader: [...model.teamLeader],
        teamSince: [...model.teamSince],
        cycleTick: model.cycleTick,
        cyclePerformance: model.cyclePerformance,
        stats: { ...model.stats },
        ledger: { ...model.ledger },
      };
    },
    restore(data: unknown) {
      wasm?.settle();
      const d = data as ModelSnapshot;
      residents.restore(d.residents as StoreSnapshot);
      network.restore(d.network);
      Object.assign(model.party, d.party);
      d.enterprises.forEach((e, k) => Object.assign(enterprises[k], e));
      d.officials.forEach((o, k) => Object.assign(officials[k], o));
      d.projects.forEach((p, k) => Object.assign(model.projects[k], { ...p, inputs: { ...p.inputs } }));
      for (const [k, inst] of Object.entries(d.kinds)) {
        kindInstances[k].store.restore(inst.store);
        kindInstances[k].params = { ...inst.params };
      }
      model.allocation.set(d.allocation);
      model.needShare.set(d.needShare);
      model.openness = d.openness;
      model.needSum.set(d.needSum);
      model.gridNeed.set(d.gridNeed);
      model.gridSize.set(d.gridSize);
      model.lastPerformance = d.lastPerformance;
      model.institution = d.institution;
      model.teamLeader.set(d.teamLeader);
      model.teamSince.set(d.teamSince);
      model.cycleTick = d.cycleTick;
      model.cyclePerformance = d.cyclePerformance;
      model.stats = { ...d.stats };
      model.ledger = { ...d.ledger };
      indexBuildings(model);
      prepare();
    },
  };
  // The kernels' scratch follows the population and the ties, sized only at these boundaries.
  // The number of grids, not the layout: its per-resident arrays are in the columns now.
  const G = layout.grids;
  const prepare = () => wasm?.prepare(residents.count, B, G);
  indexBuildings(model);
  prepare();
  return model;
}

/** Rows grouped by building (counting sort), for newcomers finding building mates. */
function indexBuildings(m: CoprodModel): void {
  const n = m.residents.count;
  const b = m.residents.columns.building;
  const B = m.buildings;
  const start = m.buildingStart;
  start.fill(0);
  for (let i = 0; i < n; i++) start[b[i] + 1]++;
  for (let k = 0; k < B; k++) start[k + 1] += start[k];
  if (m.buildingRows.length < n) (m as { buildingRows: Int32Array }).buildingRows = new Int32Array(Math.max(n, m.buildingRows.length * 2));
  const fill = start.slice(0, B);
  const rows = m.buildingRows;
  for (let i = 0; i < n; i++) rows[fill[b[i]]++] = i;
}

