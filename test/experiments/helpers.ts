import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A small community so runs take milliseconds. */
export const SMALL = { 'population.residents': 300, 'population.households': 100 } as const;
export const SMALL_FLAGS = ['--set', 'population.residents=300', '--set', 'population.households=100'];

/** A fresh scratch directory under test/.tmp (gitignored). */
export function scratch(prefix: string): string {
  const base = join(ROOT, 'test', '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** Every file under a directory: relative path → bytes (as a binary string). */
export function snapshotDir(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split('\\').join('/');
      if (statSync(p).isDirectory()) walk(p);
      else if (!skip(rel)) out[rel] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A manifest without its creation date. */
export function manifestWithoutDate(dir: string): Record<string, unknown> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete m.created;
  return m;
}
