import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * A file written piece by piece and made visible at once: written to a temporary file beside the
 * target, flushed, then renamed over it (so a crash never leaves half a file under the target name).
 */
export class AtomicFileWriter {
  readonly target: string;
  private readonly tmp: string;
  private fd: number | null;
  private buffer = '';

  constructor(path: string) {
    this.target = resolve(path);
    mkdirSync(dirname(this.target), { recursive: true });
    this.tmp = `${this.target}.tmp-${process.pid}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.fd === null) throw new Error(`${this.target}: already closed`);
    if (this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  /** Flush, sync and rename over the target. */
  commit(): void {
    this.flush();
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = null;
    renameSync(this.tmp, this.target);
  }

  /** Give up: remove the temporary file. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
  }
}

/** Remove temporary files left by interrupted atomic writes (`*.tmp-*`) in a directory. */
export function removeStaleTemporaries(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (/\.tmp-[^/]*$/.test(name)) {
      rmSync(join(dir, name), { force: true });
      n++;
    }
  }
  return n;
}
