import { createCoprod, type Registry, type RuleToggle } from '../model/create.js';
import type { ScenarioSpec } from '../model/scenario.js';
import type { Row } from '../simulation.js';
import { summarise, windowMeans } from './stats.js';

/**
 * One simulation run of an experiment, as plain data (it can be sent to a worker thread), and what to
 * bring back from it.
 */
export interface RunTask {
  readonly scenario: string | ScenarioSpec;
  readonly seed: string;
  readonly ticks: number;
  readonly set?: Readonly<Record<string, number>>;
  readonly rules?: readonly RuleToggle[];
  readonly without?: readonly string[];
  /** Bring back tidy rows: one per tick, or one summary row; `extra` columns (run, rep, seed, parameters) come first. */
  readonly rows?: { readonly summary: boolean; readonly extra: Readonly<Record<string, number | string>> };
  /** Bring back the mean of every numeric column over ticks from..to, and the per-tick values of some columns. */
  readonly stats?: { readonly from: number; readonly to: number; readonly curves?: readonly string[] };
  /** Node only: write the rows (JSON Lines) to this file atomically instead of bringing them back. */
  readonly file?: string;
}

/** What a {@link RunTask} brings back. */
export interface RunResult {
  readonly rows?: Row[];
  /** Rows produced (also when written to a file). */
  readonly rowCount: number;
  readonly means?: Record<string, number>;
  readonly curves?: Record<string, number[]>;
}

/**
 * Run one task in this thread (pure: any JavaScript environment).
 *
 * @example
 * executeTask({ scenario: 'baseline', seed: '1.abc', ticks: 10, stats: { from: 1, to: 10 } }).means?.participation;
 */
export function executeTask(task: RunTask, registry?: Registry): RunResult {
  const sim = createCoprod(task.scenario, { seed: task.seed, ticks: task.ticks, set: task.set, rules: task.rules, without: task.without, registry });
  sim.runToEnd();
  const rows = sim.rows;
  let out: Row[] | undefined;
  if (task.rows) {
    const extra = task.rows.extra;
    out = task.rows.summary ? [{ ...extra, ...summarise(rows) }] : rows.map((r) => ({ ...extra, ...r }));
  }
  let means: Record<string, number> | undefined;
  let curves: Record<string, number[]> | undefined;
  if (task.stats) {
    means = windowMeans(rows, task.stats.from, task.stats.to);
    curves = {};
    for (const c of task.stats.curves ?? []) curves[c] = rows.map((r) => r[c] as number);
  }
  return { rows: out, rowCount: out?.length ?? 0, means, curves };
}

/** Rows as JSON Lines (one JSON object per line, each ending with a newline). */
export function toJsonLines(rows: readonly Row[]): string {
  let s = '';
  for (const r of rows) s += JSON.stringify(r) + '\n';
  return s;
}
