// The reference workload (src/workload.ts) on coprod's engine, the hand-written typed-array loop
// and two JavaScript ABM libraries (Flocc, AgentScript) written the way their own docs teach, all in
// one process on identical network ties, initial trust and random draws. Prints ms per tick and
// the ratio of each to coprod, checks the four trajectories agree, and writes
// <outDir>/bench.json and <outDir>/bench.svg.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type { Network } from '../../src/index.js';
import { createWorkloadSimulation, workloadNetwork } from '../../src/workload.js';
import { createAgentScript } from './agentscript.js';
import { createFlocc } from './flocc.js';
import { createHandwritten } from './handwritten.js';
import { collect, settle } from './settle.js';

export type ImplName = 'coprod' | 'handwritten' | 'flocc' | 'agentscript';
const IMPLS: readonly ImplName[] = ['coprod', 'handwritten', 'flocc', 'agentscript'];
const LABEL: Record<ImplName, string> = { coprod: 'coprod engine', handwritten: 'hand-written loop', flocc: 'Flocc', agentscript: 'AgentScript' };
const COLOR: Record<ImplName, string> = { coprod: '#1f77b4', handwritten: '#7f7f7f', flocc: '#d62728', agentscript: '#2ca02c' };
/** The hand-written loop is dashed: it usually lies on top of coprod's line. */
const DASH: Record<ImplName, string> = { coprod: '', handwritten: ' stroke-dasharray="6 4"', flocc: '', agentscript: '' };

type Rows = readonly { mean_trust: number; participation: number }[];

interface Runner {
  tick(): void;
  readonly rows: Rows;
}

/** Figures of one implementation at one size. */
export interface LibraryBenchEntry {
  impl: ImplName;
  /** Median ms per tick over the timed ticks; null when the implementation was not run at this size. */
  ms_per_tick: number | null;
  /** ms_per_tick / coprod's ms_per_tick (coprod itself: 1). */
  ratio_to_coprod: number | null;
  ticks_timed: number;
  /** Ticks run in all (warm-up included): the length of the compared trajectory. */
  ticks_total: number;
  setup_ms: number | null;
  /** Growth of JS heap + ArrayBuffers while building the model (after a full GC), per resident; network excluded. */
  heap_bytes_per_resident: number | null;
  /** Max |difference| of mean trust / participation from the hand-written loop's, tick by tick. */
  max_abs_diff_mean_trust: number | null;
  max_abs_diff_participation: number | null;
  /** Bit-for-bit equal trajectories. */
  identical: boolean | null;
  /** 'same': every difference within the tolerance; 'differs' otherwise; null when not run. */
  trajectories: 'same' | 'differs' | null;
  note?: string;
}

export interface LibraryBenchSize {
  residents: number;
  /** 3 standard errors of a participation share, sqrt(p(1-p)/n), p the hand-written run's mean participation. */
  tolerance: number;
  entries: LibraryBenchEntry[];
}

export interface LibraryBenchResult {
  workload: string;
  seed: number;
  node: string;
  date: string;
  method: string;
  sizes: LibraryBenchSize[];
}

/** Timed ticks wanted per size (as in reference.ts). */
function ticksFor(n: number): number {
  return n >= 1_000_000 ? 10 : n >= 100_000 ? 30 : 100;
}
const WARMUP_TICKS = 2;
/** Time budget per implementation per size for the timed ticks; slower implementations time fewer ticks. */
const BUDGET_MS = 60_000;
/** Never fewer timed ticks than this (unless the warm-up alone blew the budget several times over). */
const MIN_TICKS = 3;
/** Share of the heap limit a model may be projected to fill before it is skipped. */
const HEAP_HEADROOM = 0.8;


/** JS heap plus ArrayBuffer backing stores (typed arrays live outside the heap proper). */
function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function build(impl: ImplName, seed: number, n: number, net: Network): Runner {
  switch (impl) {
    case 'coprod': {
      const sim = createWorkloadSimulation(seed, { residents: n }, net);
      return {
        tick: () => void sim.tickOnce(),
        get rows() {
          return sim.rows as unknown as Rows;
        },
      };
    }
    case 'handwritten':
      return createHandwritten(seed, n, net);
    case 'flocc':
      return createFlocc(seed, n, net);
    case 'agentscript':
      return createAgentScript(seed, n, net);
  }
}

