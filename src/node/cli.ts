#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { availableRules, createCoprod, mergeRegistries, parameterSpace, resolveScenario } from '../model/create.js';
import { listScenarios, scenarioRegistry } from '../catalogue.js';
import { toCsv, toTable } from '../format.js';
import type { KernelsName } from '../model/kernels.js';
import { parseParamValue } from '../params.js';
import { ValidationError } from '../validate.js';
import { VERSION } from '../version.js';
import { scenarioArgument, writeFileAtomic } from './io.js';
import { registerExperimentCommands } from './experiments/commands.js';
import { kernelThread } from './thread.js';


/** Columns the table format shows (csv and json show all). */
export const TABLE_COLUMNS = ['tick', 'participation', 'participation_substantive', 'participation_formal', 'trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'match', 'value', 'transaction_cost', 'teams', 'gini', 'events'];

const collect = (v: string, prev: string[]) => [...prev, v];

/** Parse repeated `--set path=value` flags. */
export function parseSets(sets: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ValidationError([{ path: '--set', value: s, expected: 'path=value, e.g. --set trust.loss=0.2' }]);
    const path = s.slice(0, eq).trim();
    out[path] = parseParamValue(`--set ${path}`, s.slice(eq + 1).trim());
  }
  return out;
}

function parseWhole(flag: string, min: number) {
  return (text: string): number => {
    const x = Number(text);
    if (text.trim() === '' || !Number.isInteger(x) || x < min) throw new ValidationError([{ path: flag, value: text, expected: `a whole number >= ${min}` }]);
    return x;
  };
}

/** The flags `run` shares with `compare` and `sweep`: scenario overrides. */
export interface RunFlags {
  seed?: number;
  ticks?: number;
  set: string[];
  rule: string[];
  without: string[];
}

/** Add the shared run flags to a command. */
export function addRunFlags(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'root seed (integer)', parseWhole('--seed', 0))
    .option('--ticks <n>', 'ticks (weeks) to run', parseWhole('--ticks', 0))
    .option('--set <path=value>', 'set a parameter (repeatable); see coprod list --params <scenario>', collect, [])
    .option('--rule <name[@from[-to]]>', 'put a rule in force, optionally scheduled (repeatable)', collect, [])
    .option('--without <name>', 'switch a rule off (repeatable)', collect, []);
}

/** Build the CLI program (exported so tests and extensions can add commands). */
export function buildProgram(): Command {
  const program = new Command();
  program.name('coprod').description('Agent-based simulation of community co-production (共建共治共享).').version(VERSION);
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });

  addRunFlags(program.command('run').argument('<scenario>', 'scenario name (coprod list) or a scenario .json file').description('run a scenario and print one row per tick'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <file>', 'write to a file (atomically) instead of standard output')
    .addOption(new Option('--kernels <name>', 'which implementation runs the hot loops; both give the same rows (auto: WebAssembly where the engine has it)').choices(['auto', 'wasm', 'js']).default('auto'))
    .option('--thread', 'run half the rows of the largest passes on a second thread: the same rows, sooner for tens of thousands of residents or more')
    .action((scenarioArg: string, o: RunFlags & { format: string; out?: string; kernels: KernelsName | 'auto'; thread?: boolean }) => {
      if (o.thread && o.kernels === 'js') throw new ValidationError([{ path: '--thread', value: `--kernels ${o.kernels}`, expected: "--kernels wasm or auto (the thread runs the WebAssembly kernels)" }]);
      const sim = createCoprod(scenarioArgument(scenarioArg), { seed: o.seed, ticks: o.ticks, set: parseSets(o.set), rules: o.rule, without: o.without, kernels: o.kernels, thread: o.thread ? kernelThread() : undefined });
      sim.runToEnd();
      let text: string;
      if (o.format === 'json') {
        text = JSON.stringify({ scenario: sim.scenario.name, seed: /^-?\d+$/.test(sim.seed) ? Number(sim.seed) : sim.seed, params: sim.params, rules: sim.ruleUses.map((r) => ({ name: r.name, from: r.schedule?.from ?? 1, to: r.schedule?.to ?? null })), kernels: sim.model.kernels.name, rows: sim.rows }, null, 1) + '\n';
      } else if (o.format === 'csv') text = toCsv(sim.rows);
      else text = toTable(sim.rows, TABLE_COLUMNS);
      if (o.out) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
    });

  program
    .command('list')
    .description('list scenarios and rules, one line each; with --params, every parameter of a scenario')
    .option('--params <scenario>', 'print every parameter path with its unit, default and range')
    .action((o: { params?: string }) => {
      if (o.params) {
        const { values, kindNames, registry } = resolveScenario(scenarioArgument(o.params));
        const space = parameterSpace(registry, kindNames);
        const rows = [...space.entries()].map(([path, spec]) => ({ path, value: values[path], unit: spec.unit, default: spec.default, range: `[${spec.min}, ${spec.max}]` }));
        process.stdout.write(toTable(rows, ['path', 'value', 'default', 'range', 'unit'], null));
        return;
      }
      const lines: string[] = ['Scenarios:'];
      const scen = listScenarios();
      const w = Math.max(...scen.map((s) => s.name.length));
      for (const s of scen) lines.push(`  ${s.name.padEnd(w)}  ${s.title}`);
      lines.push('Rules:');
      const rules = availableRules(mergeRegistries(...scen.map((s) => scenarioRegistry(s.name))));
      const rw = Math.max(...rules.map((r) => r.name.length));
      for (const r of rules) lines.push(`  ${r.name.padEnd(rw)}  ${r.description}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
  registerExperimentCommands(program);
  return program;
}

/** Run the CLI; returns the exit code (0 ok, 2 bad input, 1 other failure). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof ValidationError) {
      process.stderr.write(e.message.split('\n').map((l) => `coprod: ${l}`).join('\n') + '\n');
      return 2;
    }
    process.stderr.write(`coprod: ${(e as Error).message}\n`);
    return 1;
  }
}

const invoked = process.argv[1] ?? '';
if (/cli\.(js|ts)$/.test(invoked) || invoked.endsWith('/coprod')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
