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

