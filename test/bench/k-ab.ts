// `npm run bench:k -- [rev] [--pairs N] [--one] [--ticks T]`: the whole K community (ten years, or T
// ticks; build included) on the working tree's library against the library at a git revision (default
// HEAD), in one process. Both are bundled with esbuild, warmed up with a run each, then run alternately
// (which goes first alternates too), with a collection and a pause between runs; on two threads unless
// --one. Prints each pair, the medians and the geometric mean of the paired ratios with a 95 % bootstrap
// interval, and whether both gave the same rows. On this project's host, separate processes differ from each other by more than
// most changes (performance.md, twelfth round): compare versions here, not across processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSync } from 'esbuild';

const args = process.argv.slice(2);
const flag = (name: string) => args.indexOf(name);
const pairsAt = flag('--pairs');
const pairs = pairsAt >= 0 ? Number(args[pairsAt + 1]) : 12;
if (!Number.isInteger(pairs) || pairs < 2) {
  console.error(`--pairs: got "${args[pairsAt + 1]}", expected a whole number of 2 or more`);
  process.exit(2);
}
const ticksAt = flag('--ticks');
const ticks = ticksAt >= 0 ? Number(args[ticksAt + 1]) : 520;
if (!Number.isInteger(ticks) || ticks < 1) {
  console.error(`--ticks: got "${args[ticksAt + 1]}", expected a whole number of 1 or more`);
  process.exit(2);
}
const one = flag('--one') >= 0;
const rev = args.find((a, k) => !a.startsWith('--') && args[k - 1] !== '--pairs' && args[k - 1] !== '--ticks') ?? 'HEAD';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const work = join(root, 'out', 'bench', 'k-ab');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'old'), { recursive: true });
try {
  // The library at the revision: its src and the scenarios src imports.
  const tar = join(work, 'old.tar');
  execFileSync('git', ['-C', root, 'archive', '--format=tar', '-o', tar, rev, 'src', 'sims'], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('tar', ['-xf', tar, '-C', join(work, 'old')]);
} catch {
  console.error(`rev: got "${rev}", expected a git revision of this repository`);
  process.exit(2);
}

/** A module exporting runK(two): one K community run from `src`, its seconds and its rows. */
const bundle = (name: string, src: string): string => {
  const entry = join(work, `${name}-entry.ts`);
  writeFileSync(
    entry,
    `import { performance } from 'node:perf_hooks';
import { createCoprod } from '${join(src, 'index.js')}';
import { kernelThread } from '${join(src, 'node', 'index.js')}';
export function runK(two: boolean): { seconds: number; rows: string } {
  const t0 = performance.now();
  const sim = createCoprod('k-community', { seed: 1, ticks: ${ticks}, ...(two ? { thread: kernelThread() } : {}) });
  sim.runToEnd();
  return { seconds: (performance.now() - t0) / 1000, rows: JSON.stringify(sim.rows) };
}
`,
  );
  const outfile = join(work, `${name}.mjs`);
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
  return outfile;
};
type Version = { runK(two: boolean): { seconds: number; rows: string } };
const A = (await import(pathToFileURL(bundle('old', join(work, 'old', 'src'))).href)) as Version;
const B = (await import(pathToFileURL(bundle('new', join(root, 'src'))).href)) as Version;

const gc = (globalThis as { gc?: () => void }).gc;
const pause = async () => {
  gc?.();
  // Long enough for the other version's kernel thread to stop spinning and sleep.
  await sleep(400);
};
const rowsOf: Record<'A' | 'B', string> = { A: A.runK(!one).rows, B: '' };
await pause();
rowsOf.B = B.runK(!one).rows;
const ra: number[] = [];
const rb: number[] = [];
console.log(`K community, ${ticks} ticks, ${one ? 'one thread' : 'two threads'}: A = ${rev}, B = the working tree; ${pairs} pairs in one process`);
for (let p = 0; p < pairs; p++) {
  for (const which of p % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
    await pause();
    const r = (which === 'A' ? A : B).runK(!one);
    (which === 'A' ? ra : rb).push(r.seconds);
  }
  console.log(`pair ${String(p + 1).padStart(2)}: A ${ra[p].toFixed(3)} s  B ${rb[p].toFixed(3)} s  B/A ${(rb[p] / ra[p]).toFixed(3)}`);
}
const logs = ra.map((a, k) => Math.log(rb[k] / a));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
// A fixed-seed bootstrap of the mean log ratio (the same data give the same interval).
let state = 12345;
const draw = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const boots = Array.from({ length: 4000 }, () => mean(logs.map(() => logs[Math.floor(draw() * logs.length)]))).sort((x, y) => x - y);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
console.log(
  `medians A ${median(ra).toFixed(3)} s, B ${median(rb).toFixed(3)} s; B/A ${Math.exp(mean(logs)).toFixed(3)} (95 % ${Math.exp(boots[100]).toFixed(3)}–${Math.exp(boots[3899]).toFixed(3)}); rows ${rowsOf.A === rowsOf.B ? 'the same' : 'DIFFER'}`,
);
process.exit(0);
