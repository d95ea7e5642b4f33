import type { Reporter } from '../simulation.js';
import type { Column } from '../store.js';
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

const sumsOut = new Float64Array(17);
// The team count reads "substantive" as part >> 1: the codes must stay none 0, formal 1, substantive 2.
PART satisfies { readonly none: 0; readonly formal: 1; readonly substantive: 2 };

/**
 * Sums and sums of squares of eight columns, and team members, in one unrolled pass. A kernel of its own,
 * with only typed arrays and numbers, so the engine optimises it early and keeps it optimised.
 */
export function sums(n: number, c0: Column, c1: Column, c2: Column, c3: Column, c4: Column, c5: Column, c6: Column, c7: Column, building: Column, part: Column, leader: Int32Array, out: Float64Array): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0;
  let team = 0;
  for (let i = 0; i < n; i++) {
    const x0 = c0[i], x1 = c1[i], x2 = c2[i], x3 = c3[i], x4 = c4[i], x5 = c5[i], x6 = c6[i], x7 = c7[i];
    a0 += x0; a1 += x1; a2 += x2; a3 += x3; a4 += x4; a5 += x5; a6 += x6; a7 += x7;
    q0 += x0 * x0; q1 += x1 * x1; q2 += x2 * x2; q3 += x3 * x3; q4 += x4 * x4; q5 += x5 * x5; q6 += x6 * x6; q7 += x7 * x7;
    // Substantive (part 2) in a building with a team (leader ≥ 0), counted without a branch.
    team += (part[i] >> 1) & ((leader[building[i]] >>> 31) ^ 1);
  }
  out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3; out[4] = a4; out[5] = a5; out[6] = a6; out[7] = a7;
  out[8] = q0; out[9] = q1; out[10] = q2; out[11] = q3; out[12] = q4; out[13] = q5; out[14] = q6; out[15] = q7;
  out[16] = team;
}

/**
 * Start the sums the reporters read where a second thread can run them (Kernels.sumsAhead): called by the
 * model when the tick's last changes are in (residents replaced, before the network's commit), with the
 * arguments `aggregates` will pass.
 */
export function startSums(m: CoprodModel): void {
  const c = m.residents.columns;
  m.kernels.sumsAhead(m.residents.count, c.trust_officials, c.trust_party, c.trust_enterprises, c.trust_social, c.belonging, c.identity, c.efficacy, c.spirit, c.building, c.part, m.teamLeader);
}

function aggregates(m: CoprodModel, _tick: number): Aggregates {
  const hit = cache.get(m.stats);
  if (hit) return hit;
  const c = m.residents.columns;
  const n = m.residents.count;
  const { trust_officials: c0, trust_party: c1, trust_enterprises: c2, trust_social: c3, belonging: c4, identity: c5, efficacy: c6, spirit: c7, building, part } = c;
  const out = sumsOut;
  m.kernels.sums(n, c0, c1, c2, c3, c4, c5, c6, c7, building, part, m.teamLeader, out);
  const teamMembers = out[16];
  const s1 = out.subarray(0, 8);
  const s2 = out.subarray(8, 16);
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  for (let k = 0; k < MEAN_FIELDS.length; k++) {
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
