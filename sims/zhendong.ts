import type { Registry } from '../src/model/create.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import { GROUP, type CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';
import { exp, sigmoid } from '../src/math.js';

/** Working days in a week-long tick: the dispatch figures are per day, averaged over these. */
const WORKDAYS = 6;

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });

const params = {
  farm_bases: p(785, 0, 10_000, 'bases', 'farms and fruit bases that hire day labour through the service station', 'seed 000: 300+ farms over 500 mu and 485 fruit bases over 100 mu', true),
  post_ordinary: p(0.023, 0, 1, 'probability/base/day', 'chance a base posts a request for day labour on an ordinary day', 'guess: 785 × 0.023 × 7 ≈ 126 places a day'),
  post_peak: p(0.22, 0, 1, 'probability/base/day', 'chance a base posts a request at the height of the season', 'guess (harvest: seasonal, physical work)'),
  crew: p(7, 1, 100, 'workers/request', 'mean size of a request (uniform from 1 to 2 × crew − 1)', 'guess'),
  peak_week: p(44, 1, 52, 'week of year', 'centre of the seasonal peak (harvest of fruit and cane)', 'guess (seed 000 names a peak season, not its date)', true),
  peak_width: p(4, 1, 26, 'weeks', 'spread (sd) of the seasonal peak', 'guess'),
  signup_young: p(-5.6, -10, 5, 'log-odds/day', 'baseline sign-up for day labour, young (who prefer factory jobs)', 'guess (seed 000: the young prefer factories)'),
  signup_older: p(-4.9, -10, 5, 'log-odds/day', 'baseline sign-up for day labour, older (45+, used to farm work)', 'guess (seed 000: 45+ suit farm work)'),
  signup_elderly: p(-6, -10, 5, 'log-odds/day', 'baseline sign-up for day labour, elderly (scattered time, grandchildren)', 'guess (seed 000)'),
  signup_need: p(1.5, 0, 10, 'log-odds per unit', 'weight of the employment need on signing up', 'guess'),
  signup_trust: p(1.0, 0, 10, 'log-odds per unit', 'weight of trust in the service station (officials, party), centred on 0.5', 'guess (seed 000: trust switch)'),
  peak_wage: p(2.2, 0, 10, 'log-odds at full season', 'higher day wages and visible demand at the peak', 'guess'),
  transport: p(1, 0, 1, 'share', 'share of transport the government pays (rented buses, free rides)', 'seed 000: free transport paid from employment funds'),
  transport_effect: p(0.8, 0, 5, 'log-odds at full subsidy', 'how much free transport raises sign-up', 'guess'),
  insurance: p(1, 0, 1, '0/1', 'government-paid ride and accident insurance', 'seed 000'),
  insurance_effect: p(0.3, 0, 5, 'log-odds', 'how much insurance raises sign-up', 'guess'),
  staff_capacity: p(400, 0, 100_000, 'workers/day', 'workers the service team (staff, grid workers, rented buses) can dispatch a day alone', 'guess (seed 000: "the service team is limited")'),
  leader_capacity: p(60, 0, 10_000, 'workers/day/team', 'workers each elected team leader organises a day', 'guess'),
  team_size: p(40, 1, 1000, 'workers/team', 'regular workers per self-organised work team', 'guess'),
  max_teams: p(20, 0, 1000, 'teams', 'most work teams the job types support', 'guess (seed 000 names five kinds: construction, dragon fruit, citrus, packing, processing)', true),
  team_formation: p(0.6, 0, 1, 'probability/week', 'chance a new team with an elected leader forms in a week when workers are enough (× workers’ social trust / 0.5)', 'guess'),
  team_effect: p(0.5, 0, 5, 'log-odds at full coverage', 'teams recommend and recruit: sign-up added when teams cover the labour pool', 'guess (seed 000: sign-up through team recommendation)'),
  serve_day: p(0.05, 0, 1, 'need/day worked', 'employment need removed by a day of paid work', 'guess'),
  factory_jobs: p(1800, 0, 1_000_000, 'jobs', 'long-term jobs in the two industrial-park clusters open to settlement residents', 'guess (seed 000: 2 clusters)'),
  factory_filled: p(0.5, 0, 1, 'share', 'share of factory jobs already held by residents at start', 'guess'),
  factory_apply: p(0.05, 0, 1, 'probability/week', 'chance a young resident without a factory job applies in a week (older: a quarter of it)', 'guess'),
  factory_hire_young: p(0.5, 0, 1, 'probability', 'chance a young applicant is hired when a job is open', 'guess (seed 000: factories prefer the young)'),
  factory_hire_older: p(0.04, 0, 1, 'probability', 'chance an older applicant is hired (no factory skills)', 'guess (seed 000)'),
  factory_quit: p(0.008, 0, 1, 'probability/week', 'chance a factory worker leaves the job in a week', 'guess (≈ 34 %/year)'),
  serve_factory: p(0.1, 0, 1, 'need/week', 'employment need a factory job removes each week', 'guess'),
  piecework_places: p(150, 0, 100_000, 'places', 'home piecework places (stringing flowers, electronic assembly) for those who cannot leave home', 'guess (seed 000: 幸福工坊, home piecework)', true),
  piecework_from: p(53, 1, 100_000, 'tick', 'week the home workshops open (continuation stage)', 'guess (seed 000: later, in the continuation stage)', true),
  serve_piecework: p(0.05, 0, 1, 'need/week', 'employment need home piecework removes each week', 'guess'),
} as const;

