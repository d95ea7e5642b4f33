import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planSweep, type PlannedRun, type SweepDesign, type SweepPlan } from '../../experiments/design.js';
import { forEachLimited, sweepTask, type Progress } from '../../experiments/run.js';
import { columnsOf, toCsv } from '../../format.js';
import type { Row } from '../../simulation.js';
import { ValidationError } from '../../validate.js';
import { VERSION } from '../../version.js';
import { writeFileAtomic } from '../io.js';
import { AtomicFileWriter, removeStaleTemporaries } from './files.js';
import { createPoolRunner, defaultWorkers } from './pool.js';
import { createProgress, type ProgressReporter } from './progress.js';

/** Options of {@link runSweep}: a sweep design plus where and how to run it. */
export interface SweepToDirOptions extends SweepDesign {
  /** Output directory: `manifest.json`, `runs/<id>.jsonl`, `rows.csv`, `rows.jsonl`. */
  readonly out: string;
  /** Worker threads (default: the cores available; 0 = this thread). */
  readonly workers?: number;
  /** `true`: a bar on a terminal, plain lines otherwise, on standard error; a function: called after each run; default none. */
  readonly progress?: boolean | ((p: Progress) => void);
  /** Seconds between plain progress lines (default 10). */
  readonly progressEvery?: number;
}

/** What {@link runSweep} did. */
export interface SweepReport {
  readonly dir: string;
  readonly plan: SweepPlan;
  /** Runs of the design. */
  readonly total: number;
  /** Runs found finished in the directory (a resumed sweep). */
  readonly skipped: number;
  /** Runs run now. */
  readonly ran: number;
  readonly workers: number;
  /** Wall time of the runs run now, seconds. */
  readonly seconds: number;
  readonly files: { readonly manifest: string; readonly csv: string; readonly jsonl: string };
}

/** The part of a manifest that must match for a sweep to resume into a directory. */
export function manifestDesign(plan: SweepPlan): Record<string, unknown> {
  return {
    coprod: VERSION,
    scenario: plan.scenario,
    seed: plan.seed,
    ticks: plan.ticks,
    set: plan.set,
    rules: plan.rules,
    without: plan.without,
    params: plan.axes,
    design: plan.design,
    ...(plan.samples !== undefined ? { samples: plan.samples } : {}),
    reps: plan.reps,
    output: plan.summary ? 'summary' : 'ticks',
  };
}

/** JSON with object keys sorted (for comparing designs). */
function canonicalJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** A sweep's manifest: format, design, the runs with their seeds, and (Node only) the date it was made. */
export function buildManifest(plan: SweepPlan, created: Date): Record<string, unknown> {
  return {
    format: 'coprod-sweep',
    version: 1,
    ...manifestDesign(plan),
    created: created.toISOString(),
    runs: plan.runs.map((r) => ({ run: r.run, id: r.id, point: r.point, rep: r.rep, seed: r.seed, params: r.params })),
  };
}

/** A manifest as text: pretty-printed, one line per run. */
export function manifestText(manifest: Record<string, unknown>): string {
  const { runs, ...rest } = manifest;
  const head = JSON.stringify(rest, null, 1);
  const lines = (runs as unknown[]).map((r) => ' ' + JSON.stringify(r));
  return `${head.slice(0, -2)},\n "runs": [\n${lines.join(',\n')}\n ]\n}\n`;
}

/** The file of one run's rows. */
export const runFile = (dir: string, run: PlannedRun) => join(dir, 'runs', `${run.id}.jsonl`);

