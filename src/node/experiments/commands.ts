import { Option, type Command } from 'commander';
import { parseWindow, type CompareOptions, type SensitivityOptions } from '../../experiments/run.js';
import { comparisonJson, comparisonSvg, comparisonTable, sensitivitySvg, sensitivityTable } from '../../experiments/report.js';
import { ValidationError } from '../../validate.js';
import { addRunFlags, parseSets, type RunFlags } from '../cli.js';
import { scenarioArgument, writeFileAtomic } from '../io.js';
import { compareParallel, sensitivityParallel } from './parallel.js';
import { runSweep } from './sweep.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function whole(flag: string, min: number) {
  return (text: string): number => {
    const x = Number(text);
    if (text.trim() === '' || !Number.isInteger(x) || x < min) throw new ValidationError([{ path: flag, value: text, expected: `a whole number >= ${min}` }]);
    return x;
  };
}

interface Common extends RunFlags {
  workers?: number;
  quiet?: boolean;
}

function base(scenarioArg: string, o: Common) {
  return { scenario: scenarioArgument(scenarioArg), seed: o.seed, ticks: o.ticks, set: parseSets(o.set), rules: o.rule, without: o.without };
}

/**
 * Add `sweep`, `compare` and `sensitivity` to the CLI program.
 *
 * @example
 * const program = buildProgram(); // calls registerExperimentCommands(program)
 */