/** A stable pseudo-random number in [0, 1) for an agent id (persistent job holding without extra columns). */
function hashUnit(id: number, salt: number): number {
  let h = Math.imul(id ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Seasonal intensity 0..1 of a week (Gaussian bump around the peak week, wrapping over the year).
 *
 * @example
 * season(44, 44, 4); // 1 at the peak week
 */
export function season(tick: number, peakWeek: number, width: number): number {
  const w = ((tick - 1) % 52) + 1;
  let d = Math.abs(w - peakWeek);
  d = Math.min(d, 52 - d);
  const z = d / width;
  return exp(-0.5 * z * z);
}

/**
 * Employment dispatch (送工; seed 000, "Xiaoliang sends workers"). Each working day farms and fruit bases
 * post requests for day labour (more at the harvest peak); residents who hold no factory job sign up by a
 * bounded-rational choice (labour group, employment need, trust in the station, free transport and
 * insurance, the season's wages, team recommendation); the service team dispatches the smaller of the
 * sign-ups, the posted places and its capacity. Capacity grows with self-organised work teams, each with an
 * elected leader, which form when enough residents work regularly and trust each other. The young take
 * long-term factory jobs (factories prefer them); home piecework opens later for those tied to the home.
 *
 * Outputs in the rule's memory (read them from `sim.rules`): `dispatched` (mean workers dispatched per
 * working day of the week — the paper's figures are per day), `peak_day` (the busiest day of the week),
 * `signups`, `demand`, `capacity` (per day), `workers` (residents with any day's work this week), `teams`,
 * `employment_rate` (share of residents with paid work this week: factory, day labour or piecework),
 * `season` (0..1). Emits `dispatch` in peak-season weeks only (season ≥ 0.5).
 *
 * @example
 * const sim = createCoprod('zhendong', { ticks: 52 });
 * sim.runToEnd();
 * sim.rules.find((r) => r.rule.name === 'employment-dispatch')!.memory.dispatched; // workers per day, last week
 */
export const employmentDispatch = defineRule<CoprodModel, typeof params>({
  name: 'employment-dispatch',
  description: 'Employment dispatch (送工): farms post day labour, residents sign up, the station and elected team leaders dispatch (seed 000).',
  params,
  phases: {
    commitment({ model, params: q, memory, random, tick, emit }) {
      const c = model.residents.columns;
      const n = model.residents.count;
      const ids = model.residents.ids;
      const u = random.next;
      // Group sizes this week.
      const pool = [0, 0, 0];
      for (let i = 0; i < n; i++) pool[c.group[i]]++;
      // Long-term factory jobs: shares of the young and older groups holding one (flows of hires and quits).
      if (memory.factory_young === undefined) {
        const filled = q.factory_jobs * q.factory_filled;
        memory.factory_young = pool[GROUP.young] ? Math.min(1, filled / pool[GROUP.young]) : 0;
        memory.factory_older = 0;
        memory.teams = 0;
      }
      const empY = memory.factory_young * pool[GROUP.young];
      const empO = memory.factory_older * pool[GROUP.older];
      const vacancies = Math.max(0, q.factory_jobs - empY - empO);
      const wantY = (pool[GROUP.young] - empY) * q.factory_apply * q.factory_hire_young;
      const wantO = (pool[GROUP.older] - empO) * q.factory_apply * 0.25 * q.factory_hire_older;
      const fill = wantY + wantO > 0 ? Math.min(1, vacancies / (wantY + wantO)) : 0;
      const newY = empY * (1 - q.factory_quit) + wantY * fill;
      const newO = empO * (1 - q.factory_quit) + wantO * fill;
      memory.factory_young = pool[GROUP.young] ? Math.min(1, newY / pool[GROUP.young]) : 0;
      memory.factory_older = pool[GROUP.older] ? Math.min(1, newO / pool[GROUP.older]) : 0;
      const factoryShare = [memory.factory_young, memory.factory_older, 0];
      // Home piecework for those who cannot leave home (elderly first), once the workshops are open.
      const pieceShare = tick >= q.piecework_from && pool[GROUP.elderly] > 0 ? Math.min(1, q.piecework_places / pool[GROUP.elderly]) : 0;
      // The day-labour pool and each resident's daily sign-up probability.
      const s = season(tick, q.peak_week, q.peak_width);
      const base = [q.signup_young, q.signup_older, q.signup_elderly];
      const coverage = Math.min(1, (memory.teams * q.team_size) / Math.max(1, n));
      const common = q.transport * q.transport_effect + q.insurance * q.insurance_effect + q.peak_wage * s + q.team_effect * coverage;
      const prob = new Float64Array(n);
      const eligible: number[] = [];
      let employed = 0;
      for (let i = 0; i < n; i++) {
        const g = c.group[i];
        const id = ids[i];
        if (hashUnit(id, 0x51f15e) < factoryShare[g]) {
          employed++;
          c.need0[i] = Math.max(0, c.need0[i] - q.serve_factory);
          continue;
        }
        if (g === GROUP.elderly && hashUnit(id, 0x7a3c91) < pieceShare) {
          employed++;
          c.need0[i] = Math.max(0, c.need0[i] - q.serve_piecework);
          continue;
        }
        const trust = 0.5 * (c.trust_officials[i] + c.trust_party[i]) - 0.5;
        prob[i] = sigmoid(base[g] + q.signup_need * c.need0[i] + q.signup_trust * trust + common);
        eligible.push(i);
      }
      // Each working day: requests posted, sign-ups, dispatch of the smallest of the three.
      const capacity = q.staff_capacity + q.leader_capacity * memory.teams;
      const post = q.post_ordinary + (q.post_peak - q.post_ordinary) * s;
      const days = new Uint8Array(n);
      const signed = new Int32Array(eligible.length);
      let dispatchedSum = 0;
      let signupSum = 0;
      let demandSum = 0;
      let peakDay = 0;
      for (let d = 0; d < WORKDAYS; d++) {
        let demand = 0;
        for (let b = 0; b < q.farm_bases; b++) if (u() < post) demand += 1 + Math.floor(u() * (2 * q.crew - 1));
        let k = 0;
        for (let e = 0; e < eligible.length; e++) {
          const i = eligible[e];
          if (u() < prob[i]) signed[k++] = i;
        }
        const sent = Math.min(k, demand, Math.floor(capacity));
        // Who goes: a random draw among those who signed up (first come, first served at 21:00).
        for (let j = 0; j < sent; j++) {
          const r = j + Math.floor(u() * (k - j));
          const t = signed[j];
          signed[j] = signed[r];
          signed[r] = t;
          days[signed[j]]++;
        }
        dispatchedSum += sent;
        signupSum += k;
        demandSum += demand;
        if (sent > peakDay) peakDay = sent;
      }
      // Work served the employment need of those who went; social trust of this week's workers.
      let workers = 0;
      let trustSum = 0;
      for (let i = 0; i < n; i++) {
        if (days[i] === 0) continue;
        workers++;
        trustSum += c.trust_social[i];
        c.need0[i] = Math.max(0, c.need0[i] - q.serve_day * days[i]);
      }
      employed += workers;
      // Self-organised work teams: form (electing a leader) when regular workers are enough and trust each
      // other; dissolve when the work falls away.
      memory.ema_workers = memory.ema_workers === undefined ? workers : 0.9 * memory.ema_workers + 0.1 * workers;
      const supported = Math.min(q.max_teams, Math.floor(memory.ema_workers / q.team_size));
      const x = u();
      if (memory.teams < supported && workers > 0 && x < q.team_formation * Math.min(1, trustSum / workers / 0.5)) {
        memory.teams++;
        emit('work_team_formed', { teams: memory.teams });
      } else if (memory.teams > supported + 1 && x < 0.5) {
        memory.teams--;
        emit('work_team_dissolved', { teams: memory.teams });
      }
      memory.dispatched = dispatchedSum / WORKDAYS;
      memory.peak_day = peakDay;
      memory.signups = signupSum / WORKDAYS;
      memory.demand = demandSum / WORKDAYS;
      memory.capacity = capacity;
      memory.workers = workers;
      memory.season = s;
      memory.employment_rate = n ? employed / n : 0;
      if (s >= 0.5) emit('dispatch', { workers: Math.round(memory.dispatched), peak_day: peakDay, demand: Math.round(memory.demand), signups: Math.round(memory.signups), capacity });
    },
  },
});

/**
 * Zhendong community, Long'an, Guangxi (seed 000): the "Xiaoliang sends workers" employment service.
 *
 * @example
 * createCoprod('zhendong', { seed: 3 }).runToEnd();
 */
export const zhendong: ScenarioSpec = {
  name: 'zhendong',
  title: 'Zhendong relocation settlement: employment dispatch (seed 000)',
  title_zh: '震东社区“小梁送工”：易地搬迁安置区的就业服务',
  description:
    'A relocation settlement of 78 building units in 15 grids: farms and factories post jobs, residents sign up by 21:00, the service station dispatches before 06:00 with government-paid transport and insurance, and self-organised work teams with elected leaders take over part of the dispatch. Ten years by default.',
  description_zh:
    '易地扶贫搬迁安置区,78个楼栋单元分为15个网格:工厂与农业基地发布用工需求,居民晚9点前报名,服务站早6点前送工,政府出资接送与保险,务工居民自发组建工种小组并推选组长,逐步自我管理。默认模拟十年。',
  ticks: 520,
  source: 'seed 000 (谭英俊、吴欢欢 2024): 78 units, 15 grids, labour groups, 100–150 workers a day, 1,000+ at the peak; sizes otherwise guesses (sims/zhendong.md)',
  params: {
    'population.residents': 10_800,
    'population.households': 3_750,
    'population.buildings': 78,
    'population.grids': 15,
    'population.young': 0.35,
    'population.elderly': 0.25,
    'population.renters': 0.02,
    'population.party_members': 0.03,
    'design.target_employment': 0.5,
    'officials.count': 2,
    'enterprises.count': 3,
    'init.trust_officials': 0.5,
  },
  rules: [{ name: 'party-coordination' }, { name: 'empowerment' }, { name: 'employment-dispatch' }, { name: 'checks-and-balances', from: 53 }],
};

/** Rules the Zhendong scenario brings (merged in by name through `SCENARIO_REGISTRIES`). */
export const ZHENDONG_REGISTRY: Registry = { rules: [employmentDispatch] };
