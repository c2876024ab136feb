import type { WriteStream } from 'node:tty';
import type { Source } from '../core/ports.js';

/**
 * A one-line progress display for `run --once` on a terminal: messages so far, rate, and a bar
 * when the total is known. Does nothing when the stream is not a TTY (logs, pipes, services).
 */
export class Progress {
  private n = 0;
  private last = 0;
  private readonly t0 = Date.now();
  private readonly on: boolean;
  private known = true;
  private total: number | undefined;

  constructor(private readonly out: Pick<NodeJS.WriteStream | WriteStream, 'isTTY' | 'write'> = process.stderr) {
    this.on = !!out.isTTY;
  }

  /** Add a source's count once it is known; unknown (undefined) turns the bar into a counter. */
  addTotal(n: number | undefined): void {
    this.known = this.known && n !== undefined;
    this.total = this.known ? (this.total ?? 0) + (n ?? 0) : undefined;
  }

  tick(by = 1): void {
    this.n += by;
    const now = Date.now();
    if (this.on && now - this.last >= 100) { this.last = now; this.draw(); }
  }

  done(): void {
    if (!this.on) return;
    this.draw();
    this.out.write('\n');
  }

  line(): string {
    const secs = Math.max((Date.now() - this.t0) / 1000, 0.001);
    const rate = `${Math.round(this.n / secs)} msg/s`;
    if (!this.total) return `${this.n} messages  ${rate}`;
    const width = 30;
    const filled = Math.min(width, Math.round((this.n / this.total) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.n}/${this.total}  ${rate}`;
  }

  private draw(): void {
    this.out.write(`\r${this.line()}\x1b[K`);
  }
}

/** The same source, ticking the progress line for every message it hands out. */
export function withProgress<S extends Source>(src: S, progress: Progress): Source {
  return {
    name: src.name,
    async *pull(signal) {
      let first = true;
      for await (const m of src.pull(signal)) {
        if (first) { first = false; progress.addTotal(src.expected?.()); }
        progress.tick();
        yield m;
      }
    },
    ack: (id, outcome, error) => src.ack(id, outcome, error),
    close: () => src.close(),
    ...(src.wait ? { wait: (signal: AbortSignal) => src.wait!(signal) } : {}),
  };
}
