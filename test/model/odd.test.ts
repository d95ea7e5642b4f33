import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parameterSpace } from '../../src/model/create.js';

/*
 * docs/ODD.md repeats the parameter table of the code (every model parameter and every built-in rule
 * parameter, as parameterSpace() lists them). These tests catch drift between the two: a parameter added,
 * renamed or removed in the code, or a default tuned, without the table following.
 */

const ODD_PATH = fileURLToPath(new URL('../../docs/ODD.md', import.meta.url));

interface TableRow {
  readonly path: string;
  readonly unit: string;
  readonly default: string;
  readonly range: string;
  readonly line: number;
}

/** Split a markdown table row into trimmed cells; `\|` inside a cell is not a separator. */
function cells(line: string): string[] {
  const parts = line.trim().split(/(?<!\\)\|/);
  // A row is "| a | b |": drop the empty pieces before the first and after the last bar.
  if (parts.length && parts[0].trim() === '') parts.shift();
  if (parts.length && parts[parts.length - 1].trim() === '') parts.pop();
  return parts.map((p) => p.trim().replace(/\\\|/g, '|'));
}

/**
 * The rows of the table under the heading `## Parameters` (up to the next heading of level 1 or 2) whose
 * first cell is a path in backticks. Header and separator rows have none, so they are skipped.
 */
function parameterRows(markdown: string): TableRow[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+Parameters\s*$/.test(l));
  if (start < 0) return [];
  const rows: TableRow[] = [];
  for (let k = start + 1; k < lines.length; k++) {
    const line = lines[k];
    if (/^#{1,2}\s/.test(line)) break;
    if (!line.trim().startsWith('|')) continue;
    const c = cells(line);
    const m = /^`([^`]+)`$/.exec(c[0] ?? '');
    if (!m) continue;
    rows.push({ path: m[1], unit: c[1] ?? '', default: c[2] ?? '', range: c[3] ?? '', line: k + 1 });
  }
  return rows;
}

const markdown = existsSync(ODD_PATH) ? readFileSync(ODD_PATH, 'utf8') : '';
const rows = parameterRows(markdown);
const space = parameterSpace();
const documented = new Set(rows.map((r) => r.path));

describe('docs/ODD.md parameter table', () => {
  it('exists and has a "## Parameters" section with a table of parameter paths', () => {
    expect(existsSync(ODD_PATH), `missing file ${ODD_PATH}`).toBe(true);
    expect(rows.length, 'no rows with a `path` in backticks under "## Parameters" in docs/ODD.md').toBeGreaterThan(0);
  });

  it('documents every parameter of the code in docs/ODD.md', () => {
    const missing = [...space.keys()].filter((p) => !documented.has(p));
    expect(missing, `parameters of parameterSpace() missing from the table in docs/ODD.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('names no parameter that the code lacks', () => {
    const unknown = rows.filter((r) => !space.has(r.path)).map((r) => `${r.path} (line ${r.line})`);
    expect(unknown, `parameters in the table of docs/ODD.md that parameterSpace() does not have: ${unknown.join(', ')}`).toEqual([]);
  });

  it('lists each parameter only once', () => {
    const seen = new Set<string>();
    const twice = rows.filter((r) => (seen.has(r.path) ? true : (seen.add(r.path), false))).map((r) => `${r.path} (line ${r.line})`);
    expect(twice, `parameters listed more than once in docs/ODD.md: ${twice.join(', ')}`).toEqual([]);
  });

  it('gives every parameter the default that the code gives it', () => {
    const wrong: string[] = [];
    for (const r of rows) {
      const spec = space.get(r.path);
      if (!spec) continue; // reported by the test above
      const value = Number(r.default.replace(/[,_\s]/g, ''));
      if (r.default.trim() === '' || !Number.isFinite(value) || value !== spec.default) wrong.push(`${r.path}: docs say ${JSON.stringify(r.default)}, code says ${spec.default}`);
    }
    expect(wrong, `defaults in docs/ODD.md that differ from the code: ${wrong.join('; ')}`).toEqual([]);
  });
});
