import type { RuleToggle } from '../model/create.js';
import { parseParamValue } from '../params.js';
import { ValidationError, type Issue } from '../validate.js';

/** The run flags one side of a comparison may change. */
export interface SideFlags {
  readonly set?: Readonly<Record<string, number>>;
  readonly rules?: readonly RuleToggle[];
  readonly without?: readonly string[];
}

/** Split a command-line text into words (single and double quotes group, backslash escapes). */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new ValidationError([{ path: 'flags', value: text, expected: 'balanced quotes' }]);
  if (has) out.push(cur);
  return out;
}

/**
 * Parse the run flags of one side of a comparison: `--set path=value`, `--rule name[@from[-to]]` and
 * `--without name`, repeatable, as one string; an empty string is the scenario as it is.
 *
 * @example
 * parseSideFlags('--rule party-coordination@1-52 --set trust.loss=0.2', '--a');
 * // { set: { 'trust.loss': 0.2 }, rules: ['party-coordination@1-52'], without: [] }
 */
export function parseSideFlags(text: string, where = '--a'): { set: Record<string, number>; rules: string[]; without: string[] } {
  const words = splitWords(text);
  const set: Record<string, number> = {};
  const rules: string[] = [];
  const without: string[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i];
    let value: string | undefined;
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 2) {
      value = w.slice(eq + 1);
      w = w.slice(0, eq);
    }
    if (w !== '--set' && w !== '--rule' && w !== '--without') {
      issues.push({ path: where, value: words[i], expected: 'only --set path=value, --rule name[@from[-to]] and --without name (seed and ticks are common to both sides)' });
      continue;
    }
    if (value === undefined) {
      value = words[i + 1];
      if (value === undefined || value.startsWith('--')) {
        issues.push({ path: `${where} ${w}`, value: undefined, expected: w === '--set' ? 'path=value' : 'a rule name' });
        continue;
      }
      i++;
    }
    if (w === '--set') {
      const k = value.indexOf('=');
      if (k <= 0) {
        issues.push({ path: `${where} --set`, value, expected: 'path=value, e.g. --set trust.loss=0.2' });
        continue;
      }
      const path = value.slice(0, k).trim();
      try {
        set[path] = parseParamValue(`${where} --set ${path}`, value.slice(k + 1).trim());
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(...e.issues);
      }
    } else if (w === '--rule') rules.push(value);
    else without.push(value);
  }
  if (issues.length) throw new ValidationError(issues);
  return { set, rules, without };
}

/** One side's flags as text (for tables and manifests). */
export function formatSideFlags(s: SideFlags): string {
  const parts: string[] = [];
  for (const [k, x] of Object.entries(s.set ?? {})) parts.push(`--set ${k}=${x}`);
  for (const r of s.rules ?? []) parts.push(`--rule ${typeof r === 'string' ? r : `${r.name}${r.from !== undefined ? `@${r.from}${r.to !== undefined ? `-${r.to}` : ''}` : ''}`}`);
  for (const w of s.without ?? []) parts.push(`--without ${w}`);
  return parts.join(' ');
}
