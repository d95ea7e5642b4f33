import type { Registry } from '../src/model/create.js';
import { defineKind } from '../src/model/kinds.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';
import type { AgentStore } from '../src/store.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

const NGO_FIELDS = {
  /** 1 a local organisation (incubated here), 0 one brought in from outside. */
  local: 'u8',
  /** 1 once it works in the subdistrict (arrived or incubated). */
  active: 'u8',
  /** Professional capacity 0..1 (what it can deliver per yuan). */
  capacity: 'f32',
  /** Track record 0..1 as the evaluation panel sees it. */
  quality: 'f32',
  /** 1 while it holds a venture-philanthropy grant. */
  funded: 'u8',
  /** Grant held, yuan (for its whole term). */
  grant: 'f32',
  /** Weeks left on the grant. */
  weeks: 'u16',
  /** The panel's score of its last proposal. */
  bid: 'f32',
  /** 1 once its project is standardised as a brand (year three). */
  brand: 'u8',
} as const;
type NgoStore = AgentStore<typeof NGO_FIELDS>;

const ngoParams = {
  outside: p(20, 0, 10_000, 'organisations', 'NGOs brought in from outside', 'seed 002: 20 outside NGOs', true),
  local: p(21, 0, 10_000, 'organisations', 'local organisations incubated or registering', 'seed 002: 12 incubated + 9 registering', true),
  active_outside: p(0.25, 0, 1, 'share', 'share of outside NGOs already working here at start', 'guess (seed 002: from nothing to something)'),
  active_local: p(0.1, 0, 1, 'share', 'share of local organisations already working at start', 'guess (seed 002: weak local organisations)'),
  capacity_outside: p(0.65, 0, 1, 'capacity 0..1', 'mean capacity of an outside (mature) NGO', 'guess'),
  capacity_local: p(0.3, 0, 1, 'capacity 0..1', 'mean capacity of a local organisation', 'guess'),
} as const;

/**
 * Social organisations (社会组织, NGOs) as their own agent kind (seed 002): outside NGOs brought in and local
 * ones incubated; each has a capacity, a track record and, when funded, a grant with weeks left.
 *
 * @example
 * const sim = createCoprod('getang');
 * sim.model.kinds['social-organisation'].store.count; // 41
 */
export const socialOrganisation = defineKind({
  name: 'social-organisation',
  description: 'Social organisations (社会组织): NGOs brought in or incubated, bidding for purchased services (seed 002).',
  fields: NGO_FIELDS,
  params: ngoParams,
  count: (q) => q.outside + q.local,
  init(store, row, q, draw) {
    const c = store.columns;
    const local = row >= q.outside ? 1 : 0;
    c.local[row] = local;
    c.capacity[row] = clamp01((local ? q.capacity_local : q.capacity_outside) + 0.3 * (draw() - 0.5));
    c.quality[row] = c.capacity[row];
    c.active[row] = draw() < (local ? q.active_local : q.active_outside) ? 1 : 0;
  },
});

function ngos(model: CoprodModel): NgoStore | undefined {
  return model.kinds['social-organisation']?.store as NgoStore | undefined;
}

const ventureParams = {
  round_week: p(30, 1, 52, 'week of year', 'week each year the panel judges the proposals', 'guess (seed 002: first round in 2019)', true),
  propose: p(0.95, 0, 1, 'probability', 'chance an active NGO submits a proposal to a round', 'guess (seed 002: 38 proposals)'),
  pot: p(880_000, 0, 1e9, 'yuan/round', 'money the subdistrict puts into a round', 'guess: about 17 grants of 20,000–90,000 yuan (smaller asks fill what is left)'),
  grant_min: p(20_000, 0, 1e8, 'yuan', 'smallest grant', 'seed 002: 20,000 yuan'),
  grant_max: p(90_000, 0, 1e8, 'yuan', 'largest grant', 'seed 002: 90,000 yuan'),
  bar: p(0.3, 0, 1, 'score 0..1', 'lowest panel score that can be funded ("the best go up")', 'guess'),
  noise: p(0.15, 0, 1, 'sd', 'noise in the panel’s score', 'guess'),
  outside_funds: p(391_700, 0, 1e9, 'yuan/year', 'city and district venture funds won through the service centre, spread over the funded NGOs', 'seed 002: 1.175 million yuan; guess that it spreads over three years'),
  term: p(52, 1, 520, 'weeks', 'weeks a grant runs', 'guess (one year)', true),
  hours_per_10k: p(2, 0, 100, 'hours/week per 10,000 yuan/year', 'staff and volunteer hours a funded project brings', 'guess'),
  learning: p(0.004, 0, 1, 'capacity/week', 'capacity a funded NGO gains per week of delivering', 'guess'),
  risk: p(0.3, 0, 1, 'quality loss', 'quality penalty where low-capacity NGOs deliver the grants', 'guess (seed 002: weak organisations)'),
  pass: p(0.35, 0, 1, 'score 0..1', 'annual evaluation: a funded NGO below this is marked down', 'seed 002: annual 8-dimension evaluation; threshold a guess'),
  hub: p(0.15, 0, 1, 'coordination', 'coordination the service centre adds as hub between NGOs, villages and offices (× share of NGOs active)', 'seed 002: the centre coordinates supply and demand; size a guess'),
} as const;

