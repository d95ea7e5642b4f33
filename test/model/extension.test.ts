import { describe, expect, it } from 'vitest';
import { createCoprod, defineKind, defineRule, findScenario, type CoprodModel, type Registry, type ScenarioSpec } from '../../src/index.js';
import { ngoIntroduction, socialOrganisation, venturePhilanthropy } from '../../sims/getang.js';

/*
 * The engine is extended without touching it: a user-defined agent kind and a user-defined rule, written
 * with the public API only, come into a run through a registry. First the small example the README shows,
 * then the Getang case's own kind (`social-organisation`) and rule (`venture-philanthropy`) used the same
 * way by a user's scenario object.
 */

// ---- The README example: NGOs as a kind, a yearly funding round as a rule. ----
const ngo = defineKind({
  name: 'ngo',
  description: 'Social organisations (社会组织) that bid for grants',
  fields: { capacity: 'f32', funded: 'u8' },
  params: { count: { default: 38, min: 0, max: 1000, unit: 'organisations', description: 'NGOs that bid', integer: true } },
  count: (p) => p.count,
  init: (store, row, _p, draw) => void (store.columns.capacity[row] = draw()),
});

const grantParams = { pot: { default: 935_000, min: 0, max: 1e8, unit: 'yuan/year', description: 'money for the round' } };
const grants = defineRule<CoprodModel, typeof grantParams>({
  name: 'grants',
  description: 'Venture philanthropy: NGOs bid once a year, the best are funded until the pot is spent',
  params: grantParams,
  phases: {
    design({ model, tick, params, random, memory, emit }) {
      if (tick % 52 !== 1) return;
      const { store } = model.kinds.ngo;
      const { capacity, funded } = store.columns;
      const bids = Array.from({ length: store.count }, (_, k) => ({ k, score: capacity[k] + 0.2 * random.normal(), ask: 20_000 + 70_000 * random.next() }));
      let left = params.pot;
      memory.granted = memory.funded = 0;
      for (const b of bids.sort((x, y) => y.score - x.score)) {
        funded[b.k] = b.ask <= left ? 1 : 0;
        if (funded[b.k]) (left -= b.ask), (memory.granted += b.ask), memory.funded++;
      }
      emit('funding_round', { proposals: bids.length, funded: memory.funded });
    },
    production({ model, memory }) {
      model.levers.extraMoney += memory.granted / 52; // the grants reach production week by week
    },
  },
});

