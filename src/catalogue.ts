import { ValidationError } from './validate.js';
import { parseScenario, type ScenarioSpec } from './model/scenario.js';
import { SCENARIOS } from '../sims/index.js';

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
