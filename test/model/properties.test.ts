import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCoprod, defineRule, type CoprodModel, type Ledger } from '../../src/index.js';

const SMALL = { 'population.residents': 300, 'population.households': 110, 'population.buildings': 8, 'population.grids': 2 };
const RULES: string[] = ['empowerment', 'checks-and-balances', 'party-coordination'];
const UNIT_COLUMNS = ['participation', 'participation_substantive', 'participation_formal', 'trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'spirit', 'match', 'transaction_cost', 'performance', 'gini', 'institution'];

/** Any combination of rules, with schedules, and a few levers moved anywhere in their ranges. */
const arbConfig = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  rules: fc.subarray([...RULES]).chain((names) =>
    fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }))), fc.constant(null)).map((xs) => xs.filter((x): x is [string, number, number] => x !== null).map(([n, a, len]) => `${n}@${a}-${a + len}`)),
  ),
  power: fc.double({ min: 0, max: 1, noNaN: true }),
  monitoring: fc.double({ min: 0, max: 1, noNaN: true }),
  mobilisation: fc.double({ min: 0, max: 1, noNaN: true }),
  distribution: fc.integer({ min: 0, max: 2 }),
  turnover: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

describe('model properties', () => {
  it('keeps every share and trust in [0, 1], counts non-negative and no NaN, under any rules and levers', () => {
    fc.assert(
      fc.property(arbConfig, (cfg) => {
        const sim = createCoprod('baseline', {
          seed: cfg.seed,
          ticks: 30,
          rules: cfg.rules,
          set: { ...SMALL, 'empowerment.power': cfg.power, 'checks-and-balances.monitoring': cfg.monitoring, 'party-coordination.mobilisation': cfg.mobilisation, 'distribution.rule': cfg.distribution, 'turnover.renter': cfg.turnover },
        });
        sim.runToEnd();
        for (const row of sim.rows) {
          for (const [k, v] of Object.entries(row)) if (typeof v === 'number') expect(Number.isFinite(v), `${k} at tick ${row.tick}`).toBe(true);
          for (const k of UNIT_COLUMNS) {
            expect(row[k] as number, k).toBeGreaterThanOrEqual(0);
            expect(row[k] as number, k).toBeLessThanOrEqual(1 + 1e-9);
          }
          for (const k of ['value', 'diverted_money', 'diversion_attempted', 'diversion_detected', 'teams', 'team_size', 'hours_residents']) expect(row[k] as number, k).toBeGreaterThanOrEqual(0);
          expect(row.residents).toBe(300);
        }
        const c = sim.model.residents.columns;
        for (let i = 0; i < sim.model.residents.count; i++) {
          for (const f of ['trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'spirit', 'need0', 'need4', 'norm']) {
            const x = (c as Record<string, ArrayLike<number>>)[f][i];
            expect(x >= 0 && x <= 1, `${f}[${i}] = ${x}`).toBe(true);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('conserves money every week: inflow = production + monitoring + transaction + net diversion', () => {
    const ledgers: Ledger[] = [];
    const audit = defineRule<CoprodModel, Record<string, never>>({ name: 'audit', description: 'copies the ledger', params: {}, phases: { record: ({ model }) => void ledgers.push({ ...model.ledger }) } });
    fc.assert(
      fc.property(arbConfig, (cfg) => {
        ledgers.length = 0;
        const sim = createCoprod('baseline', { seed: cfg.seed, ticks: 25, rules: [...cfg.rules, 'audit'], registry: { rules: [audit] }, set: { ...SMALL, 'checks-and-balances.monitoring': cfg.monitoring } });
        sim.runToEnd();
        expect(ledgers.length).toBe(25);
        for (const l of ledgers) {
          const out = l.production + l.monitoring + l.transaction + (l.diverted - l.recovered);
          expect(Math.abs(l.inflow - out)).toBeLessThan(1e-6 * Math.max(1, l.inflow));
          expect(l.recovered).toBeLessThanOrEqual(l.diverted + 1e-9);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('gives identical rows for the same seed and parameters, and different rows for another seed', () => {
    fc.assert(
      fc.property(arbConfig, (cfg) => {
        const make = (seed: number) => {
          const sim = createCoprod('baseline', { seed, ticks: 20, rules: cfg.rules, set: SMALL });
          sim.runToEnd();
          return JSON.stringify(sim.rows);
        };
        expect(make(cfg.seed)).toBe(make(cfg.seed));
        expect(make(cfg.seed)).not.toBe(make(cfg.seed + 1));
      }),
      { numRuns: 6 },
    );
  });

  it('continues identically after a snapshot restored into a fresh simulation (60 ≡ 30 + restore + 30)', () => {
    fc.assert(
      fc.property(arbConfig, fc.integer({ min: 1, max: 59 }), (cfg, cut) => {
        const opts = { seed: cfg.seed, ticks: 60, rules: cfg.rules, set: { ...SMALL, 'turnover.renter': 0.05 } };
        const whole = createCoprod('baseline', opts);
        whole.runToEnd();
        const first = createCoprod('baseline', opts);
        first.run(cut);
        const snap = structuredClone(first.snapshot());
        const second = createCoprod('baseline', opts);
        second.restore(snap);
        second.runToEnd();
        expect(JSON.stringify(second.rows)).toBe(JSON.stringify(whole.rows));
      }),
      { numRuns: 8 },
    );
  });

  it("leaves a rule's random draws unchanged when another rule is switched on or off", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.subarray(['empowerment', 'checks-and-balances']), (seed, others) => {
        const state = (extra: string[]) => {
          const sim = createCoprod('baseline', { seed, ticks: 15, rules: ['party-coordination', ...extra], set: SMALL });
          sim.runToEnd();
          return JSON.stringify([sim.random.stream('rule:party-coordination').state(), sim.random.stream('process:needs').state(), sim.random.stream('process:commitment').state()]);
        };
        expect(state(others)).toBe(state([]));
      }),
      { numRuns: 6 },
    );
  });
});

describe('rewinding', () => {
  it('gives the same rows when a simulation is rewound to a snapshot of itself and run again', () => {
    const sim = createCoprod('baseline', { seed: 11, ticks: 20, set: SMALL });
    sim.run(10);
    const snap = structuredClone(sim.snapshot());
    sim.run(10);
    const first = JSON.stringify(sim.rows.slice(10));
    sim.restore(snap);
    sim.run(10);
    expect(JSON.stringify(sim.rows.slice(10))).toBe(first);
  });

  it('reports the new timeline when a rewound simulation takes another path', () => {
    const opts = { seed: 11, ticks: 20, set: SMALL, rules: ['party-coordination'] };
    // Rewind by exactly one tick, so the tick number just reported comes round again.
    const sim = createCoprod('baseline', opts);
    sim.setEnabled('party-coordination', false);
    sim.run(19);
    const snap = structuredClone(sim.snapshot());
    sim.run(1);
    sim.restore(snap);
    sim.setEnabled('party-coordination', true);
    sim.run(1);
    const fresh = createCoprod('baseline', opts);
    fresh.setEnabled('party-coordination', false);
    fresh.run(19);
    fresh.setEnabled('party-coordination', true);
    fresh.run(1);
    expect(JSON.stringify(sim.rows)).toBe(JSON.stringify(fresh.rows));
  });

  it('turnover in place: dwellings stay with their rows, ids stay unique and found, the network stays a valid undirected CSR', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0.01, max: 0.2, noNaN: true }), (seed, rate) => {
        const sim = createCoprod('baseline', { seed, ticks: 12, rules: ['party-coordination'], set: { ...SMALL, 'turnover.renter': rate, 'turnover.owner': rate / 2 } });
        const r = sim.model.residents;
        const dwelling = Array.from(r.columns.household.subarray(0, r.count));
        const firstIds = new Set(r.ids.subarray(0, r.count));
        sim.runToEnd();
        expect(r.count).toBe(300);
        expect(Array.from(r.columns.household.subarray(0, r.count))).toEqual(dwelling);
        const ids = Array.from(r.ids.subarray(0, r.count));
        expect(new Set(ids).size).toBe(r.count);
        expect(ids.some((id) => !firstIds.has(id))).toBe(true); // someone moved in at these rates
        ids.forEach((id, row) => expect(r.rowOf(id)).toBe(row));
        const { offsets: off, targets: tgt, nodes } = sim.model.network;
        expect(nodes).toBe(r.count);
        const pairs = new Set<string>();
        for (let i = 0; i < nodes; i++) {
          for (let k = off[i]; k < off[i + 1]; k++) {
            expect(tgt[k]).not.toBe(i);
            if (k > off[i]) expect(tgt[k]).toBeGreaterThan(tgt[k - 1]);
            pairs.add(`${i}-${tgt[k]}`);
          }
        }
        for (const p of pairs) {
          const [a, b] = p.split('-');
          expect(pairs.has(`${b}-${a}`), p).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });
});
