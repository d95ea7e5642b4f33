import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseScenario, type ScenarioSpec } from '../model/scenario.js';
import { ValidationError } from '../validate.js';

/**
 * Write a file atomically: to a temporary file beside it, flushed, then renamed over the target, so a
 * reader never sees half a file and a crash leaves the old one.
 *
 * @example
 * writeFileAtomic('out/rows.csv', csvText);
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** Read and validate a scenario JSON file; errors name the file and field. */
export function loadScenarioFile(path: string): ScenarioSpec {
  if (!existsSync(path)) throw new ValidationError([{ path: 'scenario', value: path, expected: 'a scenario name (coprod list) or an existing .json file' }]);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ValidationError([{ path: `scenario file ${path}`, value: (e as Error).message, expected: 'valid JSON' }]);
  }
  return parseScenario(data, `scenario file ${path}`);
}

/** A scenario argument: a catalogue name, or a path to a JSON file. */
export function scenarioArgument(arg: string): string | ScenarioSpec {
  return arg.endsWith('.json') || arg.includes('/') ? loadScenarioFile(arg) : arg;
}
