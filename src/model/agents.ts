import { storeRows } from '../store.js';
import type { CoprodModel, ResidentSchema } from './state.js';

/**
 * Per-resident snapshot of a model as tidy rows (for analysis and the visualizer): `id`, then the chosen
 * columns (default: place, participation, trust and bonds), plus `team` (1 if the resident's building
 * has a self-organised team).
 *
 * @example
 * const sim = createCoprod('baseline'); sim.run(10);
 * const rows = residentRows(sim.model); // [{ id, building, grid, part, trust_officials, …, team }, …]
 */
export function residentRows(model: CoprodModel, fields: readonly (keyof ResidentSchema)[] = DEFAULT_FIELDS): Record<string, number>[] {
  const rows = storeRows(model.residents, fields);
  const b = model.residents.columns.building;
  // Rows come out in id order, which after turnover is not the store's row order.
  for (const row of rows) row.team = model.teamLeader[b[model.residents.rowOf(row.id)]] >= 0 ? 1 : 0;
  return rows;
}

const DEFAULT_FIELDS: readonly (keyof ResidentSchema)[] = ['household', 'building', 'grid', 'group', 'renter', 'member', 'part', 'contribution', 'trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'spirit', 'benefit', 'activity', 'tenure'];
