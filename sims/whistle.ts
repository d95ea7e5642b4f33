import type { Registry } from '../src/model/create.js';
import { DOMAINS } from '../src/model/params.js';
import type { ScenarioSpec } from '../src/model/scenario.js';
import type { CoprodModel } from '../src/model/state.js';
import type { ParamSchema } from '../src/params.js';
import { defineRule, type Rule } from '../src/rule.js';

const p = (d: number, min: number, max: number, unit: string, description: string, source: string, integer = false) => ({ default: d, min, max, unit, description, source, ...(integer ? { integer } : {}) });
const D = DOMAINS.length;

const params = {
  threshold: p(0.4, 0, 1, 'need 0..1', 'mean unmet need of a grid in one problem type at which the block blows the whistle', 'guess (seed 004: problems many and small)'),
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
 * raises responsiveness. Response times emerge from the queues. Memory: `open`, `opened`, `answered`
 * (this week), `response_time` (mean weeks from whistle to answer of this week's answers), `response_mean`
 * (over the run), `answered_total`. Emits `whistle_blown` and `reported`.
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
          const weeks = tick - x.since;
          waited += weeks;
          emit('reported', { grid: x.g, domain: DOMAINS[x.d], weeks });
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
      memory.response_time = answers ? waited / answers : 0;
      memory.answered_total = (memory.answered_total ?? 0) + answers;
      memory.waited_total = (memory.waited_total ?? 0) + waited;
      memory.response_mean = memory.answered_total ? memory.waited_total / memory.answered_total : 0;
    },
  },
});

/** A street of grids where line departments answer the blocks' whistles (seed 004, Beijing model). */
export const whistle: ScenarioSpec = {
  name: 'whistle',
  title: 'Whistle-blowing street: lines (条) answer blocks (块) (seed 004)',
  title_zh: '“街乡吹哨、部门报到”:条块协同的街道',
  description:
    'A street of 24 grids with the street office and five line departments, each owning one type of problem. Grids blow the whistle when a problem passes what they can handle; departments report in the order of escalation and waiting time, so response times come from their queues. Party coordination integrates the lines and blocks.',
  description_zh:
    '一个街道,24个网格,街道办事处与五个职能部门,各部门分管一类问题。网格内问题超出处置能力时“吹哨”,部门按升级与等待先后“报到”,响应时间由各部门的排队形成。党建引领整合条块力量。',
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
  },
  rules: [{ name: 'party-coordination' }, { name: 'whistle-blowing' }],
};

/** Rules the whistle-blowing scenario brings. */
export const WHISTLE_REGISTRY: Registry = { rules: [whistleBlowing as unknown as Rule<CoprodModel, ParamSchema>] };