export function registerExperimentCommands(program: Command): void {
  addRunFlags(
    program
      .command('sweep')
      .argument('<scenario>', 'scenario name (coprod list) or a scenario .json file')
      .description('run every combination (grid) or Latin-hypercube samples of parameters × replicates, in parallel; resumable')
      .option('--param <spec>', 'a parameter to vary: path=v1,v2,... or path=lo:hi:steps (grid), path=lo:hi (lhs); repeatable', collect, []),
  )
    .addOption(new Option('--design <kind>', 'grid (every combination) or lhs (Latin hypercube)').choices(['grid', 'lhs']).default('grid'))
    .option('--samples <n>', 'Latin-hypercube samples (with --design lhs)', whole('--samples', 1))
    .option('--reps <n>', 'replicates per design point', whole('--reps', 1), 1)
    .option('--workers <n>', 'worker threads (default: cores; 0 = this thread)', whole('--workers', 0))
    .option('--summary', 'one row per run (means over the run and final values) instead of one per tick')
    .requiredOption('--out <dir>', 'output directory (manifest.json, runs/, rows.csv, rows.jsonl); the same command resumes an interrupted sweep')
    .option('--quiet', 'no progress output')
    .action(async (scenarioArg: string, o: Common & { param: string[]; design: 'grid' | 'lhs'; samples?: number; reps: number; summary?: boolean; out: string }) => {
      const report = await runSweep({ ...base(scenarioArg, o), params: o.param, design: o.design, samples: o.samples, reps: o.reps, summary: !!o.summary, out: o.out, workers: o.workers, progress: !o.quiet });
      if (report.ran === 0) {
        process.stdout.write(`coprod sweep: all ${report.total} runs already done; outputs reassembled\n  ${report.files.csv}\n  ${report.files.jsonl}\n  ${report.files.manifest}\n`);
        return;
      }
      const rate = report.seconds > 0 ? report.ran / report.seconds : 0;
      const resumed = report.skipped ? ` (${report.skipped} already done, ${report.ran} run now)` : '';
      process.stdout.write(`coprod sweep: ${report.total} runs${resumed} on ${report.workers} worker${report.workers === 1 ? '' : 's'} in ${report.seconds.toFixed(1)} s (${rate.toFixed(2)} runs/s)\n  ${report.files.csv}\n  ${report.files.jsonl}\n  ${report.files.manifest}\n`);
    });

  addRunFlags(
    program
      .command('compare')
      .argument('<scenario>', 'scenario name (coprod list) or a scenario .json file')
      .description('paired comparison of two variants with common random numbers: means, difference, bootstrap CI, effect size')
      .requiredOption('--a <flags>', 'run flags of variant A, e.g. "--rule party-coordination@1-52" ("" = the scenario as is)')
      .requiredOption('--b <flags>', 'run flags of variant B'),
  )
    .option('--reps <n>', 'paired replicates', whole('--reps', 2), 10)
    .option('--window <from-to>', 'ticks each run is averaged over (default: all), e.g. 53-104')
    .option('--output <column>', 'output charted by --svg', 'participation')
    .option('--columns <list>', 'outputs to show in the table (comma-separated; default all)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--svg <file>', 'write an SVG chart of both mean curves with 95% bands')
    .option('--resamples <n>', 'bootstrap resamples', whole('--resamples', 100), 2000)
    .option('--workers <n>', 'worker threads (default: cores; 0 = this thread)', whole('--workers', 0))
    .option('--quiet', 'no progress output')
    .action(async (scenarioArg: string, o: Common & { a: string; b: string; reps: number; window?: string; output: string; columns?: string; format: string; svg?: string; resamples: number }) => {
      const opts: CompareOptions = { ...base(scenarioArg, o), a: o.a, b: o.b, reps: o.reps, window: o.window ? parseWindow(o.window) : undefined, output: o.output, resamples: o.resamples };
      const result = await compareParallel({ ...opts, workers: o.workers, progress: !o.quiet });
      const cols = o.columns?.split(',').map((s) => s.trim()).filter(Boolean);
      if (cols) {
        const unknown = cols.filter((c) => !result.columns.some((x) => x.output === c));
        if (unknown.length) throw new ValidationError(unknown.map((c) => ({ path: '--columns', value: c, expected: `an output column (${result.columns.map((x) => x.output).join(', ')})` })));
      }
      if (o.svg) writeFileAtomic(o.svg, comparisonSvg(result));
      process.stdout.write(o.format === 'json' ? JSON.stringify(comparisonJson(result), null, 1) + '\n' : comparisonTable(result, cols));
    });

  addRunFlags(
    program
      .command('sensitivity')
      .argument('<scenario>', 'scenario name (coprod list) or a scenario .json file')
      .description('elementary effects (Morris μ*, σ) of parameters on the mean of an output over a run')
      .option('--param <spec>', 'a parameter and its range: path=lo:hi (repeatable)', collect, []),
  )
    .addOption(new Option('--method <method>', 'morris (elementary effects) or oat (one at a time around the scenario)').choices(['morris', 'oat']).default('morris'))
    .option('--trajectories <n>', 'Morris trajectories (OAT: repetitions)', whole('--trajectories', 1), 10)
    .option('--levels <n>', 'Morris grid levels (even)', whole('--levels', 2), 4)
    .option('--output <column>', 'output column (its mean over the run, or --window)', 'participation')
    .option('--window <from-to>', 'ticks averaged (default: all)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--svg <file>', 'write an SVG chart of μ* against σ')
    .option('--workers <n>', 'worker threads (default: cores; 0 = this thread)', whole('--workers', 0))
    .option('--quiet', 'no progress output')
    .action(async (scenarioArg: string, o: Common & { param: string[]; method: 'morris' | 'oat'; trajectories: number; levels: number; output: string; window?: string; format: string; svg?: string }) => {
      const opts: SensitivityOptions = { ...base(scenarioArg, o), params: o.param, method: o.method, trajectories: o.trajectories, levels: o.levels, output: o.output, window: o.window ? parseWindow(o.window) : undefined };
      const result = await sensitivityParallel({ ...opts, workers: o.workers, progress: !o.quiet });
      if (o.svg) writeFileAtomic(o.svg, sensitivitySvg(result));
      process.stdout.write(o.format === 'json' ? JSON.stringify(result, null, 1) + '\n' : sensitivityTable(result));
    });
}
