import { performance } from 'node:perf_hooks';
import { createCoprod, listScenarios, type CoprodModel } from '../../src/index.js';
import { kernelThread } from '../../src/node/index.js';
import { collect, otherThreadsMs, settle, settledBytes, threadCpuMs } from './settle.js';

export interface ModelBenchResult {
  residents: number;
  ties: number;
  /** Median over five rounds of consecutive ticks (WebAssembly kernels, the default). */
  ms_per_tick: number;
  /** Fastest and slowest round. */
  ms_per_tick_range: [number, number];
  ticks_per_s: number;
  bytes_per_resident: number;
  /**
   * Everything the model holds, per resident: the growth of the JavaScript heap and of the memory outside
   * it (typed arrays, the WebAssembly memory with its unused headroom) from before the model was built to
   * after its warm-up, both measured after a full garbage collection. Beyond the state above it counts the
   * network's spare arrays, the kernels' scratch, the ids and the JavaScript objects.
   */
  held_bytes_per_resident: number;
  ns_per_resident_tick: number;
  /** Cost per (resident + tie) per tick: flat if the cost is O(N + E). */
  ns_per_resident_and_tie: number;
  /** The same community on the JavaScript kernels, rounds interleaved with the WebAssembly ones. */
  js_ms_per_tick: number;
  js_ms_per_tick_range: [number, number];
  /** JavaScript kernels' time over WebAssembly's: how much faster the default is. */
  js_over_wasm: number;
  /** ms per tick by phase (its rules and its process), the structural commit, and the reporters. */
  phases: Record<string, number>;
  /** The same on the JavaScript kernels. */
  js_phases: Record<string, number>;
}

interface KRun {
  residents: number;
  ties: number;
  ticks: number;
  seconds: number;
  seconds_range: [number, number];
  build_seconds: number;
  ms_per_tick: number;
  /**
   * CPU seconds the process's other threads used during the run (the compiler's, the collector's, the
   * platform's; for two threads, besides the kernels' thread): time they could take from the model's two
   * cores. Null where the platform does not say (no /proc).
   */
  other_threads_cpu_seconds: number | null;
}

export interface ModelBench {
  sizes: ModelBenchResult[];
  /** Least-squares slope of log(ms per tick) on log(residents + ties): 1 means linear. */
  complexity_slope: number | null;
  /**
   * The K community's ten years on the WebAssembly kernels (the default, one thread), on them with a
   * second thread (`thread: kernelThread()`: the same rows), and on the JavaScript kernels.
   */
  k_community?: KRun & { two_threads: KRun & { same_rows: boolean }; two_over_one: number; js: KRun; js_over_wasm: number };
}

/** A community of `n` residents at the baseline's density, all three rules in force (the heaviest case). */
function community(n: number, kernels: 'wasm' | 'js') {
  return createCoprod('baseline', {
    seed: 1,
    kernels,
    rules: ['empowerment', 'checks-and-balances', 'party-coordination'],
    set: { 'population.residents': n, 'population.households': Math.max(1, Math.round(n / 2.9)), 'population.buildings': Math.max(1, Math.round(n / 50)), 'population.grids': Math.max(1, Math.round(n / 2500)) },
  });
}

/**
 * Times each phase from the model's own boundaries: the engine calls `model.commit(phase)` after every
 * phase (its rules, then its process) and `model.begin` before the first, so the time between two calls is
 * that phase's. `record` holds the end-of-tick structural commit (turnover, ties); what follows the last
 * commit until the next tick begins is the reporters'.
 */
function instrument(model: CoprodModel): { phases: Record<string, number>; reset(): void; close(): void } {
  const phases: Record<string, number> = {};
  let last = 0;
  const begin = model.begin.bind(model);
  const commit = model.commit.bind(model);
  const m = model as { begin: (t: number) => void; commit: (p: string) => void };
  let open = false;
  m.begin = (t) => {
    const now = performance.now();
    if (open) phases.reporters = (phases.reporters ?? 0) + (now - last);
    begin(t);
    last = performance.now();
    open = true;
  };
  m.commit = (p) => {
    commit(p);
    const now = performance.now();
    phases[p] = (phases[p] ?? 0) + (now - last);
    last = now;
  };
  return {
    phases,
    reset() {
      for (const k of Object.keys(phases)) delete phases[k];
      open = false;
    },
    /** End of a round: the last tick's reporters end here, not when the next round begins. */
    close() {
      if (open) phases.reporters = (phases.reporters ?? 0) + (performance.now() - last);
      open = false;
    },
  };
}

