// The worker pool must also work from the compiled package (dist/*.js, no tsx): compile into a scratch
// directory inside the repository (so node_modules resolves) and run a sweep with two workers there.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/node/experiments/index.js';
import { ROOT, SMALL, SMALL_FLAGS, manifestWithoutDate, scratch, snapshotDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('compiled package', () => {
  it('runs a parallel sweep from dist/ (.js worker, no tsx) with the same bytes as under tsx', async () => {
    const dist = scratch('dist');
    dirs.push(dist);
    // Emits even if files elsewhere in the tree have type errors; only the emitted JavaScript matters here.
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', dist, '--declaration', 'false', '--sourceMap', 'false'], { cwd: ROOT, encoding: 'utf8' });
    const cli = join(dist, 'src', 'node', 'cli.js');
    expect(existsSync(cli)).toBe(true);
    expect(existsSync(join(dist, 'src', 'node', 'experiments', 'worker.js'))).toBe(true);
    const fromDist = scratch('dist-sweep');
    const fromTsx = scratch('tsx-sweep');
    dirs.push(fromDist, fromTsx);
    const r = spawnSync(process.execPath, [cli, 'sweep', 'baseline', '--param', 'trust.loss=0.1,0.3', '--reps', '3', '--ticks', '8', ...SMALL_FLAGS, '--workers', '2', '--out', fromDist], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/coprod sweep: 6 runs on 2 workers/);
    await runSweep({ scenario: 'baseline', params: ['trust.loss=0.1,0.3'], reps: 3, ticks: 8, set: SMALL, workers: 2, out: fromTsx });
    const skip = (rel: string) => rel === 'manifest.json';
    expect(snapshotDir(fromDist, skip)).toEqual(snapshotDir(fromTsx, skip));
    expect(manifestWithoutDate(fromDist)).toEqual(manifestWithoutDate(fromTsx));
  });
});