/**
 * Venture philanthropy (公益创投; seed 002): once a year active NGOs submit proposals; a panel scores them
 * (capacity and track record, with noise) and funds the best, each with 20,000–90,000 yuan by the size of
 * the group served, until the pot runs out or the bar is reached. Funded projects add money (the grant
 * over its term, plus city and district funds) and staff hours to production; delivering raises an NGO's
 * capacity; the annual evaluation marks down those who delivered poorly. The service centre acts as a hub
 * between NGOs, villages and offices (coordination). Memory: `proposals`, `funded`,
 * `granted` (last round), `rounds`, `active`, `money` and `hours` this week. Emits `funding_round`.
 *
 * @example
 * createCoprod(myScenario, { registry: { kinds: [socialOrganisation], rules: [venturePhilanthropy] } });
 */
export const venturePhilanthropy = defineRule<CoprodModel, typeof ventureParams>({
  name: 'venture-philanthropy',
  description: 'Venture philanthropy (公益创投): NGOs bid once a year, the best are funded 20,000–90,000 yuan; grants and hours reach production (seed 002).',
  params: ventureParams,
  phases: {
    design({ model, params: q, memory, random, tick, emit }) {
      const s = ngos(model);
      if (!s) return;
      const c = s.columns;
      const week = ((tick - 1) % 52) + 1;
      if (week !== q.round_week) return;
      const u = random.next;
      // Annual evaluation of the projects funded last round: the track record moves toward delivery.
      for (let k = 0; k < s.count; k++) {
        if (!c.grant[k] || c.weeks[k] > 0) continue;
        const delivered = c.capacity[k] * (0.5 + 0.5 * model.lastPerformance);
        c.quality[k] = clamp01(0.5 * c.quality[k] + 0.5 * delivered);
        if (delivered < q.pass) c.quality[k] *= 0.5;
        c.grant[k] = 0;
      }
      // Proposals and the panel's scores.
      const bids: { k: number; score: number; ask: number }[] = [];
      for (let k = 0; k < s.count; k++) {
        const x = u();
        const z = random.normal();
        const size = u();
        if (!c.active[k] || c.weeks[k] > 0 || x >= q.propose) continue;
        const score = clamp01(0.6 * c.capacity[k] + 0.4 * c.quality[k] + q.noise * z);
        c.bid[k] = score;
        bids.push({ k, score, ask: q.grant_min + size * (q.grant_max - q.grant_min) });
      }
      bids.sort((a, b) => b.score - a.score || a.k - b.k);
      let left = q.pot;
      let funded = 0;
      let granted = 0;
      for (const b of bids) {
        if (b.score < q.bar) break;
        if (b.ask > left) continue;
        left -= b.ask;
        c.funded[b.k] = 1;
        c.grant[b.k] = b.ask;
        c.weeks[b.k] = q.term;
        funded++;
        granted += b.ask;
      }
      memory.proposals = bids.length;
      memory.funded = funded;
      memory.granted = granted;
      memory.rounds = (memory.rounds ?? 0) + 1;
      emit('funding_round', { proposals: bids.length, funded, granted: Math.round(granted) });
    },
    production({ model, params: q, memory }) {
      const s = ngos(model);
      if (!s) return;
      const c = s.columns;
      let money = 0;
      let hours = 0;
      let grants = 0;
      let weakness = 0;
      let active = 0;
      for (let k = 0; k < s.count; k++) {
        active += c.active[k];
        if (c.weeks[k] === 0) continue;
        const weekly = c.grant[k] / q.term;
        money += weekly;
        hours += (q.hours_per_10k * c.grant[k]) / 10_000;
        grants += c.grant[k];
        weakness += c.grant[k] * (1 - c.capacity[k]);
        c.capacity[k] = clamp01(c.capacity[k] + q.learning * (1 - c.capacity[k]));
        c.weeks[k]--;
        if (c.weeks[k] === 0) c.funded[k] = 0;
      }
      if (grants > 0) money += q.outside_funds / 52;
      const n = Math.max(1, model.residents.count);
      const own = (model.officials.reduce((x, o) => x + o.allocated, 0) + model.enterprises.reduce((x, e) => x + e.investment, 0)) * n;
      const L = model.levers;
      L.extraMoney += money;
      L.coordination += q.hub * (active / Math.max(1, s.count));
      L.extraHours += hours;
      if (grants > 0) L.qualityRisk += q.risk * (weakness / grants) * (money / (money + own));
      memory.money = money;
      memory.hours = hours;
      memory.active = active;
    },
  },
});

