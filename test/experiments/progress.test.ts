import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from '../../src/node/experiments/index.js';
import { sweep } from '../../src/experiments/index.js';
import { SMALL } from './helpers.js';

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
};

describe('progress', () => {
  it('prints plain periodic lines (no bar) when not on a terminal', () => {
    const { lines, stream } = sink(false);
    const p = createProgress({ label: 'coprod sweep', total: 10, initial: 4, stream, every: 0 });
    p.update(5);
    p.update(6);
    p.stop();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^coprod sweep: 5\/10 runs \(50%\), \d+\.\d runs\/s, ETA \S+\n$/);
    expect(lines[2]).toMatch(/^coprod sweep: 6\/10 runs \(60%\)/);
    expect(lines.join('')).not.toMatch(/\u001b\[/); // no terminal control codes in logs
    const quiet = sink(false);
    const q = createProgress({ label: 'x', total: 3, stream: quiet.stream, every: 3600 });
    q.update(1);
    q.update(2);
    q.update(3);
    q.stop();
    expect(quiet.lines).toEqual([expect.stringMatching(/^x: 3\/3 runs \(100%\), .*ETA 0s\n$/)]);
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Infinity)).toBe('?');
  });

  it('reports progress from the in-thread API after every run', async () => {
    const seen: string[] = [];
    await sweep({ scenario: 'baseline', set: SMALL, ticks: 3, params: ['trust.loss=0.1,0.2'], reps: 2, summary: true, onProgress: (p) => seen.push(`${p.done}/${p.total}`), onRun: () => {} });
    expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });
});
