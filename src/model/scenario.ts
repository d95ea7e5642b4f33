import { v, validate, type Schema } from '../validate.js';

/** A rule in force in a scenario: its name and optional schedule (ticks, 1-based, inclusive). */
export interface RuleEntry {
  readonly name: string;
  readonly from?: number;
  readonly to?: number;
}

/**
 * A scenario: data, validated. Parameters are dotted paths: model parameters (`coprod list --params`),
 * rule parameters `<rule>.<lever>`, kind parameters `<kind>.<param>`. Rules listed are in force (with
 * their schedules); rules not listed are off.
 *
 * @example
 * const s: ScenarioSpec = { name: 'my-case', title: 'My case', description: 'Checks from year two.',
 *   ticks: 104, params: { 'population.residents': 3000 }, rules: [{ name: 'checks-and-balances', from: 53 }] };
 */
export interface ScenarioSpec {
  readonly name: string;
  readonly title: string;
  readonly title_zh?: string;
  readonly description: string;
  readonly description_zh?: string;
  /** Ticks (weeks) a run lasts by default. */
  readonly ticks: number;
  readonly seed?: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly rules?: readonly RuleEntry[];
  /** User-defined kinds this scenario needs (by name; the kind must be registered). */
  readonly kinds?: readonly string[];
  /** Which pattern of MODEL.md section 5 a classroom preset shows, if any. */
  readonly pattern?: string;
  /** Where the scenario's figures come from. */
  readonly source?: string;
  /**
   * The one setting a side-by-side view changes (classroom presets): run B is this scenario with these
   * changes, same seed.
   */
  readonly contrast?: Contrast;
}

/** What run B of a side-by-side comparison changes. */
export interface Contrast {
  readonly label: string;
  readonly label_zh?: string;
  readonly rules?: readonly string[];
  readonly without?: readonly string[];
  readonly set?: Readonly<Record<string, number>>;
}

const ruleEntry: Schema<RuleEntry> = v.object<RuleEntry & Record<string, unknown>>({
  name: v.string(),
  from: v.optional(v.number({ min: 1, integer: true })),
  to: v.optional(v.number({ min: 1, integer: true })),
}) as Schema<RuleEntry>;

const scenarioSchema = v.object<ScenarioSpec & Record<string, unknown>>({
  name: v.custom<string>('lowercase letters, digits and dashes', (x) => typeof x === 'string' && /^[a-z][a-z0-9-]*$/.test(x)),
  title: v.string(),
  title_zh: v.optional(v.string()),
  description: v.string(),
  description_zh: v.optional(v.string()),
  ticks: v.number({ min: 0, max: 1_000_000, integer: true }),
  seed: v.optional(v.number({ integer: true })),
  params: v.optional(v.record(v.number())),
  rules: v.optional(v.array(ruleEntry)),
  kinds: v.optional(v.array(v.string())),
  pattern: v.optional(v.string()),
  source: v.optional(v.string()),
  contrast: v.optional(
    v.object<Contrast & Record<string, unknown>>({
      label: v.string(),
      label_zh: v.optional(v.string()),
      rules: v.optional(v.array(v.string())),
      without: v.optional(v.array(v.string())),
      set: v.optional(v.record(v.number())),
    }),
  ),
}) as unknown as Schema<ScenarioSpec>;

/**
 * Check a scenario object's shape (names and ranges of parameters are checked when a model is built).
 *
 * @example
 * const s = parseScenario(JSON.parse(text)); // throws ValidationError naming each bad field
 */
export function parseScenario(value: unknown, path = 'scenario'): ScenarioSpec {
  const s = validate(scenarioSchema, value, path);
  for (const [k, r] of (s.rules ?? []).entries()) {
    if (r.from !== undefined && r.to !== undefined && r.to < r.from) {
      validate(v.custom('to >= from', () => false), r.to, `${path}.rules[${k}].to`);
    }
  }
  return s;
}