const stageParams = {
  arrival: p(0.12, 0, 1, 'probability/week', 'chance an outside NGO not yet here arrives in a week', 'guess (seed 002: 20 brought in during year one)'),
  incubation: p(0.1, 0, 1, 'probability/week', 'chance a local organisation is incubated (starts working) in a week', 'guess (seed 002: 12 incubated, 9 registering)'),
  mentoring: p(0.006, 0, 1, 'capacity/week', 'capacity the service centre adds to local organisations each week', 'guess'),
} as const;

/**
 * Year one of the three-year plan, "from nothing to something" (从无到有): bring NGOs in, incubate local ones.
 *
 * @example
 * createCoprod('getang', { rules: ['ngo-introduction@1-26'] }); // a faster first stage
 */
export const ngoIntroduction = defineRule<CoprodModel, typeof stageParams>({
  name: 'ngo-introduction',
  description: 'Three-year plan, year one (从无到有): outside NGOs brought in, local ones incubated by the service centre (seed 002).',
  params: stageParams,
  phases: {
    needs({ model, params: q, random, emit }) {
      const s = ngos(model);
      if (!s) return;
      const c = s.columns;
      const u = random.next;
      for (let k = 0; k < s.count; k++) {
        const x = u();
        if (c.active[k]) {
          if (c.local[k]) c.capacity[k] = clamp01(c.capacity[k] + q.mentoring * (1 - c.capacity[k]));
          continue;
        }
        if (x < (c.local[k] ? q.incubation : q.arrival)) {
          c.active[k] = 1;
          emit(c.local[k] ? 'ngo_incubated' : 'ngo_arrived', { ngo: k });
        }
      }
    },
  },
});

const capacityParams = {
  training: p(0.01, 0, 1, 'capacity/week', 'capacity training adds to active NGOs each week', 'guess (seed 002: social-work talent, capacity building)'),
  voice: p(0.1, 0, 1, 'probability', 'chance of a real say added by residents’ self-governance training', 'guess'),
  channel: p(0.15, 0, 1, 'quality', 'channel quality added by NGOs visiting villages', 'guess'),
} as const;

/**
 * Year two, "from something to good" (从有到优): train NGOs and social workers, build residents' self-governance.
 *
 * @example
 * createCoprod('getang', { set: { 'ngo-capacity.training': 0.02 } });
 */
export const ngoCapacity = defineRule<CoprodModel, typeof capacityParams>({
  name: 'ngo-capacity',
  description: 'Three-year plan, year two (从有到优): capacity training for NGOs and residents’ self-governance (seed 002).',
  params: capacityParams,
  phases: {
    needs({ model, params: q }) {
      const s = ngos(model);
      if (!s) return;
      const c = s.columns;
      for (let k = 0; k < s.count; k++) if (c.active[k]) c.capacity[k] = clamp01(c.capacity[k] + q.training * (1 - c.capacity[k]));
    },
    design({ model, params: q }) {
      model.levers.voice += q.voice;
      model.levers.channel += q.channel;
    },
  },
});

