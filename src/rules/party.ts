import { defineRule } from '../rule.js';
import type { CoprodModel } from '../model/state.js';
import type { Column } from '../store.js';

const params = {
  mobilisation: { default: 0.7, min: 0, max: 1, unit: 'intensity 0..1', description: 'organisational mobilisation by party members', source: 'seeds 001, 003; guess for default' },
  guidance: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'political guidance: aligns goals, lowers opportunism', source: 'seed 003; guess' },
  integration: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'resource integration, with whistle-blowing', source: 'seeds 003, 004; guess' },
  networking: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'network integration: bridging ties', source: 'seeds 001, 003; guess' },
  mobilisation_utility: { default: 2.0, min: 0, max: 10, unit: 'log-odds at full mobilisation', description: 'utility a contact adds to taking part', source: 'guess' },
  contact_hours: { default: 0.25, min: 0.01, max: 10, unit: 'member-hours per contact', description: 'time a member spends per neighbour reached', source: 'guess' },
  guidance_conflict: { default: 0.5, min: 0, max: 1, unit: 'share per unit guidance', description: 'cut in goal conflict at full guidance', source: 'guess' },
  guidance_opportunism: { default: 0.5, min: 0, max: 1, unit: 'share per unit guidance', description: 'cut in the propensity to divert at full guidance', source: 'guess' },
  integration_coordination: { default: 0.6, min: 0, max: 1, unit: 'coordination at full integration', description: 'coordination added (lowers transaction costs)', source: 'guess (seed 003: party as centre of polycentric co-production)' },
  whistle_threshold: { default: 1.5, min: 0, max: 5, unit: 'need (sum over domains)', description: 'mean unmet need of a grid that blows the whistle', source: 'guess (seed 004)' },
  whistle_response: { default: 0.5, min: 0, max: 1, unit: 'responsiveness', description: 'responsiveness added when every grid blows the whistle', source: 'guess (seed 004: 吹哨报到)' },
  bridges: { default: 0.002, min: 0, max: 0.1, unit: 'tries/resident/week', description: 'tries at a bridging tie per resident per week at full networking', source: 'guess' },
  max_degree: { default: 30, min: 1, max: 1000, unit: 'ties', description: 'a member stops bridging at this many ties', source: 'guess', integer: true },
} as const;

/**
 * Party coordination (党建引领; seeds 001, 003, 004), four functions:
 * - `mobilisation`: party members reach neighbours and raise their utility to take part, within the
 *   members' finite hours (double-registered members add hours);
 * - `guidance`: aligns goals, lowers opportunism and goal conflict;
 * - `integration`: pools inputs and lowers transaction costs; whistle-blowing (吹哨报到) escalates a
 *   grid's unmet needs to the departments that own them, raising responsiveness;
 * - `networking`: adds bridging ties from members to residents of other buildings.
 * Mobilised participation without a real say stays formal and wears down public spirit.
 *
 * @example
 * createCoprod('baseline', { rules: [{ name: 'party-coordination', schedule: { from: 1, to: 52 } }] });
 */
