// docs/tutorial.md: every TypeScript snippet is a complete module and runs as written (with `coprod`
// pointed at this repository's sources); shell snippets use commands and flags the CLI has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/node/index.js';
import { ROOT, fencedBlocks, localImports, runModule } from './snippets.js';

const TUTORIAL = readFileSync(join(ROOT, 'docs', 'tutorial.md'), 'utf8');
const snippets = fencedBlocks(TUTORIAL, ['ts']);

/** What some snippets must print (by snippet number, 1-based). */
const EXPECT: Record<number, RegExp[]> = {
  1: [/^104$/m, /^participation 0\.\d+, trust in officials 0\.\d+$/m],
  3: [/^participation, year one 0\.\d{3}, year two 0\.\d{3}$/m, /week 1: [^\n']*rule_on:party-coordination/, /week 53: [^\n']*rule_off:party-coordination/],
  7: [/week 52 of 156/, /week 156 of 156/],
  10: [/^12 runs$/m],
  13: [/week \d+: [^\n]*meeting/, /week 10: [^\n]*curfew_start/, /week 41: rule_off:curfew/],
};

describe('docs/tutorial.md', () => {
  it('goes first run → rules → a case → experiments → your own rule', () => {
    const heads = [...TUTORIAL.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(heads.slice(0, 5)).toEqual(['1. A first model run', '2. Rules', '3. A case', '4. Experiments', '5. Your own rule']);
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    for (const s of snippets) expect(s).toMatch(/from 'coprod'/);
  });

  it.each(snippets.map((code, i) => [i + 1, code] as const))('snippet %i runs', (n, code) => {
    const r = runModule(`tutorial-${n}`, localImports(code) + '\nexport {};\n');
    expect(r.status, `${r.stderr}\n(module kept at ${r.file})`).toBe(0);
    for (const m of EXPECT[n] ?? []) expect(r.stdout).toMatch(m);
  });

  it('shell snippets name commands and flags the CLI has', () => {
    const program = buildProgram();
    const lines = fencedBlocks(TUTORIAL, ['sh']).flatMap((b) => b.split('\n')).filter((l) => l.startsWith('npx coprod '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const [, , name] = line.replace(/\s+[>|].*$/, '').split(/\s+/);
      const cmd = program.commands.find((c) => c.name() === name);
      expect(cmd, line).toBeDefined();
      const flags = new Set(cmd!.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      // Flags outside quotes only (quoted text is an argument, e.g. --a "--rule x").
      for (const f of line.replace(/"[^"]*"/g, '').match(/\s--?[a-z][\w-]*/g) ?? []) expect(flags, `${line}: ${f.trim()}`).toContain(f.trim());
    }
  });
});