const brandParams = {
  brand_bar: p(0.5, 0, 1, 'quality 0..1', 'track record at which a funded project is standardised as a brand', 'guess'),
  standard: p(0.5, 0, 1, 'share', 'cut in quality risk when every funded project is a brand', 'guess'),
  coordination: p(0.15, 0, 1, 'coordination', 'coordination added when every funded project follows a brand standard', 'guess (seed 002: standardise and replicate)'),
} as const;

/**
 * Year three, "brand and replicate": the best projects are standardised and copied across the villages.
 *
 * @example
 * createCoprod('getang', { without: ['ngo-branding'] });
 */
export const ngoBranding = defineRule<CoprodModel, typeof brandParams>({
  name: 'ngo-branding',
  description: 'Three-year plan, year three: the best projects become standardised brands replicated across villages (seed 002).',
  params: brandParams,
  phases: {
    production({ model, params: q, emit }) {
      const s = ngos(model);
      if (!s) return;
      const c = s.columns;
      let funded = 0;
      let brands = 0;
      for (let k = 0; k < s.count; k++) {
        if (!c.funded[k]) continue;
        funded++;
        if (!c.brand[k] && c.quality[k] >= q.brand_bar) {
          c.brand[k] = 1;
          emit('brand', { ngo: k });
        }
        brands += c.brand[k];
      }
      const share = funded ? brands / funded : 0;
      model.levers.qualityRisk *= 1 - q.standard * share;
      model.levers.coordination += q.coordination * share;
    },
  },
});

/**
 * Getang subdistrict, Nanjing (seed 002): government purchase of social services in a suburb.
 *
 * @example
 * createCoprod('getang', { ticks: 520 }).runToEnd();
 */
export const getang: ScenarioSpec = {
  name: 'getang',
  title: 'Getang subdistrict: purchased services and venture philanthropy (seed 002)',
  title_zh: '葛塘街道:政府购买社会服务与公益创投',
  description:
    'A suburban subdistrict with high turnover and weak local organisations. NGOs are brought in and incubated, bid in yearly venture-philanthropy rounds (17 of 38 proposals funded, 20,000–90,000 yuan each), and the three-year plan switches on in stages; monthly inspections and an annual evaluation check them.',
  description_zh:
    '城郊街道,人口流动性强、本地社会组织薄弱。引入外来社会组织、孵化本土组织,每年公益创投评审(38个申报项目中17个获资助,每个2万至9万元),三年行动计划分阶段推进;每月督查、年度评估形成多元制衡。',
  ticks: 156,
  source: 'seed 002 (Getang, Nanjing): 17 of 38 proposals, 20,000–90,000 yuan, 1.175 M yuan, 20 + 12 + 9 NGOs, three-year plan, monthly inspections; population a guess (sims/getang.md)',
  kinds: ['social-organisation'],
  params: {
    'population.residents': 6_000,
    'population.households': 2_100,
    'population.buildings': 60,
    'population.grids': 7,
    'population.renters': 0.45,
    'population.elderly': 0.28,
    'population.party_members': 0.03,
    'turnover.renter': 0.012,
    'turnover.owner': 0.002,
    'init.trust_social': 0.3,
    'init.belonging': 0.3,
    'init.trust_officials': 0.4,
    'officials.bureaucratism': 0.6,
    'enterprises.count': 1,
    'enterprises.investment': 2,
    'empowerment.power': 0.4,
    'empowerment.resources': 0.3,
    'empowerment.technology': 0.5,
    'checks-and-balances.monitoring': 0.45,
    'checks-and-balances.sanctions': 0.5,
    'checks-and-balances.consultation': 0.6,
  },
  rules: [
    { name: 'venture-philanthropy' },
    { name: 'checks-and-balances' },
    { name: 'empowerment' },
    { name: 'ngo-introduction', from: 1, to: 52 },
    { name: 'ngo-capacity', from: 53, to: 104 },
    { name: 'ngo-branding', from: 105, to: 156 },
  ],
};

/** Rules and kinds the Getang scenario brings. */
export const GETANG_REGISTRY: Registry = {
  rules: [venturePhilanthropy, ngoIntroduction, ngoCapacity, ngoBranding],
  kinds: [socialOrganisation],
};
