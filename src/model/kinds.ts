import type { ParamSchema } from '../params.js';
import type { StoreSchema } from '../store.js';
import type { KindDefinition } from './state.js';

/**
 * Define a new agent kind (for example social organisations, 社会组织). Its agents live in a columnar
 * store at `model.kinds[name].store`; its parameters are `<name>.<param>`; rules make it act.
 *
 * @example
 * const ngo = defineKind({
 *   name: 'social-organisation', description: 'NGOs bidding for purchased services',
 *   fields: { capacity: 'f32', funded: 'u8' },
 *   params: { count: { default: 12, min: 0, max: 1000, unit: 'organisations', description: 'how many', integer: true } },
 *   count: (p) => p.count,
 *   init: (store, row, p, draw) => { store.columns.capacity[row] = draw() },
 * });
 */
export function defineKind<S extends StoreSchema, P extends ParamSchema>(kind: KindDefinition<S, P>): KindDefinition<S, P> {
  if (!/^[a-z][a-z0-9-]*$/.test(kind.name)) throw new TypeError(`kind.name: got ${JSON.stringify(kind.name)}, expected lowercase letters, digits and dashes`);
  return kind;
}
