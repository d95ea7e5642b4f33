import { ValidationError } from './validate.js';
import { parseScenario, type ScenarioSpec } from './model/scenario.js';
import { SCENARIOS, SCENARIO_REGISTRIES } from '../sims/index.js';
import type { Registry } from './model/create.js';

/**
 * The scenario the visualizer opens with: the classroom preset that shows the whole story side by side,
 * cooperation breakdown with no rule in force against a community governed by the three rules.
 */
export const DEFAULT_SCENARIO = 'p1-breakdown';

/**
 * Every scenario shipped in `sims/`, by name, in catalogue order.
 *
 * @example
 * listScenarios().map((s) => `${s.name}: ${s.title}`);
 */
export function listScenarios(): readonly ScenarioSpec[] {
  return SCENARIOS;
}

/** A shipped scenario by name; throws naming the known ones. */
export function findScenario(name: string): ScenarioSpec {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new ValidationError([{ path: 'scenario', value: name, expected: `a scenario (${SCENARIOS.map((x) => x.name).join(', ')}) or a .json file` }]);
  return parseScenario(s, `scenario ${name}`);
}

/** Rules and kinds a shipped scenario needs beyond the built-ins (scenario-specific mechanisms). */
export function scenarioRegistry(name: string): Registry | undefined {
  return SCENARIO_REGISTRIES[name];
}
