import { ValidationError, show, type Issue } from './validate.js';

/**
 * One numeric parameter: default, range, unit and why it has that default.
 *
 * @example
 * const p: ParamSpec = { default: 0.5, min: 0, max: 1, unit: 'intensity', description: 'share of design opened to residents' };
 */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  readonly description: string;
  /** Where the default comes from: a seed, a published figure, or "guess: …". */
  readonly source?: string;
  readonly integer?: boolean;
}

/** Parameters by name. */
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** Resolved parameter values by name. */
export type ParamValues<S extends ParamSchema = ParamSchema> = { [K in keyof S]: number };

/** The defaults of a schema. */
export function defaults<S extends ParamSchema>(schema: S): ParamValues<S> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(schema)) out[k] = schema[k].default;
  return out as ParamValues<S>;
}

/** Describe a parameter's allowed values, for errors and listings. */
export function describeRange(spec: ParamSpec): string {
  return `${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}] (${spec.unit})`;
}

/** Check one value against its spec; returns an issue or null. */
export function checkParam(path: string, spec: ParamSpec, value: unknown): Issue | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max || (spec.integer && !Number.isInteger(value))) {
    return { path, value, expected: describeRange(spec) };
  }
  return null;
}

/**
 * Merge overrides into defaults, checking every name and range. `prefix` names the place in errors.
 *
 * @example
 * resolveParams(rule.params, { power: 0.8 }, 'empowerment'); // { power: 0.8, resources: …, … }
 */
export function resolveParams<S extends ParamSchema>(schema: S, overrides: Readonly<Record<string, unknown>> | undefined, prefix: string): ParamValues<S> {
  const out = defaults(schema) as Record<string, number>;
  const issues: Issue[] = [];
  for (const [k, value] of Object.entries(overrides ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    const spec = schema[k];
    if (!spec) {
      issues.push({ path, value, expected: `a known parameter (${Object.keys(schema).join(', ') || 'none'})` });
      continue;
    }
    const issue = checkParam(path, spec, value);
    if (issue) issues.push(issue);
    else out[k] = value as number;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out as ParamValues<S>;
}

/** Parse a CLI-style value ("0.3", "true", "false") into a number, or throw naming the path. */
export function parseParamValue(path: string, text: string): number {
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new ValidationError([{ path, value: text, expected: 'a number' }]);
  return x;
}

export { show };
