// The bench's verdict on the performance issue's targets: judged from the figures, at the targets' edges.
import { describe, expect, it } from 'vitest';
import type { LibraryBenchResult } from './libraries.js';
import type { ModelBench } from './model.js';
import type { ReferenceResult } from './reference.js';
import { assessTargets, formatTargets, type BenchFigures } from './targets.js';

const reference = (ratios: number[], identical = true) => ratios.map((ratio, k) => ({ residents: 10 ** (4 + k), ratio, identical }) as ReferenceResult);
function libraries(flocc: number, agentscript: number, trajectories: 'same' | 'differs' = 'same', residents = 100_000): LibraryBenchResult {
  const entry = (impl: string, ratio: number) => ({ impl, ratio_to_coprod: ratio, trajectories });
  return { sizes: [{ residents, tolerance: 0, entries: [entry('coprod', 1), entry('handwritten', 1 / 0.9), entry('flocc', flocc), entry('agentscript', agentscript)] }] } as unknown as LibraryBenchResult;
}
function model(ticksPerS: number, kSeconds: number | null, bytes: number[]): ModelBench {
  const sizes = bytes.map((b, k) => ({ residents: k === bytes.length - 1 ? 1_000_000 : 10 ** (4 + k), ticks_per_s: ticksPerS, ms_per_tick: 1000 / ticksPerS, bytes_per_resident: b }));
  const k_community = kSeconds === null ? undefined : { seconds: kSeconds, seconds_range: [kSeconds - 0.1, kSeconds + 0.2] };
  return { sizes, complexity_slope: 1, k_community } as unknown as ModelBench;
}
const verdicts = (f: BenchFigures) => assessTargets(f).map((c) => c.met);

describe('the bench’s targets', () => {
  it('are met at their edges and missed just past them', () => {
    expect(verdicts({ reference: reference([0.9, 1.5, 1.2]), libraries: libraries(20, 4), model: model(5, 1.99, [161, 199.9, 169]) })).toEqual([true, true, true, true, true, true]);
    expect(verdicts({ reference: reference([0.9, 1.51, 1.2]), libraries: libraries(19.9, 3.99), model: model(4.99, 2, [161, 200, 169]) })).toEqual([false, false, false, false, false, false]);
  });

  it('are not met where the work differs, and not measured where a section did not run', () => {
    expect(verdicts({ reference: reference([0.9, 1.0], false), libraries: libraries(40, 50, 'differs') })).toEqual([false, false, false, null, null, null]);
    expect(verdicts({ model: model(6, null, [160, 170]) })).toEqual([null, null, null, true, null, true]);
    // Without the engine's own section, the libraries' section judges the loop: coprod at 0.9 of its time.
    const fromLibraries = assessTargets({ libraries: libraries(40, 50) })[0];
    expect(fromLibraries).toMatchObject({ met: true, measured: "0.90 of the loop's time" });
    // Flocc measured at other sizes only: not measured at 100k.
    expect(verdicts({ libraries: libraries(40, 50, 'same', 10_000) }).slice(1, 3)).toEqual([null, null]);
  });

  it('judge the K community on two threads where the run measured them, and only if the rows were the same', () => {
    const withTwo = (seconds: number, same: boolean) => {
      const m = model(6, 2.5, [160, 170]) as unknown as { k_community: Record<string, unknown> };
      m.k_community.two_threads = { seconds, seconds_range: [seconds - 0.05, seconds + 0.1], same_rows: same };
      return assessTargets({ model: m as unknown as ModelBench }).find((c) => /K community/.test(c.target))!;
    };
    expect(withTwo(1.99, true)).toMatchObject({ met: true, measured: '1.99 s on two threads (the median run; runs 1.94–2.09 s); one thread 2.50 s (2.40–2.70 s)' });
    expect(withTwo(2, true).met).toBe(false);
    expect(withTwo(1.5, false)).toMatchObject({ met: false, measured: expect.stringContaining('rows differ') });
  });

  it('print one line per target, with the figure judged', () => {
    const text = formatTargets(assessTargets({ reference: reference([0.85, 1.03]), model: model(5.6, 2.79, [161, 169]) }));
    expect(text.split('\n')).toHaveLength(7);
    expect(text).toMatch(/K community.*NOT MET\s+2\.79 s \(the median run; runs 2\.69–2\.99 s\)/);
    expect(text).toMatch(/1,000,000 residents.*met\s+5\.6 ticks\/s \(179 ms per tick\)/);
    expect(text).toMatch(/Flocc.*not measured$/m);
    expect(text).toMatch(/hand-written loop.*met\s+0\.85–1\.03 of the loop's time/);
  });
});
