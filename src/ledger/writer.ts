import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChangeRow, Settlement } from './commits.js';
import type { WriterAnswer, WriterData } from './writer-thread.js';

// The embedded ledger's write-back commits (a batch's old and new values, with the settlement of
// the batches committed before it) run on a worker thread with its own connection to the same
// file. better-sqlite3 is synchronous: on the main thread each such commit (statements, WAL fsync,
// now and then a checkpoint) would stop everything else, including the batch that holds row locks
// in the customer's database. Same file, same WAL, same `synchronous = FULL`, the same code
// (./commits.ts): the commit is as durable as one on the main thread, and the caller still waits
// for it before it touches the customer's table.

/**
 * The compiled writer thread: beside this file in the built tree; when running from the
 * TypeScript sources (the tests), the built tree's copy. Null when there is none: the ledger then
 * commits on the main thread, the same statements, only without the overlap.
 */
export function writerScript(): URL | null {
  const candidates = [new URL('./writer-thread.js', import.meta.url), new URL('../../dist/src/ledger/writer-thread.js', import.meta.url)];
  return candidates.find((u) => existsSync(fileURLToPath(u))) ?? null;
}

export class LedgerWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(private readonly file: string, private readonly script: URL) {}

  /** Settles `previous` and inserts `rows` in ONE transaction on the worker's connection; resolves once committed. */
  async commit(rows: ChangeRow[], previous: Settlement[]): Promise<void> {
    await this.send({ rows, previous });
  }

  /**
   * Runs one statement (an INSERT ... ON CONFLICT, an upsert) per values list in ONE transaction; resolves
   * once committed with, for each, whether it changed a row. The pipeline's event commits and the
   * sources' checkpoints: their statements and fsync do not hold up fetching and decoding.
   */
  async runEach(sql: string, values: unknown[][]): Promise<boolean[]> {
    return (await this.send({ sql, values })) as boolean[];
  }

  private send(message: object): Promise<unknown> {
    const w = this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) w.ref(); // keep the process alive only while a commit is under way
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, ...message });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, { workerData: { file: this.file } satisfies WriterData });
    w.unref();
    w.on('message', (m: WriterAnswer) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.result);
    });
    // The worker died (out of memory, a driver crash): whatever it was committing is unknown to
    // the caller, who treats it as a failed ledger commit (the batch is not written); the next
    // commit starts a new worker.
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`ledger writer thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }
}
