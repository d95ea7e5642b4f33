import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';
import { whistleBlowing } from './whistle.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

const renewalParams = {
  investor: p(0, 0, 100, 'enterprise index', 'which enterprise is the social-capital investor', 'scenario', true),
  start: p(3, 0, 1000, 'yuan/resident/week', 'investor’s service spending in the first week', 'guess'),
  floor: p(0.5, 0, 1000, 'yuan/resident/week', 'least spending the investor keeps while it stays', 'guess'),
  ceiling: p(12, 0, 1000, 'yuan/resident/week', 'most spending the investor would put in', 'guess'),
  public_share: p(0.3, 0, 1, 'share', 'share of spending on public-welfare services (free)', 'seed 003: public-welfare, semi-public and commercial mix; shares a guess'),
  semi_share: p(0.3, 0, 1, 'share', 'share on semi-public services (below cost)', 'seed 003; guess'),
  semi_return: p(0.7, 0, 5, 'yuan per yuan', 'revenue per yuan of semi-public service', 'guess'),
  commercial_return: p(1.45, 0, 5, 'yuan per yuan', 'revenue per yuan of commercial service at full demand', 'guess'),
  purchasing_power: p(0.85, 0, 1, 'level 0..1', 'residents’ purchasing power (near the CBD: high)', 'seed 003: a replication limit; guess'),
  rent_free: p(1, 0, 1, '0/1', 'idle community space handed over rent-free', 'seed 003'),
  rent: p(1.2, 0, 100, 'yuan/resident/week', 'what the space would cost if rented', 'guess'),
  fixed: p(1.5, 0, 100, 'yuan/resident/week', 'fixed operating cost for one block', 'guess'),
  blocks: p(6, 1, 100, 'blocks', 'blocks the scope covers, spreading the fixed cost', 'seed 003: scope widened to blocks 3–8 of Jinsong North'),
  trial_weeks: p(26, 0, 520, 'weeks', 'try-before-you-buy period of property service, free', 'seed 003: 先尝后买; length a guess', true),
  fee: p(2.0, 0, 100, 'yuan/resident/week', 'property-fee revenue per paying resident, net of the property service’s own cost', 'guess'),
  pay_trust: p(0.4, 0, 1, 'trust 0..1', 'trust in enterprises at which a resident is even odds to pay after the trial', 'guess'),
  pay_spread: p(0.3, 0.01, 1, 'trust', 'width of the trust range over which willingness to pay rises from none to all', 'guess'),
  adjust: p(0.05, 0, 1, 'rate/week', 'how fast the investor moves spending toward its profit target', 'guess'),
  value_commercial: p(0.5, 0, 1, 'share', 'share of commercial spending that counts as service to residents', 'guess'),
} as const;

/**
 * Social-capital micro-renewal (社会资本参与微更新; seed 003, Jinsong). An enterprise runs idle community
 * space (rent-free) and spends on a mix of public-welfare (free), semi-public (below cost) and commercial
 * services; commercial revenue depends on residents' purchasing power and trust in enterprises. Property
 * service is "try before you buy": free for a trial, then paid by residents as far as they trust the company
 * (willingness to pay rises linearly with trust).
 * Widening the scope to more blocks spreads the fixed cost. The investor moves its spending toward its
 * (micro-)profit target (`enterprises.profit_target`): the money is the investor enterprise's investment.
 * Memory: `investment` (yuan/resident/week), `margin`, `paying` (share paying the property fee), `revenue`.
 *
 * @example
 * createCoprod('jinsong', { set: { 'micro-renewal.purchasing_power': 0.4 } }); // a poorer estate
 */
export const microRenewal = defineRule<CoprodModel, typeof renewalParams>({
  name: 'micro-renewal',
  description: 'Social-capital micro-renewal (微更新): an enterprise mixes public-welfare, semi-public and commercial services at micro-profit; try-before-you-buy property service (seed 003).',
  params: renewalParams,
  phases: {
    production({ model, params: q, memory, tick }) {
      const e = model.enterprises[q.investor];
      if (!e) return;
      if (memory.investment === undefined) {
        memory.investment = q.start;
        memory.since = tick;
      }
      const c = model.residents.columns;
      const n = model.residents.count;
      let trust = 0;
      let paying = 0;
      for (let i = 0; i < n; i++) {
        const t = c.trust_enterprises[i];
        trust += t;
        paying += clamp((t - q.pay_trust) / q.pay_spread + 0.5, 0, 1);
      }
      trust = n ? trust / n : 0;
      const inTrial = tick - memory.since < q.trial_weeks;
      const payShare = inTrial ? 0 : n ? paying / n : 0;
      const I = memory.investment;
      const commercial = Math.max(0, 1 - q.public_share - q.semi_share);
      const demand = q.purchasing_power * (0.5 + trust);
      const revenue = I * (q.semi_share * q.semi_return + commercial * q.commercial_return * demand) + q.fee * payShare;
      const cost = I + q.fixed / q.blocks + (q.rent_free ? 0 : q.rent);
      const margin = cost > 0 ? (revenue - cost) / cost : 0;
      // Micro-profit: spend more while the margin beats the target, less when it falls short.
      memory.investment = clamp(I * (1 + q.adjust * (margin - e.profitTarget)), q.floor, q.ceiling);
      // What reaches residents as service: public-welfare and semi-public in full, commercial in part.
      e.investment = I * (q.public_share + q.semi_share + commercial * q.value_commercial);
      memory.margin = margin;
      memory.paying = payShare;
      memory.revenue = revenue;
    },
  },
});

