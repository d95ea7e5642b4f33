/**
 * How the visualizer turns its state (scenario, seed, settings, actions) into one or two simulations.
 * Pure: no DOM, no worker API, so the same code runs in the worker and in Node tests.
 *
 * Every rule available to the scenario is put into the simulation; the ones not in force at start are
 * switched off with `setEnabled(name, false)` before the first tick. Switching a rule on or off mid-run
 * is then `setEnabled` (the engine records `rule_on:<name>` / `rule_off:<name>` events), and a lever is
 * `setRuleParam`. A disabled rule never acts and its random stream is its own, so this gives the same
 * rows as leaving the rule out.
 */
import { availableRules, createCoprod, findScenario, parseRuleSpec, scenarioRegistry, type Contrast, type CoprodSimulation, type ScenarioSpec } from 'coprod';

/** A change made while the run is paused or playing; applied after `tick` ticks, before the next one. */
export type Action =
  | { readonly tick: number; readonly kind: 'rule'; readonly rule: string; readonly on: boolean }
  | { readonly tick: number; readonly kind: 'param'; readonly rule: string; readonly param: string; readonly value: number };

/** What run B of the side-by-side view changes. */
export type Compare = { readonly kind: 'none' } | { readonly kind: 'contrast' } | { readonly kind: 'flip'; readonly rule: string };

/** Everything that determines the numbers of a run (A) and its comparison (B). */
export interface RunConfig {
  readonly scenario: string;
  readonly seed: number | string;
  /** Parameter overrides at creation, by path (model parameters and `<rule>.<lever>`). */
  readonly set: Readonly<Record<string, number>>;
  /** Rules switched on at start besides the scenario's. */
  readonly on: readonly string[];
  /** Scenario rules switched off at start. */
  readonly off: readonly string[];
  /** Changes by hand, in the order they were made. */
  readonly actions: readonly Action[];
  readonly compare: Compare;
}

/** How one simulation is created: createCoprod options plus rules to switch off before tick 1. */
export interface RunSetup {
  readonly label: 'A' | 'B';
  readonly scenario: string;
  readonly seed: number | string;
  readonly set: Readonly<Record<string, number>>;
  readonly rules: readonly string[];
  readonly disabled: readonly string[];
  /** Actions that concern the compared setting apply to run A only (B keeps the difference). */
  readonly fixed: { readonly rules: readonly string[]; readonly params: readonly string[] };
}

/** Names of the rules a scenario can use (built-ins and its own), in engine order. */
export function rulesFor(scenario: string): string[] {
  return availableRules(scenarioRegistry(scenario)).map((r) => r.name);
}

/** The rule objects a scenario can use (for parameter schemas). */
export function ruleObjectsFor(scenario: string) {
  return availableRules(scenarioRegistry(scenario));
}

/** The scenario's rules in force at start (names). */
export function scenarioRuleNames(spec: ScenarioSpec): string[] {
  return (spec.rules ?? []).map((r) => r.name);
}

/** The contrast a comparison applies, or undefined. */
export function contrastOf(spec: ScenarioSpec, compare: Compare): Contrast | undefined {
  if (compare.kind === 'contrast') return spec.contrast;
  return undefined;
}

/** The setups of run A and (when comparing) run B. */
export function runSetups(cfg: RunConfig): RunSetup[] {
  const spec = findScenario(cfg.scenario);
  const all = rulesFor(cfg.scenario);
  const inScenario = scenarioRuleNames(spec);
  const extra = all.filter((r) => !inScenario.includes(r));
  const enabledA = new Set([...inScenario.filter((r) => !cfg.off.includes(r)), ...cfg.on.filter((r) => all.includes(r))]);
  const a: RunSetup = {
    label: 'A',
    scenario: cfg.scenario,
    seed: cfg.seed,
    set: { ...cfg.set },
    rules: extra,
    disabled: all.filter((r) => !enabledA.has(r)),
    fixed: { rules: [], params: [] },
  };
  if (cfg.compare.kind === 'none') return [a];
  if (cfg.compare.kind === 'flip') {
    const rule = cfg.compare.rule;
    if (!all.includes(rule)) return [a];
    const enabledB = new Set(enabledA);
    if (enabledB.has(rule)) enabledB.delete(rule);
    else enabledB.add(rule);
    return [a, { ...a, label: 'B', disabled: all.filter((r) => !enabledB.has(r)), fixed: { rules: [rule], params: [] } }];
  }
  const c = spec.contrast;
  if (!c) return [a];
  const rulesB = [...extra];
  const enabledB = new Set(enabledA);
  const touched: string[] = [];
  for (const text of c.rules ?? []) {
    const { name } = parseRuleSpec(text);
    touched.push(name);
    enabledB.add(name);
    const k = rulesB.indexOf(name);
    if (k >= 0) rulesB[k] = text;
    else rulesB.push(text);
  }
  for (const name of c.without ?? []) {
    touched.push(name);
    enabledB.delete(name);
  }
  const setB = { ...cfg.set, ...(c.set ?? {}) };
  return [a, { label: 'B', scenario: cfg.scenario, seed: cfg.seed, set: setB, rules: rulesB, disabled: all.filter((r) => !enabledB.has(r)), fixed: { rules: touched, params: Object.keys(c.set ?? {}) } }];
}

/** Create the simulation of a setup (tick 0). */
export function createRun(setup: RunSetup): CoprodSimulation {
  const sim = createCoprod(setup.scenario, { seed: setup.seed, set: setup.set, rules: setup.rules });
  for (const r of setup.disabled) sim.setEnabled(r, false);
  return sim;
}

/** Does this action apply to this run? */
export function appliesTo(setup: RunSetup, action: Action): boolean {
  if (action.kind === 'rule') return !setup.fixed.rules.includes(action.rule);
  return !setup.fixed.rules.includes(action.rule) && !setup.fixed.params.includes(`${action.rule}.${action.param}`);
}

/** Apply one action to a simulation (the caller checks {@link appliesTo}). */
export function applyAction(sim: CoprodSimulation, action: Action): void {
  if (action.kind === 'rule') sim.setEnabled(action.rule, action.on);
  else sim.setRuleParam(action.rule, action.param, action.value);
}

/** Apply the actions due at the simulation's current tick. */
export function applyDue(sim: CoprodSimulation, setup: RunSetup, actions: readonly Action[]): void {
  for (const a of actions) if (a.tick === sim.tick && appliesTo(setup, a)) applyAction(sim, a);
}

/** Run one tick, applying the actions due before it. */
export function stepRun(sim: CoprodSimulation, setup: RunSetup, actions: readonly Action[]): void {
  applyDue(sim, setup, actions);
  sim.tickOnce();
}

/**
 * Add an action to a log: an earlier action at the same tick on the same target is replaced (dragging a
 * slider or toggling twice in one paused tick leaves one entry).
 */
export function recordAction(log: readonly Action[], action: Action): Action[] {
  const same = (x: Action) => x.tick === action.tick && x.kind === action.kind && x.rule === action.rule && (x.kind === 'rule' || (action.kind === 'param' && x.param === action.param));
  return [...log.filter((x) => !same(x)), action];
}

/** Build and run a configuration to a tick (for tests and for reproducing a shared link). */
export function reproduce(cfg: RunConfig, ticks: number): CoprodSimulation[] {
  return runSetups(cfg).map((setup) => {
    const sim = createRun(setup);
    for (let t = 0; t < ticks; t++) stepRun(sim, setup, cfg.actions);
    return sim;
  });
}
