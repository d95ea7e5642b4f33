/** One problem found in an input: where, what was there, what was expected. */
export interface Issue {
  readonly path: string;
  readonly value: unknown;
  readonly expected: string;
}

/**
 * Thrown for bad input. The message has one line per issue: `path: got VALUE, expected WHAT`.
 *
 * @example
 * try { validate(schema, input, 'scenario') } catch (e) { if (e instanceof ValidationError) console.error(e.message) }
 */
export class ValidationError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Render a value short and unambiguous for an error line. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return 'an object';
}

function formatIssue(i: Issue): string {
  return `${i.path || '(root)'}: got ${show(i.value)}, expected ${i.expected}`;
}

/** A check of one value; pushes issues and returns the (possibly defaulted) value. */
export interface Schema<T> {
  readonly describe: string;
  check(value: unknown, path: string, issues: Issue[]): T;
}

/** Validate a value against a schema; throws {@link ValidationError} listing every issue. */
export function validate<T>(schema: Schema<T>, value: unknown, path = ''): T {
  const issues: Issue[] = [];
  const out = schema.check(value, path, issues);
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Schema builders for scenarios and configs. */
export const v = {
  number(opts: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
    const parts: string[] = [opts.integer ? 'an integer' : 'a number'];
    if (opts.min !== undefined && opts.max !== undefined) parts.push(`in [${opts.min}, ${opts.max}]`);
    else if (opts.min !== undefined) parts.push(`>= ${opts.min}`);
    else if (opts.max !== undefined) parts.push(`<= ${opts.max}`);
    const describe = parts.join(' ');
    return {
      describe,
      check(value, path, issues) {
        if (typeof value !== 'number' || !Number.isFinite(value) || (opts.integer && !Number.isInteger(value)) || (opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) {
          issues.push({ path, value, expected: describe });
        }
        return value as number;
      },
    };
  },
  string(opts: { oneOf?: readonly string[] } = {}): Schema<string> {
    const describe = opts.oneOf ? `one of ${opts.oneOf.map((s) => JSON.stringify(s)).join(', ')}` : 'a string';
    return {
      describe,
      check(value, path, issues) {
        if (typeof value !== 'string' || (opts.oneOf && !opts.oneOf.includes(value))) issues.push({ path, value, expected: describe });
        return value as string;
      },
    };
  },
  boolean(): Schema<boolean> {
    return {
      describe: 'true or false',
      check(value, path, issues) {
        if (typeof value !== 'boolean') issues.push({ path, value, expected: 'true or false' });
        return value as boolean;
      },
    };
  },
  optional<T>(inner: Schema<T>, fallback?: T): Schema<T | undefined> {
    return {
      describe: `${inner.describe} (optional)`,
      check(value, path, issues) {
        if (value === undefined) return fallback;
        return inner.check(value, path, issues);
      },
    };
  },
  array<T>(item: Schema<T>, opts: { min?: number } = {}): Schema<T[]> {
    const describe = `an array of ${item.describe}`;
    return {
      describe,
      check(value, path, issues) {
        if (!Array.isArray(value)) {
          issues.push({ path, value, expected: describe });
          return [];
        }
        if (opts.min !== undefined && value.length < opts.min) issues.push({ path, value, expected: `at least ${opts.min} entries` });
        return value.map((x, i) => item.check(x, join(path, i), issues));
      },
    };
  },
  record<T>(item: Schema<T>): Schema<Record<string, T>> {
    const describe = `an object of ${item.describe}`;
    return {
      describe,
      check(value, path, issues) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          issues.push({ path, value, expected: describe });
          return {};
        }
        const out: Record<string, T> = {};
        for (const [k, x] of Object.entries(value)) out[k] = item.check(x, join(path, k), issues);
        return out;
      },
    };
  },
  object<T extends Record<string, unknown>>(fields: { [K in keyof T]: Schema<T[K]> }, opts: { strict?: boolean } = { strict: true }): Schema<T> {
    const keys = Object.keys(fields);
    const describe = 'an object';
    return {
      describe,
      check(value, path, issues) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          issues.push({ path, value, expected: describe });
          return {} as T;
        }
        const src = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          const r = (fields as Record<string, Schema<unknown>>)[k].check(src[k], join(path, k), issues);
          if (r !== undefined) out[k] = r;
        }
        if (opts.strict !== false) {
          for (const k of Object.keys(src)) {
            if (!keys.includes(k)) issues.push({ path: join(path, k), value: src[k], expected: `no such field (allowed: ${keys.join(', ')})` });
          }
        }
        return out as T;
      },
    };
  },
  custom<T>(describe: string, ok: (value: unknown) => boolean): Schema<T> {
    return {
      describe,
      check(value, path, issues) {
        if (!ok(value)) issues.push({ path, value, expected: describe });
        return value as T;
      },
    };
  },
};
