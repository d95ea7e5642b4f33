/**
 * Helpers for the documentation tests: pull code out of notebooks and Markdown, point `coprod` imports at
 * this repository's sources, and run the result as one ES module with tsx.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..', '..');
const CORE = pathToFileURL(join(ROOT, 'src', 'index.ts')).href;
const NODE = pathToFileURL(join(ROOT, 'src', 'node', 'index.ts')).href;

/** A cell that only draws (Plot, Inputs, DOM): its first line is a `// plot` comment. */
export function isPlotCell(code: string): boolean {
  return /^\s*\/\/\s*plot\b/.test(code);
}

/** Rewrite `'coprod'`, `'npm:coprod'` (with an optional version) and their `/node` forms to the repository's sources. */
export function localImports(code: string): string {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(?:npm:)?coprod(?:@[^'"/]+)?(\/node)?\2/g, (_m, lead: string, q: string, node: string | undefined) => `${lead}${q}${node ? NODE : CORE}${q}`);
}

/** Code cells of a Jupyter notebook, in order. */
export function notebookCells(nb: { cells: { cell_type: string; source: string | string[] }[] }): string[] {
  return nb.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

/** Fenced code blocks of a Markdown text whose info string starts with one of `langs`, in order. */
export function fencedBlocks(md: string, langs: readonly string[]): string[] {
  const out: string[] = [];
  const re = /^(`{3,})([^\n`]*)\n([\s\S]*?)^\1[ \t]*$/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    const lang = m[2].trim().split(/\s+/)[0];
    if (langs.includes(lang)) out.push(m[3]);
  }
  return out;
}

/**
 * Run code as one TypeScript ES module (node --import tsx) from the repository root; returns status and
 * output. The module's file is removed when it exits 0 and kept (its path in `file`) when it fails.
 */
export function runModule(name: string, code: string, timeout = 240_000): { status: number | null; stdout: string; stderr: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'coprod-docs-'));
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? `\n${r.error.message}` : ''), file };
}