export const partyCoordination = defineRule<CoprodModel, typeof params>({
  name: 'party-coordination',
  description: 'Party coordination (党建引领): mobilisation, guidance, resource integration with whistle-blowing, network integration.',
  params,
  phases: {
    design({ model, params: p, emit }) {
      const L = model.levers;
      L.goalConflict *= 1 - p.guidance_conflict * p.guidance;
      // Whistle-blowing: a grid whose mean unmet need passes the threshold summons the departments.
      const G = model.grids;
      const sum = model.gridNeed;
      const cnt = model.gridSize;
      let whistles = 0;
      for (let g = 0; g < G; g++) {
        if (cnt[g] > 0 && sum[g] / cnt[g] > p.whistle_threshold) {
          whistles++;
          emit('whistle', { grid: g });
        }
      }
      model.stats.whistles = whistles;
      L.responsiveness += p.whistle_response * p.integration * (whistles / Math.max(1, G));
    },
    commitment({ model, params: p, random }) {
      const L = model.levers;
      L.exemplar += p.mobilisation;
      if (p.mobilisation <= 0) return;
      const P = model.params;
      const c = model.residents.columns;
      const n = model.residents.count;
      const net = model.network;
      const perMember = P['party.capacity'] * (1 + P['party.double_registered']);
      if (memberScratch.length < n) memberScratch = new Int32Array(Math.max(n, 1024));
      const members = listMembers(c.member, n, memberScratch);
      const capacity = members * perMember * p.mobilisation;
      model.party.capacity = members * perMember;
      // Members start from a random place in the ordering each tick so capacity is shared fairly.
      const startAt = Math.floor(random.next() * Math.max(1, n));
      const out = mobiliseOut;
      mobilise(members, memberScratch, startAt, capacity, p.mobilisation_utility * p.mobilisation, p.contact_hours, c.mobilised, net.rowStart, net.rowEnd, net.slots, out);
      const used = out[0];
      const reached = out[1];
      model.party.used = used;
      model.party.reach = reached;
    },
    production({ model, params: p }) {
      model.levers.coordination += p.integration_coordination * p.integration;
    },
    opportunism({ model, params: p }) {
      model.levers.opportunism *= 1 - p.guidance_opportunism * p.guidance;
    },
    influence({ model, params: p, random }) {
      if (p.networking <= 0) return;
      const c = model.residents.columns;
      const n = model.residents.count;
      const ties = Math.round(p.bridges * p.networking * n);
      const u = random.next;
      for (let t = 0; t < ties; t++) {
        const a = Math.floor(u() * n);
        const b = Math.floor(u() * n);
        // A member bridges into another building; only members build bridges.
        if (c.member[a] && c.building[a] !== c.building[b] && model.network.degree(a) < p.max_degree) model.network.addTie(a, b);
      }
    },
  },
});

const mobiliseOut = new Float64Array(2);
/** Rows of the members, this tick (scratch shared by models in one thread). */
let memberScratch = new Int32Array(0);

/**
 * Members, from the first at or after `startAt` round the ordering, raise their own and their neighbours'
 * mobilisation until the member-hours run out. Only members act, so the loop runs over their rows
 * (`rows[0..members)`, ascending): the same visits in the same order as a pass over every resident.
 * A kernel of typed arrays and numbers (see the model's phases). out = hours used, residents newly reached.
 */
function mobilise(members: number, rows: Int32Array, startAt: number, capacity: number, boost: number, contact: number, mobilised: Column, start: Int32Array, end: Int32Array, tgt: Int32Array, out: Float64Array): void {
  let used = 0;
  let reached = 0;
  // The first member at or after startAt.
  let lo = 0;
  let hi = members;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] < startAt) lo = mid + 1;
    else hi = mid;
  }
  for (let s = 0; s < members && used < capacity; s++) {
    let q = lo + s;
    if (q >= members) q -= members;
    const i = rows[q];
    mobilised[i] += boost;
    for (let k = start[i], last = end[i]; k < last && used < capacity; k++) {
      const j = tgt[k];
      reached += +(mobilised[j] === 0);
      mobilised[j] += boost;
      used += contact;
    }
  }
  out[0] = used;
  out[1] = reached;
}

/**
 * Writes the rows of members to `rows` (ascending) and returns how many there are. Four rows at a time,
 * skipping four non-members with one test: members are few, and a loop's own overhead is most of its cost.
 */
function listMembers(member: ArrayLike<number>, n: number, rows: Int32Array): number {
  let k = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    if ((member[i] | member[i + 1] | member[i + 2] | member[i + 3]) === 0) continue;
    if (member[i] !== 0) rows[k++] = i;
    if (member[i + 1] !== 0) rows[k++] = i + 1;
    if (member[i + 2] !== 0) rows[k++] = i + 2;
    if (member[i + 3] !== 0) rows[k++] = i + 3;
  }
  for (; i < n; i++) if (member[i] !== 0) rows[k++] = i;
  return k;
}
