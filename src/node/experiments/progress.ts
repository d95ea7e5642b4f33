import { Presets, SingleBar } from 'cli-progress';

/** Reports runs done: a progress bar on a terminal, plain periodic lines otherwise (CI logs). */
export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being done, e.g. `coprod sweep`. */
  readonly label: string;
  readonly total: number;
  /** Runs already done when starting (a resumed sweep). */
  readonly initial?: number;
  /** Where to write (default standard error). */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Bar or lines (default: a bar when the stream is a terminal). */
  readonly tty?: boolean;
  /** Seconds between plain lines (default 10). */
  readonly every?: number;
}

/** `1h02m`, `3m05s`, `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/**
 * A progress reporter: a cli-progress bar with runs done, rate and ETA when the stream is a terminal;
 * otherwise a plain line at most every `every` seconds and one at the end.
 */
export function createProgress(opts: ProgressOptions): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? !!stream.isTTY;
  const initial = opts.initial ?? 0;
  const started = Date.now();
  let last = initial;
  const rate = (done: number) => {
    const secs = (Date.now() - started) / 1000;
    return secs > 0 ? (done - initial) / secs : 0;
  };
  const eta = (done: number) => {
    const r = rate(done);
    return r > 0 ? (opts.total - done) / r : Infinity;
  };
  if (tty) {
    const bar = new SingleBar(
      { format: `${opts.label} [{bar}] {value}/{total} runs | {rate} runs/s | ETA {eta_text}`, stream: stream as NodeJS.WriteStream, hideCursor: true, etaBuffer: 50, fps: 5 },
      Presets.shades_classic,
    );
    bar.start(opts.total, initial, { rate: '0.0', eta_text: '?' });
    return {
      update(done) {
        last = done;
        bar.update(done, { rate: rate(done).toFixed(1), eta_text: formatDuration(eta(done)) });
      },
      stop() {
        bar.update(last, { rate: rate(last).toFixed(1), eta_text: formatDuration(0) });
        bar.stop();
      },
    };
  }
  const every = (opts.every ?? 10) * 1000;
  let printed = started;
  const line = (done: number) => {
    const pct = opts.total ? Math.floor((100 * done) / opts.total) : 100;
    stream.write(`${opts.label}: ${done}/${opts.total} runs (${pct}%), ${rate(done).toFixed(1)} runs/s, ETA ${done >= opts.total ? '0s' : formatDuration(eta(done))}\n`);
  };
  return {
    update(done) {
      last = done;
      const now = Date.now();
      if (now - printed >= every && done < opts.total) {
        printed = now;
        line(done);
      }
    },
    stop() {
      line(last);
    },
  };
}
