import type { Database } from 'better-sqlite3';

/** Where a source got to in one mailbox: every UID up to lastUid is dealt with. */
export interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

/** The ledger's key-value table (the Ledger class has these two methods). */
export interface KeyValue {
  getKv(k: string): Promise<string | null>;
  setKv(k: string, v: string): Promise<void>;
}

/**
 * Read positions and failure counts of mail sources, kept in the ledger (embedded SQLite or the
 * server database) so a restart resumes where the last run stopped. The events themselves are
 * keyed, so a checkpoint that lags behind only costs a re-read, never a double count.
 */
export class Checkpoints {
  constructor(private readonly kv: KeyValue) {}

  /** For a bare better-sqlite3 file (tests, tools): a kv table of its own. */
  static sqlite(db: Database): Checkpoints {
    db.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    const get = db.prepare('SELECT v FROM kv WHERE k = ?');
    const set = db.prepare('INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    return new Checkpoints({
      getKv: async (k) => (get.get(k) as { v: string } | undefined)?.v ?? null,
      setKv: async (k, v) => { set.run(k, v); },
    });
  }

  /** Kept in memory only: for a dry run, which must not write anywhere. */
  static memory(): Checkpoints {
    const m = new Map<string, string>();
    return new Checkpoints({ getKv: async (k) => m.get(k) ?? null, setKv: async (k, v) => { m.set(k, v); } });
  }

  async get(source: string, mailbox: string): Promise<Checkpoint | null> {
    const v = await this.kv.getKv(`checkpoint:${source}:${mailbox}`);
    return v ? (JSON.parse(v) as Checkpoint) : null;
  }

  async set(source: string, mailbox: string, cp: Checkpoint): Promise<void> {
    await this.kv.setKv(`checkpoint:${source}:${mailbox}`, JSON.stringify({ uidValidity: cp.uidValidity, lastUid: cp.lastUid }));
  }

  /** Count one more failed attempt at a message; returns the attempts so far. */
  async failed(source: string, message: string, error: string): Promise<number> {
    const k = `failures:${source}:${message}`;
    const prev = await this.kv.getKv(k);
    const attempts = (prev ? (JSON.parse(prev) as { attempts: number }).attempts : 0) + 1;
    await this.kv.setKv(k, JSON.stringify({ attempts, error, at: new Date().toISOString() }));
    return attempts;
  }

  /** Attempts recorded so far for a message (0 when none). */
  async attempts(source: string, message: string): Promise<number> {
    const v = await this.kv.getKv(`failures:${source}:${message}`);
    return v ? (JSON.parse(v) as { attempts: number }).attempts : 0;
  }
}
