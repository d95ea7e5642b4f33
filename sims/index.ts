import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import { baseline } from './baseline.js';
import { getang, GETANG_REGISTRY } from './getang.js';
import { jinsong, JINSONG_REGISTRY } from './jinsong.js';
import { kCommunity, K_COMMUNITY_REGISTRY } from './k-community.js';
import { PRESETS, P5_REGISTRY } from './presets.js';
import { whistle, WHISTLE_REGISTRY } from './whistle.js';
import { zhendong, ZHENDONG_REGISTRY } from './zhendong.js';

/** Every scenario shipped with coprod, in catalogue order: the five cases, the baseline, the classroom presets. */
export const SCENARIOS: readonly ScenarioSpec[] = [zhendong, kCommunity, getang, jinsong, whistle, baseline, ...PRESETS];

/** Scenario-specific rules and kinds, by scenario name (merged into the registry when a scenario is used). */
export const SCENARIO_REGISTRIES: Readonly<Record<string, Registry>> = {
  zhendong: ZHENDONG_REGISTRY,
  'k-community': K_COMMUNITY_REGISTRY,
  getang: GETANG_REGISTRY,
  jinsong: JINSONG_REGISTRY,
  whistle: WHISTLE_REGISTRY,
  'p5-asymmetry': P5_REGISTRY,
};
