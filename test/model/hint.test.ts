import { afterEach, describe, expect, it } from 'vitest';
import { createCoprod } from '../../src/index.js';
import { farHintConfig } from '../../src/model/hint.js';

const DEFAULT_MIN = farHintConfig.minResidents;
const SET = { 'population.residents': 3000, 'population.households': 1035, 'population.buildings': 60, 'population.grids': 2, 'population.ties_long': 1.5, 'turnover.renter': 0.05 };

/** Rows and final columns of a run, as text, for a byte-for-byte comparison. */
function run(seed: number): string {
  const sim = createCoprod('baseline', { seed, ticks: 20, rules: ['empowerment', 'checks-and-balances', 'party-coordination'], set: SET });
  sim.runToEnd();
  const c = sim.model.residents.columns;
  return JSON.stringify([sim.rows, Array.from(c.norm), Array.from(c.seen), Array.from(c.wom)]);
}

describe('far-tie hint (a cache hint for a million residents)', () => {
  afterEach(() => {
    farHintConfig.minResidents = DEFAULT_MIN;
  });

  it('never changes results: runs with the hint forced on equal runs without it, byte for byte', () => {
    // 20 ticks with turnover: the hint is rebuilt (every 8 ticks) and stale in between.
    for (const seed of [1, 2]) {
      farHintConfig.minResidents = Number.POSITIVE_INFINITY;
      const without = run(seed);
      farHintConfig.minResidents = 0;
      const withHint = run(seed);
      expect(withHint).toBe(without);
    }
  });
});
