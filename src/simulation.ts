import { resolveParams, type ParamSchema, type ParamValues } from './params.js';
import { createRandom, type RandomSource, type RandomStream, type StreamState } from './random.js';
import { inForce, type Rule, type RuleContext, type RuleUse, type Schedule, type SimEvent } from './rule.js';
import { ValidationError } from './validate.js';

/** What a model state must offer the engine: plain-data save and restore, and a boundary commit. */
export interface ModelState {
  /** Called at the start of every tick, before any rule or phase (reset per-tick levers here). */
  begin?(tick: number): void;
  /** Apply queued spawns, removals and tie edits; called after every phase with its name. */
  commit?(phase: string): void;
  snapshot(): unknown;
  restore(data: unknown): void;
}

/** What a built-in process receives. Its stream is `process:<phase>`. */
export interface ProcessContext<M> {
  readonly model: M;
  readonly tick: number;
  readonly random: RandomStream;
  emit(type: string, detail?: Record<string, number | string>): void;
}

/** One named phase of a tick: an optional built-in process; rules join it by name. */
export interface Phase<M> {
  readonly name: string;
  readonly run?: (ctx: ProcessContext<M>) => void;
}

/** A per-tick output column: a function of the model after the tick. */
export type Reporter<M> = (model: M, tick: number) => number;

/** A tidy row: one per tick, snake_case columns. `events` lists the tick's event types joined by ";". */
export type Row = Record<string, number | string>;

/**
 * Options of {@link createSimulation}.
 */
export interface SimulationOptions<M extends ModelState> {
  readonly seed: string | number;
  readonly model: M;
  readonly phases: readonly Phase<M>[];
  readonly rules?: readonly RuleUse<M>[];
  readonly reporters?: Readonly<Record<string, Reporter<M>>>;
  /** Keep rows in memory (default true); false when rows are streamed through `onRow`. */
  readonly keepRows?: boolean;
  readonly onRow?: (row: Row) => void;
}

/** Plain-data copy of a whole simulation. */
export interface SimulationSnapshot {
  readonly format: 'coprod-snapshot';
  readonly version: 1;
  readonly seed: string;
  readonly tick: number;
  readonly random: Record<string, StreamState>;
  readonly rules: readonly { name: string; params: Record<string, number>; schedule?: Schedule; enabled: boolean; active: boolean; memory: Record<string, number> }[];
  readonly rows: readonly Row[];
  readonly events: readonly SimEvent[];
  readonly model: unknown;
}

/** A rule as it stands in a simulation. */
export interface RuleState<M> {
  readonly rule: Rule<M, ParamSchema>;
  params: ParamValues;
  schedule?: Schedule;
  /** False when switched off by hand (overrides the schedule). */
  enabled: boolean;
  /** In force during the last tick. */
  active: boolean;
  memory: Record<string, number>;
}

/**
 * A running simulation: `tick()` runs the phases in their fixed order; in each phase the rules in force
 * act first, in the order they were added, then the phase's built-in process; spawns, removals and tie edits are
 * applied between phases; reporters then record one row.
 *
 * @example
 * const sim = createSimulation({ seed: 1, model, phases: [{ name: 'update', run: ({ model, random }) => … }],
 *   reporters: { mean_trust: (m) => m.meanTrust() } });
 * sim.run(10); sim.rows.length; // 10
 */
export interface Simulation<M extends ModelState> {
  readonly seed: string;
  readonly model: M;
  readonly random: RandomSource;
  /** Ticks completed. */
  readonly tick: number;
  readonly rows: readonly Row[];
  readonly events: readonly SimEvent[];
  readonly phases: readonly string[];
  readonly rules: readonly RuleState<M>[];
  tickOnce(): Row;
  run(ticks: number): void;
  /** Add a rule (at the end of the rule order). */
  addRule(use: RuleUse<M>): void;
  /** Switch a rule on or off by hand from the next tick on. */
  setEnabled(name: string, enabled: boolean): void;
  setSchedule(name: string, schedule: Schedule | undefined): void;
  /** Set one of a rule's parameters (checked against its range). */
  setRuleParam(name: string, param: string, value: number): void;
  snapshot(): SimulationSnapshot;
  restore(snap: SimulationSnapshot): void;
}

