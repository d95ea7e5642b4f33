import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import { baseline } from './baseline.js';
import { zhendong, ZHENDONG_REGISTRY } from './zhendong.js';

/** Every scenario shipped with coprod, in catalogue order. */
export const SCENARIOS: readonly ScenarioSpec[] = [zhendong, baseline];

/** Scenario-specific rules and kinds, by scenario name (merged into the registry when a scenario is used). */
export const SCENARIO_REGISTRIES: Readonly<Record<string, Registry>> = { zhendong: ZHENDONG_REGISTRY };
