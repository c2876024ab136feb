import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Settlement } from './index.js';

// The embedded ledger's write-back commits (a batch's old and new values, with the settlement of
// the batches committed before it) run on a worker thread with its own connection to the same
// file. better-sqlite3 is synchronous: on the main thread each such commit (statements, WAL fsync,
// now and then a checkpoint) would stop everything else, including the batch that holds row locks
// in the customer's database. Same file, same WAL, same `synchronous = FULL`: the commit is as
// durable as one on the main thread, and the caller still waits for it before it touches the
// customer's table.

export const SQL = {
  applied: `UPDATE changes SET state = 'applied' WHERE batch = ?`,
  written: `UPDATE events SET state = 'written', note = NULL, written_run = ?, written_at = ? WHERE id = ?`,
  skipped: `UPDATE events SET state = 'skipped', note = ? WHERE id = ?`,
  insertChange: `INSERT INTO changes (run_id, target, batch, row_key, event_ids, old_values, new_values, state)
    VALUES (@run_id, @target, @batch, @row_key, @event_ids, @old_values, @new_values, @state)`,
} as const;

export interface ChangeRow { run_id: string; target: string; batch: string; row_key: string; event_ids: string; old_values: string; new_values: string; state: 'prepared' }

// Plain CommonJS, run with `eval`: it loads from the built tree and from the TypeScript sources
// alike (the driver's path is resolved here and handed over). It must stay in step with
// settleSqlite in ./index.ts, which does the same on the main thread's connection.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = wal');
db.pragma('synchronous = full');
db.pragma('busy_timeout = 5000');
const sql = workerData.sql;
const applied = db.prepare(sql.applied), written = db.prepare(sql.written), skipped = db.prepare(sql.skipped), insert = db.prepare(sql.insertChange);
const commit = db.transaction((m) => {
  const at = new Date().toISOString();
  for (const o of m.previous) {
    if (o.batch) applied.run(o.batch);
    for (const id of o.written) written.run(o.runId, at, id);
    for (const x of o.skipped) skipped.run(x.note, x.id);
  }
  for (const r of m.rows) insert.run(r);
});
const statements = new Map();
const prepared = (text) => { let s = statements.get(text); if (!s) statements.set(text, (s = db.prepare(text))); return s; };
const insertEvents = db.transaction((m) => { const s = prepared(m.sql); return m.values.map((v) => s.run(v).changes === 1); });
parentPort.on('message', (m) => {
  try {
    if (m.events) return parentPort.postMessage({ id: m.id, result: insertEvents(m.events) });
    commit(m);
    parentPort.postMessage({ id: m.id });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), code: e && e.code } });
  }
});
`;

export class LedgerWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(private readonly file: string) {}

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
    return (await this.send({ events: { sql, values } })) as boolean[];
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
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER, { eval: true, workerData: { file: this.file, driver, sql: SQL } });
    w.unref();
    w.on('message', (m: { id: number; result?: unknown; error?: { message: string; code?: string } }) => {
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
