import type { Reporter } from '../simulation.js';
import { PART, type CoprodModel } from './state.js';

/** Aggregates of one tick, computed once in a single pass and shared by the reporters. */
interface Aggregates {
  mean: Record<string, number>;
  sd: Record<string, number>;
  teamMembers: number;
}

const MEAN_FIELDS = ['trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'spirit'] as const;
// Keyed by the tick's stats object, which the model makes anew every tick and on restore: a cached
// value can never outlive its tick, even when a simulation is rewound and takes another path.
const cache = new WeakMap<object, Aggregates>();

function aggregates(m: CoprodModel, _tick: number): Aggregates {
  const hit = cache.get(m.stats);
  if (hit) return hit;
  const c = m.residents.columns;
  const n = m.residents.count;
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  // One pass over the rows for every mean and spread (the columns are read side by side).
  const cols = MEAN_FIELDS.map((f) => c[f]);
  const F = cols.length;
  const s1 = new Float64Array(F);
  const s2 = new Float64Array(F);
  let teamMembers = 0;
  const { building, part } = c;
  const leader = m.teamLeader;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < F; k++) {
      const x = cols[k][i];
      s1[k] += x;
      s2[k] += x * x;
    }
    if (part[i] === PART.substantive && leader[building[i]] >= 0) teamMembers++;
  }
  for (let k = 0; k < F; k++) {
    const mu = n ? s1[k] / n : 0;
    mean[MEAN_FIELDS[k]] = mu;
    sd[MEAN_FIELDS[k]] = n ? Math.sqrt(Math.max(0, s2[k] / n - mu * mu)) : 0;
  }
  const agg = { mean, sd, teamMembers };
  cache.set(m.stats, agg);
  return agg;
}

const perResident = (m: CoprodModel) => Math.max(1, m.residents.count);
const teams = (m: CoprodModel) => m.teamLeader.reduce((s, x) => s + (x >= 0 ? 1 : 0), 0);

/**
 * The tidy per-tick outputs of MODEL.md section 6 (snake_case). Shares and trust are 0..1; `value` is service
 * units per resident per week; `transaction_cost` is the share of gross output lost to coordination; money is yuan per resident per week.
 */
export const REPORTERS: Readonly<Record<string, Reporter<CoprodModel>>> = {
  residents: (m) => m.residents.count,
  participation: (m) => m.stats.participants / perResident(m),
  participation_substantive: (m) => m.stats.substantive / perResident(m),
  participation_formal: (m) => m.stats.formal / perResident(m),
  trust_officials: (m, t) => aggregates(m, t).mean.trust_officials,
  trust_party: (m, t) => aggregates(m, t).mean.trust_party,
  trust_enterprises: (m, t) => aggregates(m, t).mean.trust_enterprises,
  trust_social: (m, t) => aggregates(m, t).mean.trust_social,
  trust_officials_sd: (m, t) => aggregates(m, t).sd.trust_officials,
  trust_party_sd: (m, t) => aggregates(m, t).sd.trust_party,
  trust_enterprises_sd: (m, t) => aggregates(m, t).sd.trust_enterprises,
  trust_social_sd: (m, t) => aggregates(m, t).sd.trust_social,
  belonging: (m, t) => aggregates(m, t).mean.belonging,
  identity: (m, t) => aggregates(m, t).mean.identity,
  efficacy: (m, t) => aggregates(m, t).mean.efficacy,
  spirit: (m, t) => aggregates(m, t).mean.spirit,
  match: (m) => m.stats.match,
  value: (m) => m.stats.value / perResident(m),
  transaction_cost: (m) => m.stats.transactionCost,
  performance: (m) => m.stats.performance,
  diversion_attempted: (m) => m.stats.diversionAttempted,
  diversion_detected: (m) => m.stats.diversionDetected,
  diverted_money: (m) => m.stats.divertedMoney / perResident(m),
  teams: (m) => teams(m),
  team_size: (m, t) => {
    const k = teams(m);
    return k ? aggregates(m, t).teamMembers / k : 0;
  },
  institution: (m) => m.institution,
  gini: (m) => m.stats.gini,
  whistles: (m) => m.stats.whistles,
  budget_officials: (m) => m.officials.reduce((s, o) => s + o.allocated, 0),
  money_enterprises: (m) => m.enterprises.reduce((s, e) => s + e.investment, 0),
  hours_party: (m) => m.party.used / perResident(m),
  hours_residents: (m) => m.stats.hours / perResident(m),
};

/** Units of every column (for docs, CSV headers and the visualizer). */
export const COLUMN_UNITS: Readonly<Record<string, string>> = {
  tick: 'week',
  residents: 'residents',
  participation: 'share of residents',
  participation_substantive: 'share of residents',
  participation_formal: 'share of residents',
  trust_officials: 'mean trust 0..1',
  trust_party: 'mean trust 0..1',
  trust_enterprises: 'mean trust 0..1',
  trust_social: 'mean trust 0..1',
  trust_officials_sd: 'standard deviation',
  trust_party_sd: 'standard deviation',
  trust_enterprises_sd: 'standard deviation',
  trust_social_sd: 'standard deviation',
  belonging: 'mean 0..1',
  identity: 'mean 0..1',
  efficacy: 'mean 0..1',
  spirit: 'mean 0..1',
  match: 'supply–demand match 0..1',
  value: 'service units/resident/week',
  transaction_cost: 'share of gross output lost to coordination 0..1',
  performance: 'delivered share of potential 0..1',
  diversion_attempted: 'diversions this week',
  diversion_detected: 'detections this week',
  diverted_money: 'yuan/resident/week (net of recovery)',
  teams: 'self-organised teams',
  team_size: 'substantive members per team',
  institution: 'level 0..1',
  gini: 'Gini of benefits 0..1',
  whistles: 'grids blowing the whistle',
  budget_officials: 'yuan/resident/week allocated to co-production',
  money_enterprises: 'yuan/resident/week',
  hours_party: 'member-hours/resident/week',
  hours_residents: 'hours/resident/week',
  events: 'event types, ";"-separated',
};
