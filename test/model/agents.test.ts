import { describe, expect, it } from 'vitest';
import { createCoprod, residentRows, storeRows, createStore } from '../../src/index.js';

describe('per-agent snapshots', () => {
  it('give one tidy row per resident in ascending id order, with the chosen columns and team membership', () => {
    const sim = createCoprod('baseline', { seed: 3, set: { 'population.residents': 200, 'population.households': 70, 'population.buildings': 5, 'population.grids': 1 } });
    sim.run(5);
    const rows = residentRows(sim.model);
    expect(rows).toHaveLength(sim.model.residents.count);
    for (let i = 1; i < rows.length; i++) expect(rows[i].id).toBeGreaterThan(rows[i - 1].id);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'building', 'part', 'trust_social', 'team']));
    expect(rows[7].trust_social).toBe(sim.model.residents.columns.trust_social[7]);
    const two = residentRows(sim.model, ['belonging']);
    expect(Object.keys(two[0]).sort()).toEqual(['belonging', 'id', 'team']);
  });

  it('name the field and the allowed ones when asked for an unknown field', () => {
    const s = createStore({ trust: 'f32' }, 2);
    s.spawn();
    s.commit();
    expect(() => storeRows(s, ['nope' as 'trust'])).toThrow(/got field "nope", expected one of trust/);
  });
});
