import type { Registry } from '../src/model/create.js';
import { DOMAINS } from '../src/model/params.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import { defineRule } from '../src/rule.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });
const D = DOMAINS.length;

const params = {
  threshold: p(0.25, 0, 1, 'need 0..1', 'mean unmet need of a grid in one problem type at which the block blows the whistle', 'guess (seed 004: problems many and small)'),
  capacity: p(3, 0, 1000, 'cases/week', 'cases a line department can answer in a week', 'guess'),
  escalate_after: p(4, 1, 520, 'weeks', 'a case waiting this long is escalated to the district joint meeting and answered first', 'guess (seed 004: two-level command, three-level linkage)', true),
  fix: p(0.5, 0, 1, 'share', 'share of the grid’s need in that problem type a department’s answer removes', 'guess'),
  responsiveness: p(0.5, 0, 1, 'responsiveness at full answer rate', 'responsiveness added when every grid’s case is answered in a week', 'guess (seed 004: 吹哨报到)'),
} as const;

const key = (g: number, d: number) => `open_${g}_${d}`;

/**
 * Whistle-blowing and reporting (吹哨报到; seed 004). Problem types (the service domains) are owned by
 * line departments (条): office 1 + d owns type d (office 0 is the street, 块; with fewer offices the types
 * are shared round-robin). When a grid's mean unmet need in a type passes the threshold, the block blows
 * the whistle and a case opens; each department answers up to `capacity` cases a week, escalated cases
 * (waiting ≥ `escalate_after`) first, then the oldest; an answer removes part of that grid's need and
 * raises responsiveness. Response times emerge from the queues: a department's answers of a week are
 * spread over its seven days in queue order, so a case waits 7 days per week queued plus its place in the
 * week. Memory: `open`, `opened`, `answered` (this week), `response_days` (mean days from whistle to answer
 * of this week's answers), `response_days_mean` (over the run), `answered_total`. Emits `whistle_blown`
 * and `reported`.
 *
 * @example
 * createCoprod('whistle', { set: { 'whistle-blowing.capacity': 1 } }); // slower departments, longer queues
 */
export const whistleBlowing = defineRule<CoprodModel, typeof params>({
  name: 'whistle-blowing',
  description: 'Whistle-blowing and reporting (吹哨报到): blocks summon the line departments that own a problem; response times from their queues (seed 004).',
  params,
  phases: {
    design({ model, params: q, memory, tick, emit }) {
      const c = model.residents.columns;
      const n = model.residents.count;
      const G = model.grids;
      const sum = new Float64Array(G * D);
      const cnt = new Int32Array(G);
      const needs = [c.need0, c.need1, c.need2, c.need3, c.need4];
      for (let i = 0; i < n; i++) {
        const g = c.grid[i];
        cnt[g]++;
        for (let d = 0; d < D; d++) sum[g * D + d] += needs[d][i];
      }
      // Blocks blow the whistle.
      let opened = 0;
      for (let g = 0; g < G; g++) {
        if (cnt[g] === 0) continue;
        for (let d = 0; d < D; d++) {
          if (memory[key(g, d)] > 0) continue;
          if (sum[g * D + d] / cnt[g] > q.threshold) {
            memory[key(g, d)] = tick;
            opened++;
            emit('whistle_blown', { grid: g, domain: DOMAINS[d] });
          }
        }
      }
      // Departments report: escalated cases first, then the oldest, up to capacity.
      const departments = Math.max(1, model.officials.length - 1);
      const owner = (d: number) => (model.officials.length > 1 ? 1 + (d % departments) : 0);
      const answered = new Uint8Array(G * D);
      let answers = 0;
      let waited = 0;
      let open = 0;
      for (let o = 0; o < model.officials.length; o++) {
        const cases: { g: number; d: number; since: number }[] = [];
        for (let d = 0; d < D; d++) {
          if (owner(d) !== o) continue;
          for (let g = 0; g < G; g++) {
            const since = memory[key(g, d)];
            if (since > 0) cases.push({ g, d, since });
          }
        }
        const escalated = (x: { since: number }) => (tick - x.since >= q.escalate_after ? 0 : 1);
        cases.sort((a, b) => escalated(a) - escalated(b) || a.since - b.since || a.g - b.g || a.d - b.d);
        const cap = Math.floor(q.capacity * (0.5 + model.officials[o].responsiveness));
        for (let k = 0; k < cases.length; k++) {
          const x = cases[k];
          if (k >= cap) {
            open++;
            continue;
          }
          answered[x.g * D + x.d] = 1;
          memory[key(x.g, x.d)] = 0;
          answers++;
          // The week's answers are spread over its seven days in queue order.
          const days = 7 * (tick - x.since) + (7 * (k + 1)) / cap;
          waited += days;
          emit('reported', { grid: x.g, domain: DOMAINS[x.d], days: Math.round(days * 10) / 10 });
        }
      }
      if (answers > 0) {
        for (let i = 0; i < n; i++) {
          const base = c.grid[i] * D;
          for (let d = 0; d < D; d++) if (answered[base + d]) needs[d][i] *= 1 - q.fix;
        }
      }
      model.levers.responsiveness += q.responsiveness * Math.min(1, answers / Math.max(1, G));
      memory.opened = opened;
      memory.open = open;
      memory.answered = answers;
      memory.response_days = answers ? waited / answers : 0;
      memory.answered_total = (memory.answered_total ?? 0) + answers;
      memory.waited_total = (memory.waited_total ?? 0) + waited;
      memory.response_days_mean = memory.answered_total ? memory.waited_total / memory.answered_total : 0;
    },
  },
});

