import { defineRule } from '../rule.js';
import type { CoprodModel } from '../model/state.js';

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
      // Members start from a random place in the ordering each tick so capacity is shared fairly.
      const startAt = Math.floor(random.next() * Math.max(1, n));
      const out = mobiliseOut;
      model.kernels.mobilise(n, c.member, startAt, perMember, p.mobilisation, p.mobilisation_utility * p.mobilisation, p.contact_hours, c.mobilised, net.rowStart, net.rowEnd, net.slots, out);
      model.party.capacity = out[2] * perMember;
      model.party.used = out[0];
      model.party.reach = out[1];
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

const mobiliseOut = new Float64Array(3);
