// `npm run bench:k` (test/bench/k-ab.ts), the in-process comparison of the working tree with a revision:
// it runs, prints its pairs, interval and whether the rows are the same, and refuses bad input with an
// error naming the flag and exit 2. The runs are a few ticks long: what they measure is not judged here.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const script = join(root, 'out', 'bench', 'k-ab-test.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8', cwd: root });

describe('npm run bench:k', () => {
  beforeAll(() => {
    buildSync({ entryPoints: [join(root, 'test/bench/k-ab.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'warning' });
  });

  it('compares the working tree with a revision in one process: its pairs, a bootstrap interval, the rows', () => {
    const r = run('HEAD', '--pairs', '2', '--ticks', '3');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('K community, 3 ticks, two threads: A = HEAD, B = the working tree; 2 pairs in one process');
    expect(r.stdout.match(/^pair {2}\d: A \d+\.\d{3} s {2}B \d+\.\d{3} s {2}B\/A \d+\.\d{3}$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^medians A \d+\.\d{3} s, B \d+\.\d{3} s; B\/A \d+\.\d{3} \(95 % \d+\.\d{3}–\d+\.\d{3}\); rows (the same|DIFFER)$/m);
  });

  it('refuses bad input with an error naming the flag, the value and what was expected', () => {
    const cases: [string[], RegExp][] = [
      [['--pairs', '1'], /--pairs: got "1", expected a whole number of 2 or more/],
      [['--ticks', '0'], /--ticks: got "0", expected a whole number of 1 or more/],
      [['--ticks', 'ten'], /--ticks: got "ten", expected a whole number of 1 or more/],
      [['no-such-revision-of-coprod'], /rev: got "no-such-revision-of-coprod", expected a git revision of this repository/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
