import { expect } from 'vitest';
import type { CoprodSimulation } from '../../src/index.js';

/** Everything a run leaves: its rows (full precision, events included) and the bytes of every resident column and tie. */
export function fingerprint(sim: CoprodSimulation): { rows: string; columns: Record<string, string>; ties: string } {
  const m = sim.model;
  const n = m.residents.count;
  const columns: Record<string, string> = {};
  for (const [name, col] of Object.entries(m.residents.columns)) {
    const bytes = new Uint8Array(col.buffer, col.byteOffset, n * col.BYTES_PER_ELEMENT);
    columns[name] = Buffer.from(bytes).toString('base64');
  }
  const ties = Buffer.from(new Uint8Array(m.network.targets.buffer, m.network.targets.byteOffset, m.network.offsets[m.network.nodes] * 4)).toString('base64');
  return { rows: JSON.stringify(sim.rows), columns, ties };
}


/** Two runs left the same rows, columns and ties, bit for bit. */
export function expectSameRun(actual: CoprodSimulation, expected: CoprodSimulation): void {
  const a = fingerprint(actual);
  const b = fingerprint(expected);
  expect(a.rows).toBe(b.rows);
  expect(Object.keys(a.columns)).toEqual(Object.keys(b.columns));
  for (const k of Object.keys(b.columns)) expect(a.columns[k], k).toBe(b.columns[k]);
  expect(a.ties).toBe(b.ties);
}