function fmt(x: number | null, digits = 2): string {
  if (x === null) return '—';
  if (x >= 1000) return x.toFixed(0);
  if (x >= 100) return x.toFixed(1);
  return x.toFixed(digits);
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Run the library comparison. For each size: build every implementation on the same network, warm up,
 * then time rounds in which each implementation ticks once (the order rotating per round so drift and
 * GC pressure hit all alike), and report the median. An implementation whose projected heap would not
 * fit is skipped, and one whose ticks are slow times fewer ticks (both noted).
 */
export async function runLibraryBench(opts: { sizes: number[]; seed?: number; outDir?: string; /** Subset to run (default all four). */ impls?: readonly ImplName[] }): Promise<LibraryBenchResult> {
  const impls = IMPLS.filter((i) => !opts.impls || opts.impls.includes(i));
  const seed = opts.seed ?? 1;
  const outDir = opts.outDir ? resolve(opts.outDir) : fileURLToPath(new URL('../artifacts/', import.meta.url));
  const heapLimit = getHeapStatistics().heap_size_limit;
  /** Bytes per resident measured at the largest size so far, to project the next size's heap. */
  const perResident = new Map<ImplName, number>();
  const result: LibraryBenchResult = {
    workload: 'reference workload (src/workload.ts): Watts–Strogatz, mean degree 10, synchronous trust/participation update',
    seed,
    node: process.version,
    date: new Date().toISOString(),
    method:
      `median ms per tick over interleaved rounds (order rotates per round), after ${WARMUP_TICKS} warm-up ticks; ` +
      `up to ${ticksFor(1e4)}/${ticksFor(1e5)}/${ticksFor(1e6)} timed ticks at 10k/100k/1M, fewer when an implementation ` +
      `would exceed ${BUDGET_MS / 1000} s; trajectories (mean trust, participation) compared tick by tick with the hand-written ` +
      `loop's, 'same' when every |difference| is within 3 standard errors of a participation share, 3·sqrt(p(1-p)/n) ` +
      `(applied to mean trust too, whose sampling error is smaller); 'identical' when bit-for-bit equal`,
    sizes: [],
  };

  console.log('Reference workload on JavaScript ABM libraries: coprod engine, hand-written loop, Flocc, AgentScript (same process, same ties, same draws)');
  for (const n of opts.sizes) {
    const net = workloadNetwork(seed, n);
    const runners = new Map<ImplName, Runner>();
    const entries = new Map<ImplName, LibraryBenchEntry>();
    for (const impl of impls) {
      const entry: LibraryBenchEntry = {
        impl,
        ms_per_tick: null,
        ratio_to_coprod: null,
        ticks_timed: 0,
        ticks_total: 0,
        setup_ms: null,
        heap_bytes_per_resident: null,
        max_abs_diff_mean_trust: null,
        max_abs_diff_participation: null,
        identical: null,
        trajectories: null,
      };
      entries.set(impl, entry);
      await settle();
      const used = memoryInUse();
      const projected = (perResident.get(impl) ?? 0) * n;
      if (used + projected > HEAP_HEADROOM * heapLimit) {
        entry.note = `skipped: projected heap ~${(projected / 2 ** 30).toFixed(1)} GiB on top of ${(used / 2 ** 30).toFixed(1)} GiB in use exceeds ${HEAP_HEADROOM * 100}% of the ${(heapLimit / 2 ** 30).toFixed(1)} GiB limit (raise it with NODE_OPTIONS=--max-old-space-size=...)`;
        continue;
      }
      const t0 = performance.now();
      runners.set(impl, build(impl, seed, n, net));
      entry.setup_ms = performance.now() - t0;
      await settle();
      const grown = Math.max(0, memoryInUse() - used);
      entry.heap_bytes_per_resident = grown / n;
      perResident.set(impl, Math.max(perResident.get(impl) ?? 0, grown / n));
    }
    const active = impls.filter((i) => runners.has(i));

    // Warm-up (these ticks count towards the trajectories but are not timed).
    const warm = new Map<ImplName, number>();
    for (const impl of active) {
      const runner = runners.get(impl)!;
      const t0 = performance.now();
      for (let k = 0; k < WARMUP_TICKS; k++) runner.tick();
      warm.set(impl, (performance.now() - t0) / WARMUP_TICKS);
    }

    // How many ticks each implementation times: the target, cut to fit the budget.
    const target = ticksFor(n);
    const wanted = new Map<ImplName, number>();
    for (const impl of active) {
      const perTick = warm.get(impl)!;
      const fit = Math.floor(BUDGET_MS / Math.max(perTick, 1e-3));
      const ticks = Math.max(Math.min(target, fit), Math.min(MIN_TICKS, target));
      wanted.set(impl, ticks);
      if (ticks < target) {
        entries.get(impl)!.note = `timed ${ticks} of ${target} ticks: warm-up ran at ~${fmt(perTick)} ms/tick, and ${target} ticks would exceed the ${BUDGET_MS / 1000} s budget`;
      }
    }

    collect();
    // Interleaved rounds.
    const times = new Map<ImplName, number[]>(active.map((i) => [i, []]));
    const rounds = Math.max(0, ...active.map((i) => wanted.get(i)!));
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < active.length; k++) {
        const impl = active[(r + k) % active.length];
        const ts = times.get(impl)!;
        if (ts.length >= wanted.get(impl)!) continue;
        const runner = runners.get(impl)!;
        const t0 = performance.now();
        runner.tick();
        ts.push(performance.now() - t0);
      }
    }

    // Figures and trajectory checks against the hand-written loop.
    const hand = runners.get('handwritten');
    const meanPart = hand && hand.rows.length ? hand.rows.reduce((s, row) => s + row.participation, 0) / hand.rows.length : 0.5;
    const tolerance = 3 * Math.sqrt(Math.max(meanPart * (1 - meanPart), 1e-6) / n);
    for (const impl of active) {
      const entry = entries.get(impl)!;
      const ts = times.get(impl)!;
      entry.ticks_timed = ts.length;
      entry.ms_per_tick = ts.length ? median(ts) : warm.get(impl)!;
      const rows = runners.get(impl)!.rows;
      entry.ticks_total = rows.length;
      if (hand) {
        const len = Math.min(rows.length, hand.rows.length);
        let dT = 0;
        let dP = 0;
        let same = len === rows.length;
        for (let t = 0; t < len; t++) {
          const a = rows[t];
          const b = hand.rows[t];
          if (a.mean_trust !== b.mean_trust || a.participation !== b.participation) same = false;
          // NaN-safe: a NaN difference counts as infinitely large.
          const ddT = Math.abs(a.mean_trust - b.mean_trust);
          const ddP = Math.abs(a.participation - b.participation);
          dT = Math.max(dT, Number.isNaN(ddT) ? Infinity : ddT);
          dP = Math.max(dP, Number.isNaN(ddP) ? Infinity : ddP);
        }
        entry.max_abs_diff_mean_trust = dT;
        entry.max_abs_diff_participation = dP;
        entry.identical = same;
        entry.trajectories = dT <= tolerance && dP <= tolerance ? 'same' : 'differs';
      }
    }
    const base = entries.get('coprod')?.ms_per_tick ?? null;
    for (const entry of entries.values()) {
      if (entry.ms_per_tick !== null && base !== null) entry.ratio_to_coprod = entry.ms_per_tick / base;
    }
    const sizeResult: LibraryBenchSize = { residents: n, tolerance, entries: impls.map((i) => entries.get(i)!) };
    result.sizes.push(sizeResult);
    printSize(sizeResult, result.sizes.length === 1);
    runners.clear(); // let this size's models go before the next size is built
  }

  mkdirSync(outDir, { recursive: true });
  writeAtomic(join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeAtomic(join(outDir, 'bench.svg'), renderChart(result));
  console.log(`wrote ${join(outDir, 'bench.json')} and ${join(outDir, 'bench.svg')}`);
  return result;
}