/**
 * Create a simulation around a model state.
 *
 * @example
 * const sim = createSimulation({ seed: 42, model, phases, rules: [{ rule: myRule, schedule: { from: 10 } }] });
 */
export function createSimulation<M extends ModelState>(opts: SimulationOptions<M>): Simulation<M> {
  const seed = String(opts.seed);
  const random = createRandom(seed);
  const model = opts.model;
  const phases = opts.phases;
  const reporterNames = Object.keys(opts.reporters ?? {});
  const reporters = reporterNames.map((k) => opts.reporters![k]);
  // A row's keys in their order (tick, the reporters, events), made at once: each row is a copy of this,
  // so rows keep the engine's fast layout instead of turning into dictionaries key by key.
  const rowShape: Row = Object.fromEntries([['tick', 0], ...reporterNames.map((k) => [k, 0]), ['events', '']]);
  const keepRows = opts.keepRows !== false;
  const seen = new Set<string>();
  for (const p of phases) {
    if (seen.has(p.name)) throw new TypeError(`phases: phase "${p.name}" appears twice`);
    seen.add(p.name);
  }
  const ruleStates: RuleState<M>[] = [];
  let rows: Row[] = [];
  let events: SimEvent[] = [];
  let tick = 0;
  let tickEvents: SimEvent[] = [];

  const findRule = (name: string): RuleState<M> => {
    const r = ruleStates.find((s) => s.rule.name === name);
    if (!r) throw new ValidationError([{ path: 'rule', value: name, expected: `a rule in this simulation (${ruleStates.map((s) => s.rule.name).join(', ') || 'none'})` }]);
    return r;
  };

  const addRule = (use: RuleUse<M>) => {
    const name = use.rule.name;
    if (ruleStates.some((s) => s.rule.name === name)) throw new ValidationError([{ path: 'rules', value: name, expected: 'each rule at most once' }]);
    for (const ph of Object.keys(use.rule.phases)) {
      if (!seen.has(ph)) throw new ValidationError([{ path: `${name}.phases`, value: ph, expected: `a phase of this model (${[...seen].join(', ')})` }]);
    }
    if (use.schedule) {
      const { from, to } = use.schedule;
      if (!Number.isInteger(from) || from < 1) throw new ValidationError([{ path: `${name}.schedule.from`, value: from, expected: 'a whole tick >= 1' }]);
      if (to !== undefined && (!Number.isInteger(to) || to < from)) throw new ValidationError([{ path: `${name}.schedule.to`, value: to, expected: `a whole tick >= from (${from})` }]);
    }
    ruleStates.push({ rule: use.rule, params: resolveParams(use.rule.params, use.params, name), schedule: use.schedule, enabled: true, active: false, memory: {} });
  };
  for (const use of opts.rules ?? []) addRule(use);

  const emitter = (source: string) => (type: string, detail?: Record<string, number | string>) => {
    tickEvents.push(detail ? { tick, type, source, detail } : { tick, type, source });
  };
  // Each rule's and each phase's stream name and emitter, made once (not per tick: a name made anew is
  // hashed anew at every lookup). The streams themselves are still looked up (and so created) on first use.
  const ruleTools = new Map<RuleState<M>, { stream: string; emit: RuleContext<M>['emit'] }>();
  const ruleContext = (s: RuleState<M>): RuleContext<M> => {
    let t = ruleTools.get(s);
    if (!t) ruleTools.set(s, (t = { stream: `rule:${s.rule.name}`, emit: emitter(s.rule.name) }));
    return { model, tick, params: s.params, random: random.stream(t.stream), memory: s.memory, emit: t.emit };
  };
  const phaseStreams = phases.map((p) => `process:${p.name}`);
  const phaseEmitters = phases.map((p) => emitter(p.name));

  const tickOnce = (): Row => {
    tick++;
    tickEvents = [];
    if (model.begin) model.begin(tick);
    // Decide who is in force this tick, and run start/stop hooks, before the first phase.
    for (const s of ruleStates) {
      const now = s.enabled && inForce(s.schedule, tick);
      if (now !== s.active) {
        s.active = now;
        tickEvents.push({ tick, type: now ? 'rule_on' : 'rule_off', source: s.rule.name });
        const hook = now ? s.rule.start : s.rule.stop;
        if (hook) hook(ruleContext(s));
      }
    }
    for (let k = 0; k < phases.length; k++) {
      const phase = phases[k];
      // Rules first: they move the levers and columns the phase's process then acts on.
      for (const s of ruleStates) {
        if (!s.active) continue;
        const hook = s.rule.phases[phase.name];
        if (hook) hook(ruleContext(s));
      }
      if (phase.run) phase.run({ model, tick, random: random.stream(phaseStreams[k]), emit: phaseEmitters[k] });
      if (model.commit) model.commit(phase.name);
    }
    const row: Row = { ...rowShape };
    row.tick = tick;
    for (let k = 0; k < reporters.length; k++) row[reporterNames[k]] = reporters[k](model, tick);
    row.events = tickEvents.map((e) => e.type + (e.type === 'rule_on' || e.type === 'rule_off' ? `:${e.source}` : '')).join(';');
    if (keepRows) {
      rows.push(row);
      for (const e of tickEvents) events.push(e);
    }
    if (opts.onRow) opts.onRow(row);
    return row;
  };

  const sim: Simulation<M> = {
    seed,
    model,
    random,
    get tick() {
      return tick;
    },
    get rows() {
      return rows;
    },
    get events() {
      return events;
    },
    phases: phases.map((p) => p.name),
    rules: ruleStates,
    tickOnce,
    run(ticks) {
      if (!Number.isInteger(ticks) || ticks < 0) throw new ValidationError([{ path: 'ticks', value: ticks, expected: 'a whole number >= 0' }]);
      for (let i = 0; i < ticks; i++) tickOnce();
    },
    addRule,
    setEnabled(name, enabled) {
      findRule(name).enabled = enabled;
    },
    setSchedule(name, schedule) {
      const s = findRule(name);
      if (schedule) {
        const { from, to } = schedule;
        if (!Number.isInteger(from) || from < 1) throw new ValidationError([{ path: `${name}.schedule.from`, value: from, expected: 'a whole tick >= 1' }]);
        if (to !== undefined && (!Number.isInteger(to) || to < from)) throw new ValidationError([{ path: `${name}.schedule.to`, value: to, expected: `a whole tick >= from (${from})` }]);
      }
      s.schedule = schedule;
    },
    setRuleParam(name, param, value) {
      const s = findRule(name);
      s.params = resolveParams(s.rule.params, { ...s.params, [param]: value }, name);
    },
    snapshot() {
      return {
        format: 'coprod-snapshot',
        version: 1,
        seed,
        tick,
        random: random.state(),
        rules: ruleStates.map((s) => ({ name: s.rule.name, params: { ...s.params }, schedule: s.schedule ? { ...s.schedule } : undefined, enabled: s.enabled, active: s.active, memory: { ...s.memory } })),
        rows: rows.map((r) => ({ ...r })),
        events: events.map((e) => ({ ...e })),
        model: model.snapshot(),
      };
    },
    restore(snap) {
      if (snap.format !== 'coprod-snapshot' || snap.version !== 1) throw new ValidationError([{ path: 'snapshot.format', value: snap.format, expected: '"coprod-snapshot" version 1' }]);
      if (snap.seed !== seed) throw new ValidationError([{ path: 'snapshot.seed', value: snap.seed, expected: `the seed of this simulation (${seed})` }]);
      if (snap.rules.length !== ruleStates.length) throw new ValidationError([{ path: 'snapshot.rules', value: snap.rules.map((r) => r.name).join(','), expected: `the rules of this simulation (${ruleStates.map((s) => s.rule.name).join(',')})` }]);
      for (const r of snap.rules) findRule(r.name); // check all before changing anything
      // The streams first: their restore checks every state before it changes any.
      random.restore(snap.random);
      for (const r of snap.rules) {
        const s = findRule(r.name);
        s.params = { ...r.params };
        s.schedule = r.schedule ? { ...r.schedule } : undefined;
        s.enabled = r.enabled;
        s.active = r.active;
        for (const k of Object.keys(s.memory)) delete s.memory[k];
        Object.assign(s.memory, r.memory);
      }
      tick = snap.tick;
      rows = snap.rows.map((r) => ({ ...r }));
      events = snap.events.map((e) => ({ ...e }));
      model.restore(snap.model);
    },
  };
  return sim;
}