const groupParams = {
  members: p(40, 0, 10_000, 'members', 'members of the consultation group (party members at its core)', 'seed 003: a 40-member consultation group', true),
  households_each: p(30, 0, 10_000, 'households/member/cycle', 'households each member consults in a project cycle', 'guess'),
  channel: p(0.4, 0, 1, 'quality at full coverage', 'channel quality added when every household is consulted', 'guess'),
  openness: p(0.3, 0, 1, 'share at full coverage', 'openness of design added at full coverage', 'guess'),
  conflict: p(0.5, 0, 1, 'share at full coverage', 'cut in goal conflict at full coverage', 'guess (seed 003: Pareto allocation by consultation)'),
} as const;

/**
 * A consultation group (议事协商小组; seed 003): its members survey and deliberate; their reach over the
 * households opens design, improves the channels that carry needs and lowers goal conflict.
 * Memory: `coverage` (share of households consulted per cycle).
 *
 * @example
 * createCoprod('jinsong', { set: { 'consultation-group.members': 80 } });
 */
export const consultationGroup = defineRule<CoprodModel, typeof groupParams>({
  name: 'consultation-group',
  description: 'Consultation group (议事协商小组): members consult households; opens design and lowers goal conflict (seed 003).',
  params: groupParams,
  phases: {
    design({ model, params: q, memory }) {
      const coverage = Math.min(1, (q.members * q.households_each) / Math.max(1, model.params['population.households']));
      const L = model.levers;
      L.channel += q.channel * coverage;
      L.openness += q.openness * coverage;
      L.goalConflict *= 1 - q.conflict * coverage;
      memory.coverage = coverage;
    },
  },
});

/**
 * Jinsong North, Beijing (seed 003): party-led micro-renewal with social capital.
 *
 * @example
 * createCoprod('jinsong', { without: ['micro-renewal'] }); // without social capital
 */
export const jinsong: ScenarioSpec = {
  name: 'jinsong',
  title: 'Jinsong North: party-led micro-renewal with social capital (seed 003)',
  title_zh: '劲松北社区:党建引领、社会资本参与的社区微更新',
  description:
    'An old estate (built 1978) of 43 buildings and 3,605 households, 39.6 % aged 60+ and 37 % young renters. An enterprise brings social capital at micro-profit (public-welfare, semi-public and commercial services, try-before-you-buy property service); a five-party party-building alliance and a 40-member consultation group coordinate; the street blows the whistle and departments report.',
  description_zh:
    '始建于1978年的老旧小区,43栋楼、3605户,60岁以上老人占39.6%,租房青年占37%。企业以微利引入社会资本(公益、半公益与商业服务结合,物业“先尝后买”);五方党建共同体与40人议事协商小组协调各方,“街乡吹哨、部门报到”。',
  ticks: 520,
  source: 'seed 003 (Jinsong model, Beijing): 43 buildings, 3,605 households, 39.6 % aged 60+, 37 % young renters, 40-member group; money figures are guesses (sims/jinsong.md)',
  params: {
    'population.residents': 8_650,
    'population.households': 3_605,
    'population.buildings': 43,
    'population.grids': 6,
    'population.elderly': 0.396,
    'population.young': 0.37,
    'population.renters': 0.37,
    'population.party_members': 0.06,
    'enterprises.count': 2,
    'enterprises.profit_target': 0.05,
    'officials.count': 2,
    'party-coordination.guidance': 0.7,
    'party-coordination.integration': 0.7,
    'party-coordination.mobilisation': 0.5,
    'checks-and-balances.monitoring': 0.3,
    'checks-and-balances.consultation': 0.5,
    'empowerment.power': 0.4,
    'empowerment.resources': 0.2,
    'empowerment.technology': 0.4,
  },
  rules: [{ name: 'party-coordination' }, { name: 'empowerment' }, { name: 'checks-and-balances' }, { name: 'micro-renewal' }, { name: 'consultation-group' }, { name: 'whistle-blowing' }],
};

/** Rules the Jinsong scenario brings. */
export const JINSONG_REGISTRY: Registry = { rules: [microRenewal, consultationGroup, whistleBlowing] };
