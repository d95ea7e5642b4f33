import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Row } from '../../src/index.js';

/** Row columns that are shares or trust levels, bounded to [0, 1]. */
export const UNIT_COLUMNS = [
  'participation',
  'participation_substantive',
  'participation_formal',
  'trust_officials',
  'trust_party',
  'trust_enterprises',
  'trust_social',
  'trust_officials_sd',
  'trust_party_sd',
  'trust_enterprises_sd',
  'trust_social_sd',
  'belonging',
  'identity',
  'efficacy',
  'spirit',
  'match',
  'transaction_cost',
  'performance',
  'institution',
  'gini',
];

/**
 * Every problem with a row: a NaN or infinite number, a share or trust outside [0, 1], a negative count or
 * amount (every numeric column of the model is a count, a level or an amount, never below zero).
 */
export function rowProblems(row: Row): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(row)) {
    if (k === 'events') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push(`tick ${row.tick} ${k} = ${v}`);
    else if (v < 0) out.push(`tick ${row.tick} ${k} = ${v} < 0`);
    else if (UNIT_COLUMNS.includes(k) && v > 1) out.push(`tick ${row.tick} ${k} = ${v} > 1`);
  }
  return out;
}

/** Problems in rule memories: every value must be a finite number. */
export function memoryProblems(rules: readonly { rule: { name: string }; memory: Record<string, number> }[], tick: number): string[] {
  const out: string[] = [];
  for (const r of rules) for (const [k, v] of Object.entries(r.memory)) if (!Number.isFinite(v)) out.push(`tick ${tick} ${r.rule.name}.${k} = ${v}`);
  return out;
}

/** Round numbers to 4 decimals (and -0 to 0), leave strings. */
export function round4<T extends Record<string, number | string>>(row: T): T {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'number' ? Math.round(v * 1e4) / 1e4 + 0 : v;
  return out as T;
}

export const GOLDEN_DIR = join(import.meta.dirname, 'golden');

/** Read a golden file, or undefined if there is none. */
export function readGolden(name: string): unknown {
  const file = join(GOLDEN_DIR, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Write a golden file atomically (temporary file, then rename). */
export function writeGolden(name: string, data: unknown): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 1) + '\n');
  renameSync(tmp, file);
}

/** Mean and 95 % t interval of a sample. */
export function meanCI(xs: readonly number[]): { mean: number; lo: number; hi: number } {
  const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = ((n - 1 <= 30 ? T975[n - 2] : 1.96) * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}
