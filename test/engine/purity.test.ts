// The engine (everything in src/ but src/node/) must run in browsers and workers and be reproducible:
// no ambient randomness or clocks, and no Node built-ins.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(root, 'src');
const excluded = join(srcDir, 'node');

const FORBIDDEN_CALLS: readonly [string, RegExp][] = [
  ['Math.random', /\bMath\s*(?:\?\.|\.)\s*random\b|\bMath\s*\[\s*['"`]random['"`]\s*\]/],
  ['Date.now', /\bDate\s*(?:\?\.|\.)\s*now\b|\bDate\s*\[\s*['"`]now['"`]\s*\]/],
  ['performance.now', /\bperformance\s*(?:\?\.|\.)\s*now\b|\bperformance\s*\[\s*['"`]now['"`]\s*\]/],
];

const BUILTINS = new Set([...builtinModules.filter((m) => !m.startsWith('_')), 'fs', 'path', 'os', 'worker_threads', 'child_process', 'url', 'crypto']);

function isBuiltin(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  return BUILTINS.has(spec.split('/')[0]);
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p !== excluded) out.push(...tsFiles(p));
    } else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** The module specifiers a file imports: static and type imports, re-exports, import(), require(). */
function importsOf(sf: ts.SourceFile): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
      specs.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) specs.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs;
}

/** Problems of one source text: forbidden calls (comments ignored) and Node built-in imports. */
function problems(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  // Printing without comments strips line comments, block comments and TSDoc, and leaves code and
  // string literals as they are.
  const code = ts.createPrinter({ removeComments: true }).printFile(sf);
  const out: string[] = [];
  for (const [name, re] of FORBIDDEN_CALLS) if (re.test(code)) out.push(`uses ${name}`);
  for (const spec of importsOf(sf)) if (isBuiltin(spec)) out.push(`imports Node built-in "${spec}"`);
  return out;
}

describe('engine purity', () => {
  const files = tsFiles(srcDir);

  it('finds the engine sources to check', () => {
    const names = files.map((f) => relative(srcDir, f).split(sep).join('/'));
    for (const core of ['random.ts', 'store.ts', 'network.ts', 'simulation.ts', 'workload.ts']) expect(names).toContain(core);
    expect(names.some((n) => n.startsWith('node/'))).toBe(false);
  });

  it('has no Math.random, Date.now or performance.now and no Node built-in imports outside src/node', () => {
    const offenders: string[] = [];
    for (const f of files) for (const p of problems(f, readFileSync(f, 'utf8'))) offenders.push(`${relative(root, f)}: ${p}`);
    expect(offenders).toEqual([]);
  });

  it('ignores mentions in comments and TSDoc but catches real uses (checker self-test)', () => {
    const clean = [
      '/** Never call Math.random() or Date.now(); see performance.now. */',
      '// import fs from "fs"; Math.random()',
      '/* Date.now() */ export const x = 1; // performance.now()',
      "import seedrandom from 'seedrandom';",
      "import type { A } from './fs.js';",
      'const url = "https://example.org/a//b"; const re = /\\/\\//;',
    ].join('\n');
    expect(problems('clean.ts', clean)).toEqual([]);
    expect(problems('a.ts', 'export const u = () => Math.random();')).toEqual(['uses Math.random']);
    expect(problems('b.ts', 'const t = Date.now();')).toEqual(['uses Date.now']);
    expect(problems('c.ts', 'const t = globalThis.performance.now();')).toEqual(['uses performance.now']);
    expect(problems('d.ts', "const r = Math['random'];")).toEqual(['uses Math.random']);
    expect(problems('e.ts', "import { readFileSync } from 'node:fs';")).toEqual(['imports Node built-in "node:fs"']);
    expect(problems('f.ts', "import path from 'path';")).toEqual(['imports Node built-in "path"']);
    expect(problems('g.ts', "export * from 'fs/promises';")).toEqual(['imports Node built-in "fs/promises"']);
    expect(problems('h.ts', "const w = await import('worker_threads');")).toEqual(['imports Node built-in "worker_threads"']);
    expect(problems('i.ts', "const c = require('child_process');")).toEqual(['imports Node built-in "child_process"']);
    expect(problems('j.ts', "import type { URL } from 'url';")).toEqual(['imports Node built-in "url"']);
    expect(problems('k.ts', "import * as c from 'crypto'; import o from 'os';")).toEqual(['imports Node built-in "crypto"', 'imports Node built-in "os"']);
    expect(problems('l.ts', "type T = import('node:worker_threads').Worker;")).toEqual(['imports Node built-in "node:worker_threads"']);
  });
});

describe('engine-independent arithmetic', () => {
  // ECMAScript lets engines approximate these differently (Node 20 and Chromium 156 differ in the last
  // bit), so the simulation core and the scenarios use src/math.ts instead.
  const APPROXIMATED = /\bMath\s*\.\s*(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/;
  const simDirs = ['random.ts', 'network.ts', 'store.ts', 'simulation.ts', 'workload.ts', 'model', 'rules'].map((p) => join(srcDir, p));
  const simFiles = [...tsFiles(srcDir).filter((f) => simDirs.some((d) => f === d || f.startsWith(d + sep))), ...tsFiles(join(root, 'sims'))];

  it('uses no engine-approximated Math function in the simulation core or the scenarios', () => {
    const offenders: string[] = [];
    for (const f of simFiles) {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const code = ts.createPrinter({ removeComments: true }).printFile(sf);
      const m = APPROXIMATED.exec(code);
      if (m) offenders.push(`${relative(root, f)}: uses ${m[0]} (use src/math.ts)`);
      if (/\*\*/.test(code)) offenders.push(`${relative(root, f)}: uses ** (engine-approximated; use pow from src/math.ts)`);
    }
    expect(offenders).toEqual([]);
  });
});
