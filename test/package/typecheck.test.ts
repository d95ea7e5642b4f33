/**
 * The whole repository type-checks (src, sims, viz and the tests themselves): vitest runs the tests
 * without checking their types, so a wrong type in a test would otherwise go unnoticed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');

it('type-checks with tsc -p tsconfig.json --noEmit', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.json'), '--noEmit'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 320_000);
