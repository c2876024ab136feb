import type { Source } from '../core/ports.js';

type Out = Pick<NodeJS.WriteStream, 'isTTY' | 'write'>;

/**
 * The one progress line of the commands that work through many items (`run --once`, `send`), on
 * a terminal: a bar when the total is known, the count, what the command adds, and a rate;
 * redrawn at most 10 times a second. Nothing when the stream is not a terminal (a service, a
 * pipe), where the logs and the summary say it all.
 */
export class Progress {
  private n = 0;
  private detail = '';
  private last = 0;
  private readonly t0 = Date.now();
  private known = true;
  private total: number | undefined;
  private readonly on: boolean;
  private readonly out: Out;

  constructor(private readonly unit = 'msg', out: Out = process.stderr) {
    this.out = out;
    this.on = !!out.isTTY;
  }

  /** Adds one part's count once it is known; a part that cannot say (undefined) turns the bar into a counter. */
  addTotal(n: number | undefined): void {
    this.known = this.known && n !== undefined;
    this.total = this.known ? (this.total ?? 0) + (n ?? 0) : undefined;
  }

  setTotal(n: number): void {
    this.known = true;
    this.total = n;
  }

  tick(by = 1): void {
    this.set(this.n + by);
  }

  /** The count so far, and the command's own words after it ("sent 3  deferred 1"). */
  set(n: number, detail = this.detail): void {
    this.n = n;
    this.detail = detail;
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
    const rate = `${Math.round(this.n / secs)} ${this.unit}/s`;
    const detail = this.detail ? `  ${this.detail}` : '';
    if (!this.total) return `${this.n} ${this.unit}${detail}  ${rate}`;
    const width = 30;
    const filled = Math.min(width, Math.round((this.n / this.total) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.n}/${this.total}${detail}  ${rate}`;
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
