import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/experiments/index.js';
import { runSweep, type SweepToDirOptions } from '../../src/node/experiments/index.js';
import { ValidationError } from '../../src/validate.js';
import { ROOT, SMALL, SMALL_FLAGS, manifestWithoutDate, scratch, snapshotDir } from './helpers.js';

const dirs: string[] = [];
const tmp = (p: string) => {
  const d = scratch(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const DESIGN = { scenario: 'baseline', set: SMALL, ticks: 12, params: ['trust.loss=0.1,0.3', 'design.openness=0:0.6:3'], reps: 2 } as const;
const noManifest = (rel: string) => rel === 'manifest.json';

describe('sweep to a directory', () => {
  let reference: Record<string, string>;
  let referenceDir: string;

  it('gives identical files with 1 and with 2 workers (and in this thread)', async () => {
    const one = tmp('sweep-w1');
    const two = tmp('sweep-w2');
    const zero = tmp('sweep-w0');
    const r1 = await runSweep({ ...DESIGN, out: one, workers: 1 });
    const r2 = await runSweep({ ...DESIGN, out: two, workers: 2 });
    await runSweep({ ...DESIGN, out: zero, workers: 0 });
    expect(r1.total).toBe(12);
    expect(r1.ran).toBe(12);
    expect(r2.workers).toBe(2);
    reference = snapshotDir(one, noManifest);
    referenceDir = one;
    expect(Object.keys(reference).sort()).toEqual(['rows.csv', 'rows.jsonl', ...Array.from({ length: 12 }, (_, i) => `runs/r${String(i + 1).padStart(4, '0')}.jsonl`)]);
    expect(snapshotDir(two, noManifest)).toEqual(reference);
    expect(snapshotDir(zero, noManifest)).toEqual(reference);
    expect(manifestWithoutDate(two)).toEqual(manifestWithoutDate(one));
  });

  it('writes tidy rows carrying run, point, rep, seed and the swept values, the same as the in-thread API', async () => {
    const csv = readFileSync(join(referenceDir, 'rows.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0].split(',').slice(0, 8)).toEqual(['run', 'point', 'rep', 'seed', 'trust.loss', 'design.openness', 'tick', 'residents']);
    expect(csv).toHaveLength(1 + 12 * 12);
    const jsonl = readFileSync(join(referenceDir, 'rows.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(12 * 12);
    expect(jsonl[12]).toMatchObject({ run: 2, point: 1, rep: 2, 'trust.loss': 0.1, 'design.openness': 0, tick: 1 });
    expect(new Set(jsonl.map((r) => r.seed)).size).toBe(12);
    const { rows } = await sweep(DESIGN);
    expect(rows).toEqual(jsonl);
    const manifest = JSON.parse(readFileSync(join(referenceDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'coprod-sweep', coprod: expect.any(String), scenario: 'baseline', seed: 1, ticks: 12, design: 'grid', reps: 2, output: 'ticks' });
    expect(Date.parse(manifest.created)).not.toBeNaN();
    expect(manifest.runs).toHaveLength(12);
    expect(manifest.runs.map((r: { seed: string }) => r.seed)).toEqual(jsonl.filter((r) => r.tick === 1).map((r) => r.seed));
  });

  it('writes one summary row per run with --summary', async () => {
    const dir = tmp('sweep-summary');
    await runSweep({ ...DESIGN, summary: true, design: 'lhs', samples: 3, params: ['trust.loss=0.1:0.3', 'population.buildings=20:40'], out: dir, workers: 1 });
    const rows = readFileSync(join(dir, 'rows.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0]).slice(0, 8)).toEqual(['run', 'point', 'rep', 'seed', 'trust.loss', 'population.buildings', 'ticks', 'mean_residents']);
    expect(rows[0]).toHaveProperty('final_participation');
    expect(Number.isInteger(rows[0]['population.buildings'])).toBe(true);
  });

  it('resumes after lost runs and lost combined outputs, ending byte for byte as a clean run', async () => {
    const dir = tmp('sweep-resume');
    await runSweep({ ...DESIGN, out: dir, workers: 1 });
    const created = readFileSync(join(dir, 'manifest.json'), 'utf8');
    for (const f of ['runs/r0002.jsonl', 'runs/r0007.jsonl', 'runs/r0012.jsonl', 'rows.csv', 'rows.jsonl']) rmSync(join(dir, f));
    // A half-written temporary file, as a crash mid-write leaves.
    writeFileSync(join(dir, 'runs', 'r0002.jsonl.tmp-123-abc'), '{"run":2,');
    const report = await runSweep({ ...DESIGN, out: dir, workers: 2 });
    expect(report.skipped).toBe(9);
    expect(report.ran).toBe(3);
    expect(snapshotDir(dir, noManifest)).toEqual(reference);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(created);
  });

  it('refuses to resume into a directory holding another design', async () => {
    const dir = tmp('sweep-other');
    await runSweep({ ...DESIGN, reps: 1, out: dir, workers: 0 });
    const other: SweepToDirOptions = { ...DESIGN, reps: 1, params: ['trust.loss=0.1,0.2', 'design.openness=0:0.6:3'], out: dir, workers: 0 };
    await expect(runSweep(other)).rejects.toThrow(ValidationError);
    await expect(runSweep(other)).rejects.toThrow(/--out: got ".*", expected a new directory or one holding this same sweep to resume \(its manifest.json differs in params: .*0\.3.* there, .*0\.2.* here\)/);
    await expect(runSweep({ ...DESIGN, reps: 1, summary: true, out: dir, workers: 0 })).rejects.toThrow(/differs in output: "ticks" there, "summary" here/);
  });
});

describe('sweep CLI', () => {
  const cliArgs = (out: string, workers: number) => ['sweep', 'baseline', '--param', 'trust.loss=0.1,0.2,0.3', '--param', 'design.openness=0:0.6:4', '--reps', '2', '--ticks', '40', ...SMALL_FLAGS, '--workers', String(workers), '--out', out];

  it('resumes a sweep killed mid-way and ends byte for byte as an uninterrupted one', async () => {
    const clean = tmp('cli-clean');
    const killed = tmp('cli-killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', ...cliArgs(killed, 1)], { cwd: ROOT, detached: true, stdio: 'ignore' });
    const runsDir = join(killed, 'runs');
    const count = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.jsonl')).length : 0);
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (count() >= 4) {
          clearInterval(poll);
          process.kill(-child.pid!, 'SIGKILL'); // the whole process group, as a power cut would
          resolve();
        } else if (Date.now() - started > 30_000) {
          clearInterval(poll);
          process.kill(-child.pid!, 'SIGKILL');
          reject(new Error('the sweep wrote no runs within 30 s'));
        }
      }, 10);
    });
    await new Promise((r) => child.once('exit', r));
    const partial = count();
    expect(partial).toBeGreaterThanOrEqual(4);
    expect(partial).toBeLessThan(24);
    expect(existsSync(join(killed, 'rows.csv'))).toBe(false);
    const resumed = spawnSync(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', ...cliArgs(killed, 2)], { cwd: ROOT, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`coprod sweep: 24 runs \\(${partial} already done, ${24 - partial} run now\\)`));
    expect(resumed.stderr).toContain(`resuming ${killed}: ${partial} of 24 runs already done`);
    await runSweep({ ...{ scenario: 'baseline', set: SMALL, ticks: 40, params: ['trust.loss=0.1,0.2,0.3', 'design.openness=0:0.6:4'], reps: 2 }, out: clean, workers: 2 });
    expect(snapshotDir(killed, noManifest)).toEqual(snapshotDir(clean, noManifest));
    expect(manifestWithoutDate(killed)).toEqual(manifestWithoutDate(clean));
    expect(readdirSync(runsDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('exits 2 with one clear line per bad parameter path or range', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', 'sweep', 'baseline', '--param', 'trust.los=0.1,0.2', '--param', 'design.openness=0:1.5:3', '--param', 'population.residents=1:3:5', '--out', tmp('cli-bad')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^coprod: --param trust\.los: got "trust\.los", expected a known parameter path/),
      'coprod: --param design.openness hi: got 1.5, expected a number in [0, 1] (share)',
      'coprod: --param population.residents: got "1:3:5", expected at most 3 steps (an integer in [1, 5000000] (residents))',
    ]);
  });
});
