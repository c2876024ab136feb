// A stand-in for src/flow/flow.ts in the runner loop tests (named as such): the real decoder, then
// events keyed by message id + recipient in a real SQLite ledger table (no matching, no policy); writeBack copies pending events into a real SQLite "customer"
// table and can be told the database is down. The agent and IMAP source under test are real.
import Database from 'better-sqlite3';
import type { Handled, Processor } from '../../src/core/ports.js';
import type { Returned } from '../../src/core/types.js';
import { decode } from '../../src/decode/index.js';

export class TestProcessor implements Processor {
  readonly db = new Database(':memory:');
  databaseDown = false;
  /** Called before each message: throw to make processing fail, await to slow it down. */
  before: (m: Returned) => Promise<void> | void = () => undefined;

  constructor() {
    this.db.exec(`CREATE TABLE events (key TEXT PRIMARY KEY, address TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending');
      CREATE TABLE contacts (address TEXT PRIMARY KEY, bounced INTEGER NOT NULL, writes INTEGER NOT NULL);`);
  }

  async handle(m: Returned): Promise<Handled> {
    await this.before(m);
    const d = decode(m.raw);
    if (d.kind === 'error') return { outcome: 'quarantined', kind: d.kind };
    const rcpts = d.recipients.filter((r) => r.action === 'failed').map((r) => r.address.toLowerCase());
    if (!rcpts.length) return { outcome: 'unrecognised', kind: d.kind };
    const ins = this.db.prepare('INSERT OR IGNORE INTO events (key, address) VALUES (?, ?)');
    this.db.transaction(() => { for (const r of rcpts) ins.run(`${m.id}:${r}`, r); })();
    return { outcome: 'processed', kind: 'bounce' };
  }

  async writeBack(): Promise<{ written: number; pending: number }> {
    if (this.databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
    const pending = this.db.prepare("SELECT key, address FROM events WHERE state = 'pending'").all() as { key: string; address: string }[];
    const up = this.db.prepare('INSERT INTO contacts (address, bounced, writes) VALUES (?, 1, 1) ON CONFLICT (address) DO UPDATE SET bounced = 1, writes = writes + 1');
    const done = this.db.prepare("UPDATE events SET state = 'written' WHERE key = ?");
    this.db.transaction(() => { for (const p of pending) { up.run(p.address); done.run(p.key); } })();
    return { written: pending.length, pending: 0 };
  }

  count(sql: string): number {
    return (this.db.prepare(sql).get() as { n: number }).n;
  }
}

/** The same stand-in, committing a batch at a time as the real pipeline does (handleMany). */
export class BatchingTestProcessor extends TestProcessor {
  batches: number[] = [];
  async handleMany(ms: Returned[]): Promise<(Handled | Error)[]> {
    this.batches.push(ms.length);
    const out: (Handled | Error)[] = [];
    for (const m of ms) out.push(await this.handle(m).catch((e: Error) => e));
    return out;
  }
}
