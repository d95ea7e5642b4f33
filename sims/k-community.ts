import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });

const partnerParams = {
  partners: p(88, 0, 100_000, 'partners', 'community partners (property engineering, greening, culture, finance, law)', 'seed 001: 88 community partners', true),
  hours: p(3, 0, 100, 'hours/partner/week', 'professional hours each partner gives', 'guess'),
  expertise: p(0.3, 0, 1, 'share', 'cut in the quality risk of community projects when partners are many per thousand residents', 'guess'),
} as const;

/**
 * Community partners (社区合伙人; seed 001): professionals who give hours and expertise. Hours join the
 * inputs; expertise lowers the quality risk of community-run projects. Memory: `hours` this week.
 *
 * @example
 * createCoprod('k-community', { set: { 'community-partners.partners': 200 } });
 */
export const communityPartners = defineRule<CoprodModel, typeof partnerParams>({
  name: 'community-partners',
  description: 'Community partners (社区合伙人): professionals give hours and expertise (seed 001).',
  params: partnerParams,
  phases: {
    production({ model, params: q, memory }) {
      const L = model.levers;
      const hours = q.partners * q.hours;
      L.extraHours += hours;
      // Expertise per thousand residents; 2 per thousand counts as full.
      const density = Math.min(1, (q.partners / Math.max(1, model.residents.count)) * 500);
      L.qualityRisk *= 1 - q.expertise * density;
      memory.hours = hours;
    },
  },
});

const carriageParams = {
  meetings: p(1, 0, 1, 'intensity 0..1', 'joint meetings of the three carriages under the party (monthly at 1)', 'seed 001: monthly grid meetings, joint meetings'),
  conflict: p(0.4, 0, 1, 'share at full meetings', 'cut in goal conflict among residents’ committee, owners’ committee and property company', 'guess'),
  vetting: p(0.3, 0, 1, 'share', 'cut in the property company’s propensity to divert when the party vets owners’-committee nominees', 'guess (seed 001)'),
  property: p(0, 0, 100, 'enterprise index', 'which enterprise is the property company', 'scenario', true),
} as const;

/**
 * The three carriages (三驾马车; seed 001): residents' committee (居委会), owners' committee (业委会) and
 * property company (物业), coordinated by the party in joint meetings; the party vets owners'-committee
 * nominees. Lowers goal conflict and the property company's opportunism.
 *
 * @example
 * createCoprod('k-community', { without: ['three-carriages'] });
 */
export const threeCarriages = defineRule<CoprodModel, typeof carriageParams>({
  name: 'three-carriages',
  description: 'Three carriages (三驾马车): residents’ committee, owners’ committee and property company in party-led joint meetings (seed 001).',
  params: carriageParams,
  phases: {
    design({ model, params: q }) {
      model.levers.goalConflict *= 1 - q.conflict * q.meetings;
    },
    opportunism({ model, params: q, memory }) {
      const e = model.enterprises[q.property];
      if (!e) return;
      // Vetting acts on who sits on the owners' committee, so it holds the company's propensity down once.
      if (!memory.vetted) {
        e.opportunism *= 1 - q.vetting * q.meetings;
        memory.vetted = 1;
      }
    },
  },
});

/**
 * K community, city S (seed 001): a mega-community under party coordination.
 *
 * @example
 * createCoprod('k-community', { set: { 'population.residents': 10000, 'population.households': 3125 } }); // a quicker run
 */
export const kCommunity: ScenarioSpec = {
  name: 'k-community',
  title: 'K mega-community: collaborative co-governance (seed 001)',
  title_zh: 'K超大社区:党建引领的协作型共治',
  description:
    'About 40,000 residents in 12,500 households, 286 buildings and 15 grids under 4 general branches; 775 registered party members (double registration), 88 community partners and the three carriages (residents’ committee, owners’ committee, property company) coordinated by the party; monthly grid meetings and joint meetings as consultation platforms.',
  description_zh:
    '约4万居民、1.25万户、286栋楼、15个网格、4个居民区党总支;775名报到党员(双报到双报告)、88名社区合伙人,党组织统筹居委会、业委会、物业“三驾马车”;每月网格会议与联席会议作为协商平台。',
  ticks: 520,
  source: 'seed 001 (K community, city S): 40,000 residents, 12,500 households, 286 buildings, 15 grids, 775 members, 88 partners; behaviour figures are guesses (sims/k-community.md)',
  params: {
    'population.residents': 40_000,
    'population.households': 12_500,
    'population.buildings': 286,
    'population.grids': 15,
    'population.renters': 0.35,
    'population.party_members': 0.0194,
    'party.double_registered': 0.6,
    'party.capacity': 3,
    'enterprises.count': 1,
    'officials.count': 1,
    'party-coordination.mobilisation': 0.8,
    'party-coordination.networking': 0.8,
    'party-coordination.integration': 0.6,
    'party-coordination.guidance': 0.6,
    'checks-and-balances.monitoring': 0.2,
    'checks-and-balances.sanctions': 0.3,
    'checks-and-balances.consultation': 0.7,
  },
  rules: [{ name: 'party-coordination' }, { name: 'checks-and-balances' }, { name: 'three-carriages' }, { name: 'community-partners' }],
};

/** Rules the K community scenario brings. */
export const K_COMMUNITY_REGISTRY: Registry = { rules: [communityPartners, threeCarriages] };