/** A run file complete: non-empty, ending with a newline (files are written atomically, so this guards only against tampering). */
function finished(path: string): boolean {
  if (!existsSync(path)) return false;
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Check (or create) the directory's manifest; throws a ValidationError if it holds another sweep. */
function prepareDirectory(dir: string, plan: SweepPlan): void {
  const manifestPath = join(dir, 'manifest.json');
  const want = manifestDesign(plan);
  if (existsSync(manifestPath)) {
    let have: Record<string, unknown>;
    try {
      have = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ValidationError([{ path: '--out', value: dir, expected: `a directory whose manifest.json is valid JSON (${(e as Error).message})` }]);
    }
    if (have.format !== 'coprod-sweep') throw new ValidationError([{ path: '--out', value: dir, expected: 'a new directory or one holding a coprod sweep (manifest.json is not a coprod-sweep manifest)' }]);
    const differs = Object.keys(want).filter((k) => canonicalJson(have[k]) !== canonicalJson(want[k]));
    for (const k of Object.keys(have)) if (!(k in want) && !['format', 'version', 'created', 'runs'].includes(k)) differs.push(k);
    if (differs.length) {
      const what = differs.map((k) => `${k}: ${canonicalJson(have[k]) ?? 'none'} there, ${canonicalJson(want[k]) ?? 'none'} here`).join('; ');
      throw new ValidationError([{ path: '--out', value: dir, expected: `a new directory or one holding this same sweep to resume (its manifest.json differs in ${what}); use the command that made it, or another --out` }]);
    }
    return;
  }
  const runsDir = join(dir, 'runs');
  if (existsSync(runsDir) && readdirSync(runsDir).some((f) => f.endsWith('.jsonl'))) {
    throw new ValidationError([{ path: '--out', value: dir, expected: 'a new directory or one with a manifest.json (runs/ has files but there is no manifest to check them against)' }]);
  }
  writeFileAtomic(manifestPath, manifestText(buildManifest(plan, new Date())));
}

/** Assemble `rows.jsonl` and `rows.csv` from the run files in run order, one run in memory at a time. */
export function assembleSweep(dir: string, plan: SweepPlan): { csv: string; jsonl: string } {
  const csv = new AtomicFileWriter(join(dir, 'rows.csv'));
  const jsonl = new AtomicFileWriter(join(dir, 'rows.jsonl'));
  try {
    let columns: string[] | null = null;
    for (const run of plan.runs) {
      const text = readFileSync(runFile(dir, run), 'utf8');
      jsonl.write(text);
      const rows = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Row);
      if (!columns) {
        columns = columnsOf(rows);
        csv.write(columns.join(',') + '\n');
      }
      const body = toCsv(rows, columns);
      csv.write(body.slice(body.indexOf('\n') + 1));
    }
    csv.commit();
    jsonl.commit();
  } catch (e) {
    csv.abort();
    jsonl.abort();
    throw e;
  }
  return { csv: csv.target, jsonl: jsonl.target };
}

/**
 * Run a sweep into a directory, in parallel on worker threads: each run's tidy rows are written
 * atomically to `runs/<id>.jsonl` as it finishes, then `rows.jsonl` and `rows.csv` are assembled (atomically,
 * in run order). A sweep interrupted at any point resumes with the same options: finished runs are
 * skipped and the outputs end byte for byte as a clean run's. A directory holding another design is refused.
 *
 * @example
 * await runSweep({ scenario: 'baseline', params: ['trust.loss=0.1,0.2,0.3'], reps: 10, out: 'out/loss', workers: 4 });
 */
export async function runSweep(opts: SweepToDirOptions): Promise<SweepReport> {
  const plan = planSweep(opts);
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 0) throw new ValidationError([{ path: '--workers', value: workers, expected: 'a whole number >= 0' }]);
  if (opts.registry && workers > 0) throw new ValidationError([{ path: 'registry', value: 'user rules or kinds', expected: 'workers: 0 (functions cannot be sent to worker threads)' }]);
  const dir = resolve(opts.out);
  mkdirSync(join(dir, 'runs'), { recursive: true });
  prepareDirectory(dir, plan);
  removeStaleTemporaries(dir);
  removeStaleTemporaries(join(dir, 'runs'));
  const todo = plan.runs.filter((r) => !finished(runFile(dir, r)));
  const skipped = plan.runs.length - todo.length;
  let progress: ProgressReporter | undefined;
  if (opts.progress === true && todo.length > 0) {
    if (skipped > 0) process.stderr.write(`coprod sweep: resuming ${dir}: ${skipped} of ${plan.runs.length} runs already done\n`);
    progress = createProgress({ label: 'coprod sweep', total: plan.runs.length, initial: skipped, every: opts.progressEvery });
  }
  const started = Date.now();
  let done = skipped;
  if (todo.length > 0) {
    const runner = createPoolRunner(Math.min(workers, todo.length), opts.registry);
    try {
      await forEachLimited(todo, runner.concurrency, async (run) => {
        await runner.run({ ...sweepTask(plan, run), file: runFile(dir, run) });
        done++;
        progress?.update(done);
        if (typeof opts.progress === 'function') opts.progress({ done, total: plan.runs.length });
      });
    } finally {
      progress?.stop();
      await runner.close();
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const files = assembleSweep(dir, plan);
  return { dir, plan, total: plan.runs.length, skipped, ran: todo.length, workers: todo.length > 0 ? Math.min(workers, todo.length) : 0, seconds, files: { manifest: join(dir, 'manifest.json'), ...files } };
}
