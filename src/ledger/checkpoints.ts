import type { Database } from 'better-sqlite3';

/** Where a source got to in one mailbox: every UID up to lastUid is dealt with. */
export interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

/**
 * Read positions and failure counts of mail sources, kept in the ledger's SQLite file so a
 * restart resumes where the last run stopped. Lives beside the events; the events themselves
 * are keyed, so a checkpoint that lags behind only costs a re-read, never a double count.
 */
export class Checkpoints {
  constructor(private readonly db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS source_checkpoints (
        source TEXT NOT NULL, mailbox TEXT NOT NULL, uid_validity TEXT NOT NULL, last_uid INTEGER NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (source, mailbox));
      CREATE TABLE IF NOT EXISTS source_failures (
        source TEXT NOT NULL, message TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (source, message));`);
  }

  get(source: string, mailbox: string): Checkpoint | null {
    const row = this.db.prepare('SELECT uid_validity, last_uid FROM source_checkpoints WHERE source = ? AND mailbox = ?')
      .get(source, mailbox) as { uid_validity: string; last_uid: number } | undefined;
    return row ? { uidValidity: row.uid_validity, lastUid: row.last_uid } : null;
  }

  set(source: string, mailbox: string, cp: Checkpoint): void {
    this.db.prepare(`INSERT INTO source_checkpoints (source, mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (source, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = excluded.updated_at`)
      .run(source, mailbox, cp.uidValidity, cp.lastUid, new Date().toISOString());
  }

  /** Count one more failed attempt at a message; returns the attempts so far. */
  failed(source: string, message: string, error: string): number {
    const row = this.db.prepare(`INSERT INTO source_failures (source, message, attempts, last_error, updated_at) VALUES (?, ?, 1, ?, ?)
      ON CONFLICT (source, message) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error, updated_at = excluded.updated_at
      RETURNING attempts`).get(source, message, error, new Date().toISOString()) as { attempts: number };
    return row.attempts;
  }

  /** Forget failures of a message that has now been dealt with. */
  cleared(source: string, message: string): void {
    this.db.prepare('DELETE FROM source_failures WHERE source = ? AND message = ?').run(source, message);
  }
}