const incidentParams = {
  rate: p(0.15, 0, 1, 'probability/grid/week', 'chance a grid has a new local problem in a week (a burst pipe, a dispute, a lonely elder)', 'guess (seed 004: problems many, small and dynamic)'),
  size: p(0.3, 0, 1, 'need', 'need a problem adds to every resident of the grid in its type', 'guess'),
  w_employment: p(0.1, 0, 1, 'weight', 'relative frequency of employment problems', 'guess'),
  w_eldercare: p(0.2, 0, 1, 'weight', 'relative frequency of eldercare problems', 'guess'),
  w_renewal: p(0.3, 0, 1, 'weight', 'relative frequency of renewal and environment problems', 'guess'),
  w_safety: p(0.25, 0, 1, 'weight', 'relative frequency of safety problems', 'guess'),
  w_culture: p(0.15, 0, 1, 'weight', 'relative frequency of culture and neighbour problems', 'guess'),
} as const;

/**
 * Grid incidents: local problems that hit one grid at a time in one problem type (the many, small, dynamic
 * problems of seed 004). The street's environment, not a governance rule: it lets a scenario compare how
 * the problems are met. Memory: `incidents` this week. Emits `incident`.
 *
 * @example
 * createCoprod('whistle', { set: { 'grid-incidents.rate': 0.3 } });
 */
export const gridIncidents = defineRule<CoprodModel, typeof incidentParams>({
  name: 'grid-incidents',
  description: 'Grid incidents: local problems hit one grid at a time in one problem type (seed 004).',
  params: incidentParams,
  phases: {
    needs({ model, params: q, memory, random, emit }) {
      const G = model.grids;
      const u = random.next;
      const w = [q.w_employment, q.w_eldercare, q.w_renewal, q.w_safety, q.w_culture];
      const total = w.reduce((x, y) => x + y, 0) || 1;
      const hit = new Int8Array(G).fill(-1);
      let incidents = 0;
      for (let g = 0; g < G; g++) {
        const x = u();
        let y = u() * total;
        let d = 0;
        while (d < D - 1 && y >= w[d]) y -= w[d++];
        if (x < q.rate) {
          hit[g] = d;
          incidents++;
          emit('incident', { grid: g, domain: DOMAINS[d] });
        }
      }
      memory.incidents = incidents;
      if (!incidents) return;
      const c = model.residents.columns;
      const needs = [c.need0, c.need1, c.need2, c.need3, c.need4];
      for (let i = 0, n = model.residents.count; i < n; i++) {
        const d = hit[c.grid[i]];
        if (d >= 0) needs[d][i] = Math.min(1, needs[d][i] + q.size);
      }
    },
  },
});

/**
 * A street of grids where line departments answer the blocks' whistles (seed 004, Beijing model).
 *
 * @example
 * createCoprod('whistle', { without: ['whistle-blowing'] }); // the same street without 吹哨报到
 */
export const whistle: ScenarioSpec = {
  name: 'whistle',
  title: 'Whistle-blowing street: lines (条) answer blocks (块) (seed 004)',
  title_zh: '“街乡吹哨、部门报到”:条块协同的街道',
  description:
    'A street of 24 grids with the street office and five line departments, each owning one type of problem; local problems hit one grid at a time. Grids blow the whistle when a problem passes what they can handle; departments report in the order of escalation and waiting time, so response times come from their queues. Party coordination integrates the lines and blocks; evaluation, reward and punishment check the offices.',
  description_zh:
    '一个街道,24个网格,街道办事处与五个职能部门,各部门分管一类问题;各类小问题不时在某个网格出现。网格内问题超出处置能力时“吹哨”,部门按升级与等待先后“报到”,响应时间由各部门的排队形成。党建引领整合条块力量,考核奖惩约束各部门。',
  ticks: 520,
  source: 'seed 004 (吹哨报到, 大联勤: grid as unit, multi-department response); sizes and capacities are guesses (sims/whistle.md)',
  params: {
    'population.residents': 9_000,
    'population.households': 3_200,
    'population.buildings': 96,
    'population.grids': 24,
    'population.party_members': 0.05,
    'officials.count': 6,
    'officials.bureaucratism': 0.6,
    'officials.responsiveness': 0.4,
    'party-coordination.integration': 0.9,
    'party-coordination.guidance': 0.6,
    'party-coordination.mobilisation': 0.5,
    'checks-and-balances.monitoring': 0.4,
    'checks-and-balances.sanctions': 0.6,
  },
  rules: [{ name: 'grid-incidents' }, { name: 'party-coordination' }, { name: 'whistle-blowing' }, { name: 'checks-and-balances' }],
};

/** Rules the whistle-blowing scenario brings. */
export const WHISTLE_REGISTRY: Registry = { rules: [gridIncidents, whistleBlowing] };
