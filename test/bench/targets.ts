// The performance issue's targets, judged from one `npm run bench` run's figures: each run says itself
// which targets it met, with the figure it judged by. A target whose section did not run (`--only`,
// `--quick`) is "not measured", never met.
import type { LibraryBenchResult } from './libraries.js';
import type { ModelBench } from './model.js';
import type { ReferenceResult } from './reference.js';

export interface TargetCheck {
  target: string;
  /** The figure judged, in words; empty when not measured. */
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export interface BenchFigures {
  reference?: ReferenceResult[];
  libraries?: LibraryBenchResult;
  model?: ModelBench;
}

const range = (xs: number[], digits: number, unit = ''): string => {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
};

/** Speed over coprod's of one library at `residents`, from the libraries' section (equal work required). */
function libraryCheck(target: string, figures: BenchFigures, impl: 'flocc' | 'agentscript', residents: number, atLeast: number): TargetCheck {
  const entry = figures.libraries?.sizes.find((s) => s.residents === residents)?.entries.find((e) => e.impl === impl);
  if (!entry || entry.ratio_to_coprod === null) return { target, measured: '', met: null };
  const same = entry.trajectories === 'same';
  return { target, measured: `${entry.ratio_to_coprod.toFixed(1)}×${same ? '' : ' (trajectories differ: not equal work)'}`, met: same && entry.ratio_to_coprod >= atLeast };
}

/** The targets of the performance issue, judged from one run's figures. */
export function assessTargets(figures: BenchFigures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  // The engine against the hand-written loop: its own section (no other library's heap in the process),
  // else the libraries' section. Every size must hold, with the same rows.
  {
    const target = 'reference workload: coprod within 1.5× of the hand-written loop, every size';
    const ref = figures.reference ?? [];
    const lib = (figures.libraries?.sizes ?? []).map((s) => {
      const hand = s.entries.find((e) => e.impl === 'handwritten');
      return { ratio: hand?.ratio_to_coprod ? 1 / hand.ratio_to_coprod : null, same: hand?.trajectories === 'same' };
    });
    const pairs = ref.length > 0 ? ref.map((r) => ({ ratio: r.ratio as number | null, same: r.identical })) : lib;
    const ratios = pairs.map((p) => p.ratio).filter((x): x is number => x !== null);
    if (ratios.length === 0) checks.push({ target, measured: '', met: null });
    else {
      const same = pairs.every((p) => p.same);
      checks.push({ target, measured: `${range(ratios, 2)} of the loop's time${same ? '' : ' (rows differ)'}`, met: same && ratios.length === pairs.length && ratios.every((x) => x <= 1.5) });
    }
  }
  checks.push(libraryCheck('at least 20× faster than Flocc at 100,000 residents', figures, 'flocc', 100_000, 20));
  checks.push(libraryCheck('at least 4× faster than AgentScript at 100,000 residents', figures, 'agentscript', 100_000, 4));
  {
    const target = 'full model: 1,000,000 residents at 5 or more ticks per second, one core';
    const m = figures.model?.sizes.find((s) => s.residents === 1_000_000);
    checks.push(m ? { target, measured: `${m.ticks_per_s.toFixed(1)} ticks/s (${m.ms_per_tick.toFixed(0)} ms per tick)`, met: m.ticks_per_s >= 5 } : { target, measured: '', met: null });
  }
  {
    // Judged on the machine's two cores where the run measured them (the kernels' second thread, which
    // gives the same rows); the one-thread figure is printed beside it.
    const target = 'full model: the K community’s ten years (520 ticks) in under 2 s';
    const k = figures.model?.k_community;
    const two = k?.two_threads;
    if (!k) checks.push({ target, measured: '', met: null });
    else if (!two) checks.push({ target, measured: `${k.seconds.toFixed(2)} s (the median run; runs ${range(k.seconds_range, 2, ' s')})`, met: k.seconds < 2 });
    else
      checks.push({
        target,
        measured: `${two.seconds.toFixed(2)} s on two threads (the median run; runs ${range(two.seconds_range, 2, ' s')}${two.same_rows ? '' : '; rows differ'}); one thread ${k.seconds.toFixed(2)} s (${range(k.seconds_range, 2, ' s')})`,
        met: two.same_rows && two.seconds < 2,
      });
  }
  {
    const target = 'full model: under 200 bytes per resident (the state: columns and ties), every size';
    const bytes = (figures.model?.sizes ?? []).map((s) => s.bytes_per_resident);
    checks.push(bytes.length > 0 ? { target, measured: `${range(bytes, 0, ' B')}`, met: bytes.every((b) => b < 200) } : { target, measured: '', met: null });
  }
  return checks;
}

/** The checks as a table for the console. */
export function formatTargets(checks: readonly TargetCheck[]): string {
  const width = Math.max(...checks.map((c) => c.target.length));
  const lines = checks.map((c) => `  ${c.target.padEnd(width)}  ${(c.met === null ? 'not measured' : c.met ? 'met' : 'NOT MET').padEnd(12)}  ${c.measured}`.trimEnd());
  return ['Targets of the performance issue, judged from this run:', ...lines].join('\n');
}
