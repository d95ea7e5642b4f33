// The notebook examples cannot rot: the Deno Jupyter notebook's code cells and the Observable page's js
// cells run, in order, as one module against this repository's sources (cells marked `// plot` only
// draw and are skipped), and must print what the text says they print.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, fencedBlocks, isPlotCell, localImports, notebookCells, runModule } from './snippets.js';

const NOTEBOOK = join(ROOT, 'docs', 'notebook.ipynb');
const OBSERVABLE = join(ROOT, 'docs', 'observable.md');

/** What both examples print: a first run, a case with progress, columns, and a comparison. */
const MARKERS = [
  /^first run: 104 weeks, participation in the last week 0\.\d{3}$/m,
  /^getang: week 52 of 156$/m,
  /^getang: week 156 of 156$/m,
  /^getang: 156 weeks, \d+ self-organised teams at the end$/m,
  /^columns: tick, participation, trust_officials; peak participation 0\.\d{3}$/m,
  /^compared: 1040 rows, arms --rule party-coordination@1-52 vs --rule party-coordination@1-52 --rule empowerment$/m,
  /^year two participation: 0\.\d{3} \(A\) vs 0\.\d{3} \(B\)$/m,
];

function checkPlots(plots: string[]): void {
  expect(plots.length).toBeGreaterThan(0);
  const all = plots.join('\n');
  for (const word of ['Plot.', 'participation', 'trust_officials']) expect(all).toContain(word);
}

describe('docs/notebook.ipynb (Deno kernel)', () => {
  const nb = JSON.parse(readFileSync(NOTEBOOK, 'utf8'));
  const cells = notebookCells(nb);

  it('is an nbformat 4 notebook for the Deno kernel, saved without outputs', () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec).toEqual({ name: 'deno', language: 'typescript', display_name: 'Deno' });
    for (const c of nb.cells) {
      expect(['code', 'markdown']).toContain(c.cell_type);
      if (c.cell_type === 'code') expect(c.outputs).toEqual([]);
    }
  });

  it('imports coprod as a user would, and plots trust and participation with Observable Plot', () => {
    const code = cells.join('\n');
    expect(code).toMatch(/from "npm:coprod"/);
    expect(code).not.toMatch(/src\/index|\.\.\/src/);
    const plots = cells.filter(isPlotCell);
    checkPlots(plots);
    expect(plots.join('\n')).toContain('npm:@observablehq/plot');
    // Only drawing cells are skipped: every other cell is run below.
    for (const p of plots) expect(p).not.toMatch(/\b(runRows|runAsync|runColumns|compareRows|compareSummary|sweepRows)\(/);
  });

  it('runs every code cell but the plots, in order, printing what the text promises', () => {
    const run = cells.filter((c) => !isPlotCell(c)).map((c, i) => `// --- cell ${i + 1}\n${localImports(c)}`);
    const r = runModule('notebook', run.join('\n\n') + '\nexport {};\n');
    expect(r.status, `${r.stderr}\n(module kept at ${r.file})`).toBe(0);
    for (const m of MARKERS) expect(r.stdout).toMatch(m);
  });
});

describe('docs/observable.md (Observable Framework)', () => {
  const md = readFileSync(OBSERVABLE, 'utf8');
  const cells = fencedBlocks(md, ['js']);

  it('imports coprod from npm and plots trust and participation', () => {
    expect(md).toMatch(/^---\ntitle: /);
    expect(cells.join('\n')).toMatch(/from "npm:coprod"/);
    checkPlots(cells.filter(isPlotCell));
  });

  it('runs every js cell but the plots, in order, printing what the text promises', () => {
    // Framework's display() puts a value on the page; here it prints.
    const prelude = 'const display = (x: unknown) => console.log(typeof x === "string" ? x : JSON.stringify(x));\n';
    const run = cells.filter((c) => !isPlotCell(c)).map((c, i) => `// --- cell ${i + 1}\n${localImports(c)}`);
    const r = runModule('observable', prelude + run.join('\n\n') + '\nexport {};\n');
    expect(r.status, `${r.stderr}\n(module kept at ${r.file})`).toBe(0);
    for (const m of MARKERS) expect(r.stdout).toMatch(m);
  });
});

describe('snippet helpers', () => {
  it('rewrite every form of the coprod import and leave others alone', () => {
    const out = localImports(`import { a } from "npm:coprod";\nimport { b } from 'coprod';\nimport {c} from "npm:coprod@0.1.0";\nimport { d } from 'coprod/node';\nimport * as Plot from "npm:@observablehq/plot";\nimport x from 'coprod-extra';`);
    const lines = out.split('\n');
    for (const l of lines.slice(0, 3)) expect(l).toMatch(/file:\/\/.*\/src\/index\.ts["']/);
    expect(lines[3]).toMatch(/file:\/\/.*\/src\/node\/index\.ts'/);
    expect(lines[4]).toBe('import * as Plot from "npm:@observablehq/plot";');
    expect(lines[5]).toBe("import x from 'coprod-extra';");
  });

  it('find fenced blocks by language and plot cells by their first line', () => {
    const md = 'text\n```ts\nA\n```\n\n```sh\nB\n```\n\n```js echo\nC\n```\n````md\n```ts\nD\n```\n````\n';
    expect(fencedBlocks(md, ['ts'])).toEqual(['A\n']);
    expect(fencedBlocks(md, ['js'])).toEqual(['C\n']);
    expect(isPlotCell('// plot\nPlot.plot()')).toBe(true);
    expect(isPlotCell('const x = 1; // plot')).toBe(false);
  });
});