describe('a user-defined kind and rule through the public API', () => {
  it('the README example: NGOs exist, bid each year, and their grants reach production', () => {
    const scenario: ScenarioSpec = { ...findScenario('baseline'), name: 'ngo-demo', kinds: ['ngo'], rules: [{ name: 'grants' }] };
    const sim = createCoprod(scenario, { seed: 1, ticks: 53, registry: { kinds: [ngo], rules: [grants] } });
    sim.runToEnd();
    expect(sim.model.kinds.ngo.store.count).toBe(38);
    const rounds = sim.events.filter((e) => e.type === 'funding_round');
    expect(rounds.map((e) => e.tick)).toEqual([1, 53]);
    expect(rounds[0].detail!.proposals).toBe(38);
    const funded = rounds[0].detail!.funded as number;
    expect(funded).toBeGreaterThan(10);
    expect(funded).toBeLessThan(25);
    // The kind counts as one more party in co-production, and its money arrives as `other` inputs.
    const other = sim.model.projects.reduce((s, p) => s + p.inputs.other, 0);
    expect(other).toBeCloseTo(sim.rules[0].memory.granted / 52, 6);
    expect(sim.model.ledger.inflow).toBeGreaterThan(other);
  });

  describe('the Getang case: social organisations and venture philanthropy', () => {
    // A user's own scenario object, not the catalogue's: the kind and rules come in through the registry.
    const scenario: ScenarioSpec = {
      name: 'my-suburb',
      title: 'A suburb buying social services',
      description: 'NGOs are brought in during year one and bid for venture-philanthropy grants.',
      ticks: 40,
      kinds: ['social-organisation'],
      params: { 'population.residents': 3000, 'population.households': 1000, 'population.buildings': 30, 'population.grids': 6 },
      rules: [{ name: 'venture-philanthropy' }, { name: 'ngo-introduction', from: 1, to: 52 }],
    };
    const registry: Registry = { kinds: [socialOrganisation], rules: [venturePhilanthropy, ngoIntroduction] };
    const run = (seed: number, rules?: string[], without?: string[]) => {
      const sim = createCoprod(scenario, { seed, registry, rules, without });
      const money: number[] = [];
      const inflow: number[] = [];
      const own: number[] = [];
      const other: number[] = [];
      for (let t = 1; t <= scenario.ticks; t++) {
        sim.tickOnce();
        money.push(sim.model.levers.extraMoney);
        inflow.push(sim.model.ledger.inflow);
        // Money the offices and enterprises put in themselves this week.
        const n = sim.model.residents.count;
        own.push((sim.model.officials.reduce((s, o) => s + o.allocated, 0) + sim.model.enterprises.reduce((s, e) => s + e.investment, 0)) * n);
        other.push(sim.model.projects.reduce((s, p) => s + p.inputs.other, 0));
      }
      return { sim, money, inflow, own, other };
    };
    const seeds = Array.from({ length: 10 }, (_, k) => k + 1);
    const runs = seeds.map((s) => run(s));

    it('NGOs live in model.kinds: 20 brought in from outside and 21 local, more of them active as year one goes on', () => {
      const { sim } = runs[0];
      const store = sim.model.kinds['social-organisation'].store;
      expect(store.count).toBe(41);
      const c = store.columns;
      let local = 0;
      let active = 0;
      for (let k = 0; k < store.count; k++) (local += c.local[k]), (active += c.active[k]);
      expect(local).toBe(21);
      expect(active).toBeGreaterThan(30);
      expect(sim.events.some((e) => e.type === 'ngo_arrived')).toBe(true);
      expect(sim.events.some((e) => e.type === 'ngo_incubated')).toBe(true);
    });

    it('NGOs bid in the funding round and about 17 of 38 proposals are funded, 20,000–90,000 yuan each', () => {
      const rounds = runs.map((r) => r.sim.events.find((e) => e.type === 'funding_round')!.detail!);
      const mean = (k: string) => rounds.reduce((s, d) => s + (d[k] as number), 0) / rounds.length;
      console.log(`funding round at week 30 over ${seeds.length} seeds: ${mean('proposals').toFixed(1)} proposals, ${mean('funded').toFixed(1)} funded`);
      expect(mean('proposals')).toBeGreaterThan(35);
      expect(mean('proposals')).toBeLessThan(41);
      expect(mean('funded')).toBeGreaterThan(15.5);
      expect(mean('funded')).toBeLessThan(18.5);
      for (const { sim } of runs) {
        const c = sim.model.kinds['social-organisation'].store.columns;
        for (let k = 0; k < 41; k++) {
          if (!c.funded[k]) continue;
          expect(c.grant[k]).toBeGreaterThanOrEqual(20_000);
          expect(c.grant[k]).toBeLessThanOrEqual(90_000);
        }
      }
    });

    it('the grants reach production: extra money from the round on, in the inputs and the money flowing in', () => {
      const { money, inflow, own, other, sim } = runs[0];
      expect(money.slice(0, 29).every((x) => x === 0)).toBe(true);
      expect(money[29]).toBeGreaterThan(0);
      expect(other[29]).toBeCloseTo(money[29], 6);
      // The money flowing in is the organisations' own plus the grants, week by week.
      for (let t = 0; t < money.length; t++) expect(inflow[t] - own[t]).toBeCloseTo(money[t], 4);
      // Funded projects also bring staff and volunteer hours.
      expect(sim.rules.find((r) => r.rule.name === 'venture-philanthropy')!.memory.hours).toBeGreaterThan(0);
    });
  });
});
