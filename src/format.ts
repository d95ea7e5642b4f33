import type { Row } from './simulation.js';

/** Columns of rows in first-seen order. */
export function columnsOf(rows: readonly Row[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), cols.push(k));
  return cols;
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)))) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Tidy rows as CSV (RFC 4180 quoting), numbers to 10 significant digits.
 *
 * @example
 * toCsv([{ tick: 1, trust: 0.5 }]); // "tick,trust\n1,0.5\n"
 */
export function toCsv(rows: readonly Row[], columns = columnsOf(rows)): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/**
 * A fixed-width text table of some columns (for terminals): numbers right-aligned (to `digits`
 * decimals, or as they are when `digits` is null), text left-aligned.
 *
 * @example
 * process.stdout.write(toTable(sim.rows, ['tick', 'participation']));
 */
export function toTable(rows: readonly Row[], columns: readonly string[], digits: number | null = 3): string {
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number'));
  const cells = rows.map((r) =>
    columns.map((c) => {
      const v = r[c];
      return typeof v === 'number' ? (Number.isInteger(v) || digits === null ? String(v) : v.toFixed(digits)) : String(v ?? '');
    }),
  );
  const widths = columns.map((c, k) => Math.max(c.length, ...cells.map((row) => row[k].length)));
  const line = (xs: readonly string[]) => xs.map((x, k) => (numeric[k] ? x.padStart(widths[k]) : x.padEnd(widths[k]))).join('  ').trimEnd();
  return [line(columns), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Rows as columns: one array per column, for large runs and plotting libraries.
 *
 * @example
 * const { tick, trust_officials } = toColumns(sim.rows);
 */
export function toColumns(rows: readonly Row[]): Record<string, (number | string)[]> {
  const out: Record<string, (number | string)[]> = {};
  for (const c of columnsOf(rows)) out[c] = rows.map((r) => r[c]);
  return out;
}