function slope(xs: number[], ys: number[]): number | null {
  if (xs.length < 2) return null;
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/** Full co-production model: ms per tick and bytes per resident by size, per phase, and the K community's ten years. */
export async function runModelBench(opts: { sizes: number[] }): Promise<ModelBench> {
  console.log('\nFull co-production model (all three rules in force), one core; WebAssembly kernels (the default) against the JavaScript kernels, rounds interleaved');
  console.log('bytes per resident: state = columns and ties; held = all the model holds (spare arrays, kernel scratch, ids, headroom)');
  console.log('residents      ties  ms/tick (range of 5 rounds)  ticks/s  ns/resident/tick  ns/(resident+tie)  state B/res  held B/res   JS ms/tick  JS/wasm');
  const sizes: ModelBenchResult[] = [];
  // The first model of each way of running also builds the small model the library keeps for the process
  // (keepShapes in src/model/create.ts): build those first, so that no size's held memory counts them.
  for (const kernels of ['wasm', 'js'] as const) community(300, kernels).run(2);
  for (const n of opts.sizes) {
    // The sections before (the npm libraries' heaps) and the last size's models are collected first, so
    // their garbage is not collected during a timed round.
    const held0 = await settledBytes();
    const sim = community(n, 'wasm');
    const warm = n >= 1_000_000 ? 3 : 20; // the engine compiles the kernels in the first ticks
    sim.run(warm);
    const held = ((await settledBytes()) - held0) / n;
    const js = community(n, 'js');
    js.run(warm);
    const probe = instrument(sim.model);
    const jsProbe = instrument(js.model);
    probe.reset();
    jsProbe.reset();
    // Five rounds of consecutive ticks, each followed by a round of the JavaScript kernels on the same
    // community; the median round is the figure, the fastest and slowest its spread.
    const ticks = n >= 1_000_000 ? 10 : n >= 100_000 ? 30 : 100;
    const ROUNDS = 5;
    const perRound: number[] = [];
    const jsRound: number[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      collect();
      const t0 = performance.now();
      sim.run(ticks / ROUNDS);
      const t1 = performance.now();
      probe.close();
      collect();
      const t2 = performance.now();
      js.run(ticks / ROUNDS);
      jsProbe.close();
      perRound.push((t1 - t0) / (ticks / ROUNDS));
      jsRound.push((performance.now() - t2) / (ticks / ROUNDS));
    }
    perRound.sort((a, b) => a - b);
    jsRound.sort((a, b) => a - b);
    const ms = perRound[ROUNDS >> 1];
    const jsMs = jsRound[ROUNDS >> 1];
    const bytes = (sim.model.residents.bytes() + sim.model.network.bytes()) / n;
    const ties = sim.model.network.ties;
    const phases = Object.fromEntries(Object.entries(probe.phases).map(([k, v]) => [k, v / ticks]));
    const js_phases = Object.fromEntries(Object.entries(jsProbe.phases).map(([k, v]) => [k, v / ticks]));
    const r: ModelBenchResult = {
      residents: n,
      ties,
      ms_per_tick: ms,
      ms_per_tick_range: [perRound[0], perRound[ROUNDS - 1]],
      ticks_per_s: 1000 / ms,
      bytes_per_resident: bytes,
      held_bytes_per_resident: held,
      ns_per_resident_tick: (ms * 1e6) / n,
      ns_per_resident_and_tie: (ms * 1e6) / (n + ties),
      js_ms_per_tick: jsMs,
      js_ms_per_tick_range: [jsRound[0], jsRound[ROUNDS - 1]],
      js_over_wasm: jsMs / ms,
      phases,
      js_phases,
    };
    sizes.push(r);
    console.log(
      `${String(n).padStart(9)}  ${String(ties).padStart(8)}  ${ms.toFixed(1).padStart(7)} ${`(${perRound[0].toFixed(1)}–${perRound[ROUNDS - 1].toFixed(1)})`.padStart(19)}  ${r.ticks_per_s.toFixed(1).padStart(7)}  ${r.ns_per_resident_tick.toFixed(0).padStart(16)}  ${r.ns_per_resident_and_tie.toFixed(0).padStart(17)}  ${bytes.toFixed(0).padStart(11)}  ${held.toFixed(0).padStart(10)}  ${jsMs.toFixed(1).padStart(11)}  ${r.js_over_wasm.toFixed(2).padStart(7)}`,
    );
  }
  // Where the time goes, by phase (ms per tick, mean over the rounds); the columns sum to the tick.
  if (sizes.length) {
    const names = Object.keys(sizes[sizes.length - 1].phases);
    console.log(`\nms per tick by phase, WebAssembly and JavaScript kernels (rules and process; record = turnover and tie commit;\nthe mean over every timed tick, where the table above gives the median round: one slow round moves a phase here)\n${'phase'.padEnd(14)}${sizes.map((s) => `${`wasm ${s.residents}`.padStart(14)}${`JS ${s.residents}`.padStart(12)}`).join('')}`);
    for (const name of names) console.log(`${name.padEnd(14)}${sizes.map((s) => `${(s.phases[name] ?? 0).toFixed(2).padStart(14)}${(s.js_phases[name] ?? 0).toFixed(2).padStart(12)}`).join('')}`);
  }
  // Complexity: every phase is a pass over residents or over ties (influence, mobilisation, the commit
  // of a few touched rows), so the cost per tick is O(N + E). The fitted log-log slope shows it.
  const complexity = slope(
    sizes.map((s) => s.residents + s.ties),
    sizes.map((s) => s.ms_per_tick),
  );
  if (complexity !== null) console.log(`\nComplexity O(N + E): log-log slope of ms/tick on residents + ties = ${complexity.toFixed(3)} (1 = linear)`);
  let k: ModelBench['k_community'];
  if (listScenarios().some((s) => s.name === 'k-community')) {
    // Five whole runs each way, alternating (a fresh build each); the median run is the figure.
    const ways = { wasm: { kernels: 'wasm' }, two: { kernels: 'wasm', thread: kernelThread() }, js: { kernels: 'js' } } as const;
    const runs: Record<keyof typeof ways, KRun[]> = { wasm: [], two: [], js: [] };
    const last: Partial<Record<keyof typeof ways, string>> = {};
    const RUNS = 5;
    for (let r = 0; r < RUNS; r++) {
      for (const way of ['wasm', 'two', 'js'] as const) {
        // Each timed run right after an untimed run of the same way, as a researcher's repeated runs of a
        // scenario would be, with no collection forced between them. After another way's run (other
        // kernels through the same phases), or a full collection of the run before (which takes its
        // closures' optimised code with it), V8 optimises the code again on its compiler threads while
        // the run goes on, and on two cores those threads take time from the model's two (see
        // docs/performance.md, fourteenth round).
        await settle();
        createCoprod('k-community', { seed: 1, ticks: 520, ...ways[way] }).runToEnd();
        const cpu0 = threadCpuMs();
        const t0 = performance.now();
        const sim = createCoprod('k-community', { seed: 1, ticks: 520, ...ways[way] });
        const t1 = performance.now();
        sim.runToEnd();
        const t2 = performance.now();
        const others = otherThreadsMs(cpu0, threadCpuMs(), way === 'two');
        runs[way].push({ residents: sim.model.residents.count, ties: sim.model.network.ties, ticks: 520, seconds: (t2 - t0) / 1000, build_seconds: (t1 - t0) / 1000, ms_per_tick: (t2 - t1) / 520, seconds_range: [0, 0], other_threads_cpu_seconds: others === null ? null : others / 1000 });
        if (r === 0 && way !== 'js') last[way] = JSON.stringify(sim.rows);
      }
    }
    const median = (xs: KRun[]): KRun => {
      const sorted = [...xs].sort((a, b) => a.seconds - b.seconds);
      return { ...sorted[sorted.length >> 1], seconds_range: [sorted[0].seconds, sorted[sorted.length - 1].seconds] };
    };
    const wasm = median(runs.wasm);
    const two = { ...median(runs.two), same_rows: last.two === last.wasm };
    const js = median(runs.js);
    k = { ...wasm, two_threads: two, two_over_one: two.seconds / wasm.seconds, js, js_over_wasm: js.seconds / wasm.seconds };
    console.log(
      `K community: ${k.residents} residents, ${k.ties} ties, ten years (520 weekly ticks), medians of ${RUNS} runs, each after an untimed run of its way (build included):\n` +
        `  one thread   ${wasm.seconds.toFixed(2)} s (${wasm.seconds_range[0].toFixed(2)}–${wasm.seconds_range[1].toFixed(2)}; build ${wasm.build_seconds.toFixed(2)} s; ${wasm.ms_per_tick.toFixed(2)} ms/tick)\n` +
        `  two threads  ${two.seconds.toFixed(2)} s (${two.seconds_range[0].toFixed(2)}–${two.seconds_range[1].toFixed(2)}; ${two.ms_per_tick.toFixed(2)} ms/tick), ${k.two_over_one.toFixed(2)} of one thread's time; rows ${two.same_rows ? 'the same' : 'DIFFER'}\n` +
        `  JavaScript kernels ${js.seconds.toFixed(2)} s (${js.seconds_range[0].toFixed(2)}–${js.seconds_range[1].toFixed(2)}), ${k.js_over_wasm.toFixed(2)}× the WebAssembly time`,
    );
    const cpu = (xs: KRun[]) => xs.map((x) => (x.other_threads_cpu_seconds === null ? 'n/a' : x.other_threads_cpu_seconds.toFixed(2))).join(', ');
    console.log(`  CPU seconds of the process's other threads (compiler, collector, platform) in each run, in order: one thread ${cpu(runs.wasm)}; two threads (besides the kernels' thread) ${cpu(runs.two)}`);
  }
  return { sizes, complexity_slope: complexity, k_community: k };
}
