import type { ScenarioSpec } from '../src/model/scenario.js';
import { baseline } from './baseline.js';

/** Every scenario shipped with coprod, in catalogue order. */
export const SCENARIOS: readonly ScenarioSpec[] = [baseline];
