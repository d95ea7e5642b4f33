import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkloadSimulation, workloadInitialTrust, workloadNetwork } from '../../src/workload.js';

const residentsArb = fc.integer({ min: 200, max: 500 });
const seedArb = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.string({ minLength: 1, maxLength: 8 }));

function rowsOf(seed: string | number, residents: number, ticks: number) {
  const sim = createWorkloadSimulation(seed, { residents });
  sim.run(ticks);
  return sim.rows;
}

describe('reference workload', () => {
  it('writes one tidy row per tick with mean_trust and participation in [0, 1]', () => {
    const rows = rowsOf(1, 300, 20);
    expect(rows).toHaveLength(20);
    rows.forEach((row, i) => {
      expect(Object.keys(row).sort()).toEqual(['events', 'mean_trust', 'participation', 'tick']);
      expect(row.tick).toBe(i + 1);
      expect(row.events).toBe('');
      for (const k of ['mean_trust', 'participation'] as const) {
        expect(row[k]).toBeGreaterThanOrEqual(0);
        expect(row[k]).toBeLessThanOrEqual(1);
      }
    });
  });

  it('gives the same seed identical rows', () => {
    fc.assert(
      fc.property(seedArb, residentsArb, (seed, residents) => {
        expect(rowsOf(seed, residents, 30)).toEqual(rowsOf(seed, residents, 30));
      }),
      { numRuns: 8 },
    );
  });

  it('gives another seed different rows', () => {
    fc.assert(
      fc.property(seedArb, seedArb, residentsArb, (s1, s2, residents) => {
        fc.pre(String(s1) !== String(s2));
        expect(rowsOf(s1, residents, 10)).not.toEqual(rowsOf(s2, residents, 10));
      }),
      { numRuns: 8 },
    );
  });

  it('runs 100 ticks the same as 50, a snapshot restored into a fresh simulation, and 50 more', () => {
    fc.assert(
      fc.property(seedArb, residentsArb, fc.integer({ min: 1, max: 99 }), (seed, residents, cut) => {
        const whole = createWorkloadSimulation(seed, { residents });
        whole.run(100);
        const first = createWorkloadSimulation(seed, { residents });
        first.run(50);
        const snap = first.snapshot();
        const second = createWorkloadSimulation(seed, { residents });
        second.restore(snap);
        expect(second.tick).toBe(50);
        second.run(50);
        expect(second.rows).toEqual(whole.rows);
        // And at any other cut point.
        const a = createWorkloadSimulation(seed, { residents });
        a.run(cut);
        const b = createWorkloadSimulation(seed, { residents });
        b.restore(a.snapshot());
        b.run(100 - cut);
        expect(b.rows).toEqual(whole.rows);
      }),
      { numRuns: 8 },
    );
  });

  it('rewinds to a snapshot and replays the same ticks', () => {
    const sim = createWorkloadSimulation(9, { residents: 250 });
    sim.run(10);
    const snap = sim.snapshot();
    sim.run(15);
    const later = sim.rows.slice(10);
    sim.restore(snap);
    expect(sim.rows).toHaveLength(10);
    sim.run(15);
    expect(sim.rows.slice(10)).toEqual(later);
  });

  it('runs the same on a network passed in as on its own network of that seed', () => {
    const own = rowsOf(3, 300, 15);
    const sim = createWorkloadSimulation(3, { residents: 300 }, workloadNetwork(3, 300));
    sim.run(15);
    expect(sim.rows).toEqual(own);
  });

  it('starts trust in [0.2, 0.8) from stream init, and builds a network of mean degree about 10', () => {
    const t = workloadInitialTrust(5, 1000);
    expect(t).toEqual(workloadInitialTrust(5, 1000));
    for (const x of t) expect(x >= 0.2 && x < 0.8).toBe(true);
    const net = workloadNetwork(5, 1000);
    expect(net.nodes).toBe(1000);
    const mean = (2 * net.ties) / 1000;
    expect(mean).toBeGreaterThan(9.7);
    expect(mean).toBeLessThanOrEqual(10);
  });
});
