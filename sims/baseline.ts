import type { ScenarioSpec } from '../src/model/scenario.js';

/** The bare polycentric baseline: no rule in force (pattern P1, cooperation breakdown). */
export const baseline: ScenarioSpec = {
  name: 'baseline',
  title: 'Bare polycentric baseline (no rule in force)',
  title_zh: '无规则的多中心基线',
  description: 'Residents, officials, enterprises and a party branch co-produce with no rule in force: a community of 2,000 over two years.',
  description_zh: '居民、政府、企业与党组织在没有任何规则的情况下合作生产：2000名居民，两年。',
  ticks: 104,
  source: 'MODEL.md; seed 003 (cooperation breakdown)',
  params: {},
  rules: [],
};
