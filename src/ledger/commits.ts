import type { Database, Statement } from 'better-sqlite3';

// The embedded ledger's commits, written once and run on either connection to the file: the main
// thread's (an in-memory ledger, or no compiled writer thread) and the writer thread's
// (./writer-thread.ts). Both open the file the same way and commit the same statements.

/** What one committed write batch leaves to record: its changes applied, its events written or skipped. */
export interface Settlement { batch: string | null; runId: string; written: number[]; skipped: { id: number; note: string }[] }

/** A prepared change as stored: old and new values encoded, state 'prepared' until its batch commits. */
export interface ChangeRow { run_id: string; target: string; batch: string; row_key: string; event_ids: string; old_values: string; new_values: string; state: 'prepared' }

const SQL = {
  applied: `UPDATE changes SET state = 'applied' WHERE batch = ?`,
  written: `UPDATE events SET state = 'written', note = NULL, written_run = ?, written_at = ? WHERE id = ?`,
  skipped: `UPDATE events SET state = 'skipped', note = ? WHERE id = ?`,
  insertChange: `INSERT INTO changes (run_id, target, batch, row_key, event_ids, old_values, new_values, state)
    VALUES (@run_id, @target, @batch, @row_key, @event_ids, @old_values, @new_values, @state)`,
} as const;

/**
 * WAL, and synchronous stays FULL: a message is moved on the IMAP server right after its ledger
 * commit, so a commit lost to a power cut (NORMAL only survives a process crash) would lose that
 * bounce. Messages are committed in batches, so the one fsync per commit is cheap.
 */
export function usePragmas(conn: Database): void {
  conn.pragma('journal_mode = wal');
  conn.pragma('synchronous = full');
  conn.pragma('busy_timeout = 5000');
}

// Prepared once per connection and reused (preparing is most of the cost of a small statement).
const prepared = new WeakMap<Database, Map<string, Statement>>();
export function statement(conn: Database, sql: string): Statement {
  let m = prepared.get(conn);
  if (!m) prepared.set(conn, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = conn.prepare(sql)));
  return st;
}

/** Settles batches inside the caller's transaction. */
export function settle(conn: Database, all: Settlement[]): void {
  const at = new Date().toISOString();
  for (const o of all) {
    if (o.batch) statement(conn, SQL.applied).run(o.batch);
    for (const id of o.written) statement(conn, SQL.written).run(o.runId, at, id);
    for (const x of o.skipped) statement(conn, SQL.skipped).run(x.note, x.id);
  }
}

/** Settles `previous` and inserts a batch's prepared changes, in ONE transaction. */
export function commitChanges(conn: Database, rows: ChangeRow[], previous: Settlement[]): void {
  conn.transaction(() => {
    settle(conn, previous);
    for (const r of rows) statement(conn, SQL.insertChange).run(r);
  })();
}

/** Runs one statement per values list in ONE transaction; for each, whether it changed a row. */
export function runEach(conn: Database, sql: string, values: unknown[][]): boolean[] {
  return conn.transaction(() => values.map((v) => statement(conn, sql).run(v).changes === 1))();
}
