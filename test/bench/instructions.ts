// `npm run bench:instructions -- [rev]`: the instructions the K community's tick executes, counted by
// valgrind's callgrind (JIT-compiled code and WebAssembly included), for the working tree and, given a git
// revision, for the code at that revision. A count does not depend on the host's speed, which on the
// project's virtual machine moves by a quarter within minutes; repeated counts agree within about 5 % (the
// garbage collector and the compiler run at slightly different moments). Code that drops its optimised
// code mid-run counts far more here than it costs on the host: callgrind runs the compiler's thread in
// turn with the main one, so a long compile spans dozens of ticks of unoptimised code.
//
// Each version is bundled with esbuild and run for 26 and for 78 ticks under callgrind; the difference
// divided by 52 is the count per tick, without construction and warm-up. Needs valgrind (Debian package
// `valgrind`); a few minutes per version.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SHORT = 26;
const LONG = 78;
const rev = process.argv[2];
if (rev !== undefined && spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).status !== 0) {
  console.error(`rev: got "${rev}", expected a git revision (a commit, branch or tag)`);
  process.exit(2);
}
const out = resolve('out/bench');
mkdirSync(out, { recursive: true });

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind: not found, expected the Debian package valgrind (apt-get install valgrind)');
  process.exit(2);
}

/** Bundles the library at `dir` (a checkout's root) to out/bench/instr-<label>.mjs, next to node_modules' resolution. */
function bundle(dir: string, label: string): string {
  const file = join(out, `instr-${label}.mjs`);
  execFileSync('npx', ['esbuild', join(dir, 'src/index.ts'), '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${file}`, '--log-level=warning'], { stdio: 'inherit' });
  return file;
}

const runner = join(out, 'instr-run.mjs');
writeFileSync(runner, "const lib = await import(process.argv[2]);\nconst sim = lib.createCoprod('k-community', { seed: 1, ticks: Number(process.argv[3]) });\nsim.runToEnd();\nconsole.log(JSON.stringify(sim.rows[sim.rows.length - 1]));\n");

/** Instructions of one run of `ticks` ticks, and its last row. */
function count(lib: string, ticks: number): { instructions: number; last: string } {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--smc-check=all', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', runner, lib, String(ticks)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`callgrind run failed (status ${r.status}):\n${r.stderr.slice(-2000)}`);
  return { instructions: Number(m[1]), last: r.stdout.trim() };
}

function perTick(label: string, lib: string): { perTick: number; last: string } {
  const a = count(lib, SHORT);
  const b = count(lib, LONG);
  const value = (b.instructions - a.instructions) / (LONG - SHORT);
  console.log(`${label.padEnd(12)} ${(value / 1e6).toFixed(2)} M instructions per tick (${SHORT} ticks: ${(a.instructions / 1e9).toFixed(3)} G, ${LONG}: ${(b.instructions / 1e9).toFixed(3)} G)`);
  return { perTick: value, last: b.last };
}

const now = perTick('working tree', bundle('.', 'tree'));
if (rev) {
  const dir = mkdtempSync(join(tmpdir(), 'coprod-rev-'));
  try {
    const tar = execFileSync('git', ['archive', rev, 'src', 'sims', 'package.json'], { maxBuffer: 256 << 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    const then = perTick(rev, bundle(dir, 'rev'));
    console.log(`working tree / ${rev} = ${(now.perTick / then.perTick).toFixed(3)}; same last row: ${now.last === then.last}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
