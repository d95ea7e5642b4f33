// The API reference builds from typedoc.json without errors or broken links, and the notebook API is
// fully documented. (Output goes to a temp folder; `npx typedoc` writes docs/api/.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './snippets.js';

describe('API reference (typedoc)', () => {
  it('builds from typedoc.json with no errors and no warnings but missing docs outside the notebook API', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));
    expect(config.entryPoints).toEqual(['src/index.ts', 'src/node/index.ts']);
    expect(config.out).toBe('docs/api');
    const out = mkdtempSync(join(tmpdir(), 'coprod-typedoc-'));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Warn'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      const log = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
      expect(r.status, log).toBe(0);
      expect(log).toMatch(/Found 0 errors/);
      const warnings = log.split('\n').filter((l) => l.startsWith('[warning]'));
      const other = warnings.filter((l) => !/does not have any documentation|git remote|Found 0 errors and \d+ warnings/.test(l));
      expect(other).toEqual([]);
      expect(warnings.filter((l) => l.includes('src/notebook.ts'))).toEqual([]);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      expect(existsSync(join(out, 'documents', 'tutorial.html'))).toBe(true);
      expect(existsSync(join(out, 'functions', 'coprod.runRows.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
