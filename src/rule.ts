import type { ParamSchema, ParamValues } from './params.js';
import type { RandomStream } from './random.js';

/** A rule event of a tick: a scandal, a whistle, a team formed, a rule switched on. */
export interface SimEvent {
  readonly tick: number;
  readonly type: string;
  /** The rule or process that emitted it. */
  readonly source: string;
  readonly detail?: Readonly<Record<string, number | string>>;
}

/**
 * What a rule's phase function receives. `memory` is the rule's own state across ticks: plain numbers
 * only, so that it is saved by snapshots.
 */
export interface RuleContext<M, P extends ParamSchema = ParamSchema> {
  readonly model: M;
  readonly tick: number;
  readonly params: Readonly<ParamValues<P>>;
  /** The stream `rule:<name>`: depends only on the root seed and this rule's name. */
  readonly random: RandomStream;
  readonly memory: Record<string, number>;
  emit(type: string, detail?: Record<string, number | string>): void;
}

/**
 * A rule's function for one phase. Declared as a method (bivariant in its argument) so that a rule with
 * typed parameters fits wherever a rule with any parameters is expected, as in a registry.
 */
export type RuleHook<M, P extends ParamSchema = ParamSchema> = { bivarianceHack(ctx: RuleContext<M, P>): void }['bivarianceHack'];

/**
 * A rule: a plain value with a name, a parameter schema and functions for the phases it joins. Built-in
 * rules and users' rules are written the same way.
 *
 * @example
 * const curfew = defineRule({
 *   name: 'curfew',
 *   description: 'Residents give less time in the evening.',
 *   params: { strength: { default: 0.5, min: 0, max: 1, unit: 'intensity', description: 'how strict' } },
 *   phases: { commitment: ({ model, params }) => { model.levers.costMultiplier *= 1 + params.strength } },
 * });
 */
export interface Rule<M = unknown, P extends ParamSchema = ParamSchema> {
  readonly name: string;
  readonly description: string;
  readonly params: P;
  readonly phases: Readonly<Partial<Record<string, RuleHook<M, P>>>>;
  /** Called on the tick the rule comes into force (before its phases). */
  readonly start?: RuleHook<M, P>;
  /** Called on the first tick the rule is no longer in force. */
  readonly stop?: RuleHook<M, P>;
}

/** Identity helper that checks a rule's shape at the type level. */
export function defineRule<M, P extends ParamSchema>(rule: Rule<M, P>): Rule<M, P> {
  if (!/^[a-z][a-z0-9-]*$/.test(rule.name)) {
    throw new TypeError(`rule.name: got ${JSON.stringify(rule.name)}, expected lowercase letters, digits and dashes`);
  }
  return rule;
}

/** When a rule is in force: ticks `from` to `to`, inclusive (1-based; `to` omitted = to the end). */
export interface Schedule {
  readonly from: number;
  readonly to?: number;
}

/** A rule put to use in a simulation: parameters and schedule. */
export interface RuleUse<M = unknown> {
  readonly rule: Rule<M, ParamSchema>;
  readonly params?: Readonly<Record<string, number>>;
  readonly schedule?: Schedule;
}

/** Is a schedule in force at a tick? */
export function inForce(schedule: Schedule | undefined, tick: number): boolean {
  if (!schedule) return true;
  return tick >= schedule.from && (schedule.to === undefined || tick <= schedule.to);
}

/** Parse "name", "name@a", "name@a-b" (CLI and URL form). */
export function parseRuleSpec(text: string): { name: string; schedule?: Schedule } {
  const m = /^([a-z][a-z0-9-]*)(?:@(\d+)(?:-(\d+)?)?)?$/.exec(text.trim());
  if (!m) throw new TypeError(`--rule: got ${JSON.stringify(text)}, expected name, name@from or name@from-to with whole ticks`);
  const name = m[1];
  if (m[2] === undefined) return { name };
  const from = Number(m[2]);
  if (from < 1) throw new TypeError(`--rule: got ${JSON.stringify(text)}, expected from >= 1 (ticks count from 1)`);
  const to = m[3] === undefined ? undefined : Number(m[3]);
  if (to !== undefined && to < from) throw new TypeError(`--rule ${text}: got to=${to} before from=${from}, expected from <= to`);
  return { name, schedule: to === undefined ? { from } : { from, to } };
}

/** Render a schedule as "name@from-to". */
export function formatRuleSpec(name: string, schedule?: Schedule): string {
  if (!schedule) return name;
  return `${name}@${schedule.from}${schedule.to === undefined ? '' : `-${schedule.to}`}`;
}