function printSize(s: LibraryBenchSize, header: boolean): void {
  if (header) {
    console.log('residents  implementation      ms/tick   ×coprod  ticks  setup ms  heap B/res  max|Δ mean_trust|  max|Δ participation|  trajectories');
  }
  for (const e of s.entries) {
    const verdict = e.trajectories === null ? '—' : e.identical ? `${e.trajectories} (identical)` : `${e.trajectories} (tol ${s.tolerance.toExponential(1)})`;
    console.log(
      `${String(s.residents).padStart(9)}  ${LABEL[e.impl].padEnd(17)}  ${fmt(e.ms_per_tick).padStart(8)}  ${(e.ratio_to_coprod === null ? '—' : `${fmt(e.ratio_to_coprod)}×`).padStart(8)}  ` +
        `${String(e.ticks_timed).padStart(5)}  ${fmt(e.setup_ms, 0).padStart(8)}  ${(e.heap_bytes_per_resident === null ? '—' : e.heap_bytes_per_resident.toFixed(0)).padStart(10)}  ` +
        `${(e.max_abs_diff_mean_trust === null ? '—' : e.max_abs_diff_mean_trust.toExponential(2)).padStart(17)}  ${(e.max_abs_diff_participation === null ? '—' : e.max_abs_diff_participation.toExponential(2)).padStart(20)}  ${verdict}`,
    );
    if (e.note) console.log(`${' '.repeat(11)}note: ${e.note}`);
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A further line on the chart (the full model), in the same units. */
export interface ChartSeries {
  label: string;
  color: string;
  points: readonly (readonly [residents: number, msPerTick: number])[];
}

/** A log-log chart of ms per tick against residents, one line per implementation (plus `extra` lines). Plain SVG text. */
export function renderChart(result: LibraryBenchResult, extra: readonly ChartSeries[] = []): string {
  const W = 640;
  const H = 420;
  const m = { left: 70, right: 170, top: 40, bottom: 55 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = result.sizes
    .flatMap((s) => s.entries.filter((e) => e.ms_per_tick !== null && e.ms_per_tick > 0).map((e) => ({ n: s.residents, y: e.ms_per_tick! })))
    .concat(extra.flatMap((x) => x.points.filter(([n, y]) => n > 0 && y > 0).map(([n, y]) => ({ n, y }))));
  const ns = pts.map((p) => p.n);
  const ys = pts.map((p) => p.y);
  // Decade-aligned ranges; a single value still gets a decade either side.
  let x0 = Math.floor(Math.log10(Math.min(...(ns.length ? ns : [1e4]))));
  let x1 = Math.ceil(Math.log10(Math.max(...(ns.length ? ns : [1e6]))));
  let y0 = Math.floor(Math.log10(Math.min(...(ys.length ? ys : [0.1]))));
  let y1 = Math.ceil(Math.log10(Math.max(...(ys.length ? ys : [1000]))));
  if (x1 <= x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 <= y0) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (n: number) => m.left + ((Math.log10(n) - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => m.top + ph - ((Math.log10(v) - y0) / (y1 - y0)) * ph;
  const tickLabel = (e: number, unit: 'n' | 'ms') => {
    const v = 10 ** e;
    if (unit === 'n') return v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v);
    return v >= 1 ? String(v) : v.toPrecision(1);
  };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${extra.length ? 'ms per tick: reference workload and full model' : 'Reference workload: ms per tick (median)'}</text>`);
  // Grid and axis labels.
  for (let e = x0; e <= x1; e++) {
    const x = sx(10 ** e);
    out.push(`<line x1="${x.toFixed(1)}" y1="${m.top}" x2="${x.toFixed(1)}" y2="${m.top + ph}" stroke="#ddd"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle">${tickLabel(e, 'n')}</text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = sy(10 ** e);
    out.push(`<line x1="${m.left}" y1="${y.toFixed(1)}" x2="${m.left + pw}" y2="${y.toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end">${tickLabel(e, 'ms')}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 14}" text-anchor="middle">residents (log scale)</text>`);
  out.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">ms per tick (log scale)</text>`);
  // One line per implementation.
  // One line per implementation, then the extra lines (square markers), in one legend.
  const lines = [
    ...IMPLS.map((impl) => ({
      label: LABEL[impl],
      color: COLOR[impl],
      dash: DASH[impl],
      square: false,
      points: result.sizes.flatMap((s) => {
        const e = s.entries.find((x) => x.impl === impl);
        return e && e.ms_per_tick !== null ? [[s.residents, e.ms_per_tick] as const] : [];
      }),
    })),
    ...extra.map((x) => ({ label: x.label, color: x.color, dash: '', square: true, points: x.points })),
  ];
  const marker = (x: number, y: number, color: string, square: boolean) =>
    square ? `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" fill="${color}"/>` : `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${color}"/>`;
  lines.forEach((line, k) => {
    const series = line.points.filter(([n, y]) => n > 0 && y > 0).map(([n, y]) => [sx(n), sy(y)] as const);
    if (series.length > 1) out.push(`<polyline fill="none" stroke="${line.color}" stroke-width="2"${line.dash} points="${series.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of series) out.push(marker(x, y, line.color, line.square));
    const ly = m.top + 10 + k * 20;
    const lx = m.left + pw + 15;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${line.color}" stroke-width="2"${line.dash}/>`);
    out.push(marker(lx + 11, ly, line.color, line.square));
    out.push(`<text x="${lx + 28}" y="${ly + 4}">${escapeXml(line.label)}</text>`);
  });
  out.push(`<text x="${m.left + pw + 15}" y="${m.top + 10 + lines.length * 20 + 8}" font-size="10" fill="#555">${escapeXml(`seed ${result.seed}, Node ${result.node}`)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

// Direct use: npx tsx test/bench/libraries.ts [--sizes 10000,100000] [--seed 1] [--out dir] [--impls coprod,flocc]
// (Matched by file name: inside the bundle `npm run bench` runs, every module shares one import.meta.url.)
if (process.argv[1] && /[\\/]libraries\.(ts|js|mjs)$/.test(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const sizes = (arg('--sizes') ?? '10000,100000,1000000').split(',').map(Number);
  const seedArg = arg('--seed');
  const only = arg('--impls')?.split(',') as ImplName[] | undefined;
  await runLibraryBench({ sizes, seed: seedArg === undefined ? undefined : Number(seedArg), outDir: arg('--out'), impls: only });
}
