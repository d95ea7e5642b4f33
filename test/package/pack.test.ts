/**
 * The package as users get it: `npm pack` (which builds dist/ through `prepare`), then install the
 * tarball into an empty project and use it there as a user would: ESM import from Node, types with
 * `tsc` (NodeNext), the `coprod` command on the path, and a browser bundle of the core with esbuild
 * that must not pull any Node built-in. Bundle sizes go to test/artifacts/bundle-size.json.
 *
 * Needs registry access for the package's own dependencies. Set COPROD_KEEP_TMP=1 to keep the temp
 * folders for inspection.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type BuildResult, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const ARTIFACTS = join(REPO, 'test', 'artifacts');

let tmp = '';
let consumer = '';
let tarball = '';
let packed: { files: { path: string }[]; size: number; unpackedSize: number } | undefined;

/** The environment without npm's per-script variables, so that nested npm calls act on their own cwd. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS') env[k] = v;
  return env;
}

function sh(cmd: string, args: readonly string[], cwd: string, timeout = 180_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout, maxBuffer: 64 * 1024 * 1024 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'coprod-pack-'));
  const dest = join(tmp, 'pack');
  mkdirSync(dest);
  const out = ok(sh('npm', ['pack', '--json', '--pack-destination', dest], REPO, 240_000), 'npm pack');
  packed = JSON.parse(out.slice(out.indexOf('[')))[0];
  const tgz = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  expect(tgz).toHaveLength(1);
  tarball = join(dest, tgz[0]);
  consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'coprod-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  ok(sh('npm', ['install', tarball, '--prefix', consumer, '--no-audit', '--no-fund', '--loglevel=error'], consumer, 240_000), 'npm install <tarball>');
}, 480_000);

afterAll(() => {
  if (tmp && !process.env.COPROD_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed coprod package', () => {
  it('ships the built library, CLI and docs, and no sources or tests', () => {
    const files = packed!.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/notebook.js', 'dist/src/node/index.js', 'dist/src/node/cli.js', 'dist/sims/index.js']) expect(files, f).toContain(f);
    const stray = files.filter((f) => /^(src|test|viz|node_modules|\.ci)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) || f.startsWith('dist/test/') || f.startsWith('dist/viz/'));
    expect(stray).toEqual([]);
  });

  it('imports as ESM from Node and runs a small scenario', () => {
    const code = [
      "import { createCoprod, runRows, VERSION } from 'coprod';",
      "const sim = createCoprod('baseline', { seed: 3, ticks: 3, set: { 'population.residents': 200, 'population.households': 80 } });",
      'sim.runToEnd();',
      "const rows = runRows('baseline', { seed: 3, ticks: 3, set: { 'population.residents': 200, 'population.households': 80 }, columns: ['participation'] });",
      'console.log(JSON.stringify({ version: VERSION, rows: sim.rows, notebook: rows }));',
    ].join('\n');
    const out = JSON.parse(ok(sh(process.execPath, ['--input-type=module', '-e', code], consumer), 'node -e import'));
    expect(out.rows).toHaveLength(3);
    expect(out.rows[0]).toMatchObject({ tick: 1, residents: 200 });
    expect(out.rows[2].participation).toBeTypeOf('number');
    expect(out.notebook).toEqual(out.rows.map((r: { tick: number; participation: number }) => ({ tick: r.tick, participation: r.participation })));
    expect(out.version).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it('runs experiments on worker threads from the installed coprod/node', () => {
    const code = [
      "import { compare } from 'coprod';",
      "import { createPoolRunner } from 'coprod/node';",
      'const runner = createPoolRunner(2);',
      "try { const c = await compare({ scenario: 'baseline', a: '', b: '--rule empowerment', reps: 2, ticks: 3, resamples: 100, runner, set: { 'population.residents': 200, 'population.households': 80 } });",
      "  console.log(JSON.stringify(c.columns.find((x) => x.output === 'participation'))); } finally { await runner.close(); }",
    ].join('\n');
    const out = JSON.parse(ok(sh(process.execPath, ['--input-type=module', '-e', code], consumer), 'node -e coprod/node'));
    expect(out.n).toBe(2);
  });

  it('resolves types for a TypeScript consumer (NodeNext, strict, no skipLibCheck)', () => {
    writeFileSync(
      join(consumer, 'core.ts'),
      `import { createCoprod, defineRule, runRows, compareRows, type CoprodModel, type Row, type ScenarioSpec } from 'coprod';

const spec: ScenarioSpec = { name: 'my-case', title: 'My case', description: 'Checks from week 3.', ticks: 6,
  params: { 'population.residents': 300, 'population.households': 110 }, rules: [{ name: 'checks-and-balances', from: 3 }] };

const audit = defineRule<CoprodModel, Record<string, never>>({
  name: 'audit', description: 'counts weeks', params: {},
  phases: { record: ({ memory }) => { memory.weeks = (memory.weeks ?? 0) + 1; } },
});

const sim = createCoprod(spec, { seed: 1, rules: ['audit', 'party-coordination@1-3'], registry: { rules: [audit] } });
sim.runToEnd();
const last: Row | undefined = sim.rows.at(-1);
const trust: number | string | undefined = last?.trust_officials;
const rows: Row[] = runRows('baseline', { ticks: 2, columns: ['participation'] });
const arms: Promise<Row[]> = compareRows(spec, { a: '', b: { rules: ['empowerment'] }, reps: 2 });
// @ts-expect-error unknown option
createCoprod('baseline', { tiks: 3 });
export { trust, rows, arms };
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['core.ts'] }, null, 2),
    );
    ok(sh(process.execPath, [TSC, '-p', join(consumer, 'tsconfig.json'), '--noEmit'], consumer), 'tsc (coprod)');
    // The Node part, with Node's types (taken from the repo).
    writeFileSync(
      join(consumer, 'node.ts'),
      `import { createPoolRunner, loadScenarioFile } from 'coprod/node';
import { sweepRows } from 'coprod';
const runner = createPoolRunner(2);
export const rows = sweepRows('baseline', { params: { 'trust.loss': [0.1, 0.2] }, runner }).finally(() => runner.close());
export { loadScenarioFile };
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.node.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(REPO, 'node_modules', '@types')] }, files: ['node.ts'] }, null, 2),
    );
    ok(sh(process.execPath, [TSC, '-p', join(consumer, 'tsconfig.node.json'), '--noEmit'], consumer), 'tsc (coprod/node)');
  });

  it("types a user's rule with parameters in a registry without a cast (the README's 'Your own rule')", () => {
    writeFileSync(
      join(consumer, 'rule.ts'),
      `import { createCoprod, defineRule, type CoprodModel } from 'coprod';
const curfew = defineRule<CoprodModel, { strictness: { default: number; min: number; max: number; unit: string; description: string } }>({
  name: 'curfew',
  description: 'Taking part costs more in the evening.',
  params: { strictness: { default: 0.5, min: 0, max: 1, unit: 'intensity 0..1', description: 'how strict' } },
  phases: { commitment: ({ model, params }) => { model.levers.cost *= 1 + params.strictness; } },
});
export const sim = createCoprod('baseline', { rules: ['curfew@10-30'], registry: { rules: [curfew] } });
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.rule.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['rule.ts'] }, null, 2),
    );
    ok(sh(process.execPath, [TSC, '-p', join(consumer, 'tsconfig.rule.json'), '--noEmit'], consumer), 'tsc (user rule)');
  });

  it('puts the coprod command on the path', () => {
    const list = ok(sh('npx', ['--no', 'coprod', 'list'], consumer), 'npx coprod list');
    expect(list).toMatch(/^\s+baseline\s+/m);
    expect(list).toMatch(/^\s+empowerment\s+/m);
    const run = ok(sh(join(consumer, 'node_modules', '.bin', 'coprod'), ['run', 'baseline', '--ticks', '2', '--format', 'json'], consumer), 'coprod run');
    const json = JSON.parse(run);
    expect(json.scenario).toBe('baseline');
    expect(json.rows).toHaveLength(2);
    expect(json.rows[1].tick).toBe(2);
  });

  describe('in a browser bundle', () => {
    const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
    const isBuiltin = (p: string) => p.startsWith('node:') || builtins.has(p.split('/')[0]);
    /** Inputs of a bundle that are Node built-ins (ones a package's `browser` field disables are fine). */
    const nodeInputs = (meta: Metafile) => Object.keys(meta.inputs).filter((p) => !p.startsWith('(disabled):') && isBuiltin(p));

    const bundle = (contents: string, format: 'esm' | 'iife' = 'esm'): Promise<BuildResult<{ write: false; metafile: true }>> =>
      build({ stdin: { contents, resolveDir: consumer, loader: 'js', sourcefile: 'entry.js' }, bundle: true, platform: 'browser', format, target: 'es2022', minify: true, write: false, metafile: true, logLevel: 'silent', globalName: format === 'iife' ? 'coprod' : undefined });

    it('bundles the core without Node built-ins, runs it in a bare JavaScript context and reports its size', async () => {
      const sizes: Record<string, { minified: number; gzipped: number }> = {};
      for (const [name, entry] of [
        ['createCoprod', "import { createCoprod } from 'coprod'; globalThis.createCoprod = createCoprod;"],
        ['runRows', "import { runRows } from 'coprod'; globalThis.runRows = runRows;"],
        ['everything', "import * as coprod from 'coprod'; globalThis.coprod = coprod;"],
      ] as const) {
        const r = await bundle(entry);
        expect(r.errors).toEqual([]);
        expect(nodeInputs(r.metafile)).toEqual([]);
        const code = r.outputFiles[0].contents;
        sizes[name] = { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
      }
      // The bundle runs where there is no Node at all: no process, no require, no timers.
      const iife = await bundle("export { createCoprod, runRows } from 'coprod';", 'iife');
      const ctx: Record<string, unknown> = {};
      runInNewContext(`${iife.outputFiles[0].text}\nresult = JSON.stringify(coprod.runRows('baseline', { seed: 1, ticks: 2, set: { 'population.residents': 150, 'population.households': 60 }, columns: ['participation'] }));`, ctx);
      expect(JSON.parse(ctx.result as string)).toHaveLength(2);
      const report = { esbuild: esbuildVersion, platform: 'browser', format: 'esm', minify: true, gzip: 'zlib level 9', bytes: sizes, tarball: { packed: packed!.size, unpacked: packed!.unpackedSize } };
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, 'bundle-size.json'), JSON.stringify(report, null, 2) + '\n');
      console.log(`browser bundle of createCoprod: ${sizes.createCoprod.minified} B minified, ${sizes.createCoprod.gzipped} B gzipped; whole core: ${sizes.everything.minified} / ${sizes.everything.gzipped} B`);
      expect(sizes.createCoprod.minified).toBeGreaterThan(1000);
    });

    it('would catch a Node built-in: bundling coprod/node for the browser fails (check of the check)', async () => {
      const failed = await bundle("export * from 'coprod/node';").then(
        (r) => nodeInputs(r.metafile),
        (e: { errors?: { text: string }[] }) => (e.errors ?? []).map((x) => x.text),
      );
      expect(failed.join('\n')).toMatch(/node:|worker_threads|fs|os|path|url|module/);
    });
  });
});
