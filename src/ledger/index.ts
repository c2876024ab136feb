import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as SqliteDb } from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import type { Adapter } from '../../adapters/adapter.js';
import { adapter as sqliteAdapter } from '../../adapters/sqlite.js';
import { normalAddress } from '../core/address.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { Decision, Kind } from '../core/types.js';
import { addMissingColumns } from './columns.js';
import { addMissingIndexes, key } from './indexes.js';
import { decode, encode, fromPendingRow, fromRow } from './rows.js';
import { endGoneRuns, openedBy } from './runs.js';
import { commitChanges, runEach, settle, statement, usePragmas, type ChangeRow, type Settlement } from './commits.js';
import { LedgerWriter, writerScript } from './writer.js';

export type { Settlement };

// The ledger is the source of truth: one row per event (source id + recipient), written and
// committed before anything else happens. Write-back only projects it onto the customer's table.
// Embedded SQLite by default; or the same tables, with a prefix, in the customer's database.

export type { Decision } from '../core/types.js';
export type WriteState = 'pending' | 'written' | 'skipped' | 'none' | 'undone';
export type MatchBy = 'token' | 'message-id' | 'address' | 'bad-token' | 'none';

export interface NewEvent {
  eventKey: string;
  source: string;
  sourceId: string;
  receivedAt: Date;
  kind: Kind;
  address: string;             // '' for a message with no recipient (errors, non-bounces)
  rowKey: string | null;       // the row's key as text: every path (token, Message-ID, address) spells it the same
  matchBy: MatchBy;
  matchStrength: 'strong' | 'weak' | 'none';
  matchNote: string | null;
  reason: string | null;
  status: string | null;
  replyCode: string | null;
  diagnostic: string | null;
  rule: string | null;
  decodedBy: string | null;
  decision: Decision;
  why: string;
  softCounted: boolean;
  softCount: number | null;
  fingerprint: string | null;
}

export interface LedgerEvent extends NewEvent {
  id: number;
  runId: string;
  day: string;
  state: WriteState;
  note: string | null;
  writtenRun: string | null;
}

/** What the write-back reads of a pending event: only these columns are fetched (a third of the cost of the whole row). */
export type PendingEvent = Pick<LedgerEvent, 'id' | 'runId' | 'rowKey' | 'address' | 'receivedAt' | 'reason' | 'status' | 'decision' | 'softCounted' | 'softCount' | 'fingerprint'>;
const PENDING_COLUMNS = ['id', 'run_id', 'row_key', 'address', 'received_at', 'reason', 'status', 'decision', 'soft_counted', 'soft_count', 'fingerprint'] as const;

export interface LaterChange { id: number; runId: string; rowKey: string }

export interface Change {
  /** What the change was written to: '' (or absent) for the mapped table; a CRM preset's shape and table otherwise (src/store/shapes/). */
  target?: string;
  runId: string;
  rowKey: string;
  eventIds: number[];
  old: Record<string, unknown>;
  new: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const COLUMNS = ['event_key', 'run_id', 'source', 'source_id', 'received_at', 'day', 'kind', 'address', 'row_key', 'match_by', 'match_strength', 'match_note',
  'reason', 'status', 'reply_code', 'diagnostic', 'rule', 'decoded_by', 'decision', 'why', 'soft_counted', 'soft_count', 'fingerprint', 'state', 'note'] as const;

const SELECT_PENDING = `SELECT ${PENDING_COLUMNS.join(', ')} FROM events WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?`;
const INSERT_EVENT = `INSERT INTO events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (event_key) DO NOTHING`;

function toRow(runId: string, e: NewEvent): Record<(typeof COLUMNS)[number], string | number | boolean | null> & { event_key: string } {
  return {
    event_key: e.eventKey, run_id: runId, source: e.source, source_id: e.sourceId,
    received_at: e.receivedAt.toISOString(), day: dayOf(e.receivedAt), kind: e.kind, address: e.address,
    row_key: e.rowKey, match_by: e.matchBy, match_strength: e.matchStrength, match_note: e.matchNote,
    reason: e.reason, status: e.status, reply_code: e.replyCode, diagnostic: e.diagnostic?.slice(0, 2000) ?? null,
    rule: e.rule, decoded_by: e.decodedBy, decision: e.decision, why: e.why.slice(0, 300),
    soft_counted: e.softCounted, soft_count: e.softCount, fingerprint: e.fingerprint,
    state: ['flag', 'soft', 'optout'].includes(e.decision) ? 'pending' : 'none', note: null,
  };
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function changeOf(r: Record<string, string | number>): Change & { id: number; state: string } {
  return {
    id: Number(r.id), target: r.target == null ? '' : String(r.target), runId: String(r.run_id), rowKey: String(r.row_key), state: String(r.state),
    eventIds: JSON.parse(String(r.event_ids)), old: decode(String(r.old_values)), new: decode(String(r.new_values)),
  };
}

/** How a ledger is opened: a dry run adds nothing to an existing one (not even a missing index). */
export interface OpenOptions { log?: Logger; dryRun?: boolean }

export class Ledger {
  /** Later indexes this ledger lacks (see ./indexes.ts): reads that would use one take another way. */
  private missing = new Set<string>();

  private constructor(readonly db: Knex | Knex.Transaction, private readonly prefix: string, private readonly owned: Knex | null, private readonly writer: LedgerWriter | null = null) {}

  /** The embedded file opened here (not a dry run's transaction): its one connection may be used directly. */
  private get sqlite(): boolean {
    return this.owned !== null;
  }

  /** Borrows knex's single better-sqlite3 connection (pool of one), so both never write at once. */
  private async withConnection<T>(fn: (conn: SqliteDb) => T): Promise<T> {
    const client = (this.owned as Knex).client as { acquireConnection(): Promise<SqliteDb>; releaseConnection(c: SqliteDb): Promise<void> };
    const conn = await client.acquireConnection();
    try {
      return fn(conn);
    } finally {
      await client.releaseConnection(conn);
    }
  }

  /** Opens (and creates, if new) the embedded ledger file; how and why it is opened so: ./commits.ts. */
  static async openSqlite(file: string, o: OpenOptions = {}): Promise<Ledger> {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const pragmas = (conn: SqliteDb, done: (err: Error | null, conn: SqliteDb) => void) => { usePragmas(conn); done(null, conn); };
    const db = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate: pragmas } });
    // A file (not ':memory:', which a second connection would not see) gets a writer thread for the write-back's commits.
    const script = file === ':memory:' ? null : writerScript();
    const ledger = new Ledger(db, '', db, script ? new LedgerWriter(file, script) : null);
    await ledger.migrate(sqliteAdapter, o);
    await ledger.endGone(o);
    return ledger;
  }

  /** Uses tables named PREFIX+events, ... in a server database the caller owns (`adapter` reads its catalog). */
  static async openIn(db: Knex, prefix: string, adapter: Adapter, o: OpenOptions = {}): Promise<Ledger> {
    const ledger = new Ledger(db, prefix, null);
    await ledger.migrate(adapter, o);
    await ledger.endGone(o);
    return ledger;
  }

  /** Runs whose process is gone get their end (./runs.ts); a dry run only reads. */
  private async endGone(o: OpenOptions): Promise<void> {
    if (o.dryRun) return;
    const ended = await endGoneRuns(this);
    if (ended.length) (o.log ?? silentLogger).warn({ runs: ended }, 'runs whose process ended without finishing them are marked interrupted');
  }

  /** Runs fn against a ledger whose every write is rolled back at the end: the dry run. */
  async dryRun<T>(fn: (l: Ledger) => Promise<T>): Promise<T> {
    let out: T | undefined;
    const rollback = new Error('dry run: rolled back');
    await (this.db as Knex).transaction(async (trx) => {
      const dry = new Ledger(trx, this.prefix, null);
      dry.missing = this.missing;
      out = await fn(dry);
      throw rollback;
    }).catch((e) => { if (e !== rollback) throw e; });
    return out as T;
  }

  t(name: 'events' | 'changes' | 'runs' | 'kv'): string { return this.prefix + name; }

  private async migrate(adapter: Adapter, o: OpenOptions): Promise<void> {
    if (!(await this.db.schema.hasTable(this.t('runs')))) {
      await this.db.schema.createTable(this.t('runs'), (t) => {
        t.string('id', 40).primary();
        t.string('started_at', 30).notNullable();
        t.string('finished_at', 30);
        t.text('summary');
      });
    }
    if (!(await this.db.schema.hasTable(this.t('events')))) {
      await this.db.schema.createTable(this.t('events'), (t) => {
        t.increments('id');
        t.string('event_key', 700).notNullable().unique();
        t.string('run_id', 40).notNullable();
        t.string('source', 200).notNullable();
        t.string('source_id', 400).notNullable();
        t.string('received_at', 30).notNullable();
        t.string('day', 10).notNullable();
        t.string('kind', 20).notNullable();
        t.string('address', 320).notNullable();
        t.string('row_key', 200);
        t.string('match_by', 20).notNullable();
        t.string('match_strength', 10).notNullable();
        t.string('match_note', 200);
        t.string('reason', 40);
        t.string('status', 20);
        t.string('reply_code', 10);
        t.text('diagnostic');
        t.string('rule', 200);
        t.string('decoded_by', 60);
        t.string('decision', 20).notNullable();
        t.string('why', 300).notNullable();
        t.boolean('soft_counted').notNullable();
        t.integer('soft_count');
        t.string('fingerprint', 64);
        t.string('state', 10).notNullable();
        t.string('note', 500);
        t.string('written_run', 40);
        t.string('written_at', 30);
        t.index(['state', 'id']);
        t.index(['row_key', 'day']);
        t.index(['fingerprint', 'received_at']);
      });
    }
    if (!(await this.db.schema.hasTable(this.t('changes')))) {
      await this.db.schema.createTable(this.t('changes'), (t) => {
        t.increments('id');
        t.string('run_id', 40).notNullable().index();
        t.string('batch', 36).notNullable().index();
        t.string('row_key', 200).notNullable().index();
        t.text('event_ids').notNullable();
        t.text('old_values').notNullable();
        t.text('new_values').notNullable();
        // prepared → applied → undone; void: rolled back for sure, or found never written once its run
        // had ended (src/store/leftovers.ts).
        t.string('state', 10).notNullable();
        t.string('target', 100).notNullable().defaultTo('');
      });
    }
    // Ledgers made before CRM presets get the target column (src/ledger/columns.ts).
    await addMissingColumns(this.db as Knex, this.prefix, { dryRun: o.dryRun ?? false });
    if (!(await this.db.schema.hasTable(this.t('kv')))) {
      await this.db.schema.createTable(this.t('kv'), (t) => {
        t.string('k', 400).primary();
        t.text('v').notNullable();
      });
    }
    // Ledgers made before an index existed get it now (or a warning saying how to add it).
    this.missing = await addMissingIndexes(this.db as Knex, adapter, this.prefix, { log: o.log ?? silentLogger, dryRun: o.dryRun ?? false });
  }

  async startRun(now = new Date()): Promise<string> {
    const id = `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${Math.random().toString(36).slice(2, 6)}`;
    await this.db(this.t('runs')).insert({ id, started_at: now.toISOString(), summary: openedBy() });
    return id;
  }

  async finishRun(id: string, summary: object): Promise<void> {
    await this.db(this.t('runs')).where({ id }).update({ finished_at: new Date().toISOString(), summary: JSON.stringify(summary) });
  }

  async has(eventKey: string): Promise<boolean> {
    return !!(await this.db(this.t('events')).where({ event_key: eventKey }).first('id'));
  }

  /** Records events in one transaction; an event already recorded is left as it was. Returns how many were new. */
  async record(runId: string, events: NewEvent[]): Promise<number> {
    return (await this.recordFresh(runId, events)).size;
  }

  /**
   * Records events (of one message or a batch of them) in ONE transaction and returns the keys of
   * those that were new; an event already recorded is left as it was. The embedded ledger uses
   * cached prepared statements (knex built every query anew: a third of the run's time).
   */
  async recordFresh(runId: string, events: NewEvent[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    if (events.length === 0) return fresh;
    const rows = events.map((e) => toRow(runId, e));
    if (this.sqlite) {
      // Values by position: binding 26 named parameters cost more than the insert.
      const values = rows.map((r) => COLUMNS.map((c) => (c === 'soft_counted' ? (r.soft_counted ? 1 : 0) : r[c])));
      // On the writer thread (see ./writer.ts): same file, same durability, the caller still
      // waits for the commit before any message is moved; this thread fetches meanwhile.
      const inserted = this.writer ? await this.writer.runEach(INSERT_EVENT, values) : await this.withConnection((conn) => runEach(conn, INSERT_EVENT, values));
      rows.forEach((r, i) => { if (inserted[i]) fresh.add(r.event_key); });
      return fresh;
    }
    // A server database: batched statements, kept under SQL Server's 2,100 parameters.
    await (this.db as Knex).transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += 60) {
        const part = rows.slice(i, i + 60);
        const seen = new Set((await trx(this.t('events')).whereIn('event_key', part.map((r) => r.event_key)).pluck('event_key')).map(String));
        const todo = part.filter((r) => !seen.has(r.event_key) && !fresh.has(r.event_key));
        if (todo.length) await trx(this.t('events')).insert(todo).onConflict('event_key').ignore();
        for (const r of todo) fresh.add(r.event_key);
      }
    });
    return fresh;
  }

  /** Days (UTC) with a counted soft bounce for this row in the window ending on `at`. */
  async softDays(rowKey: string, at: Date, withinDays: number): Promise<string[]> {
    return (await this.softDaysMany([rowKey], dayOf(new Date(at.getTime() - (withinDays - 1) * DAY_MS)), dayOf(at))).get(rowKey) ?? [];
  }

  /** Days (UTC, from..to inclusive) with a counted soft bounce, for many rows in one query per 500. */
  async softDaysMany(rowKeys: string[], from: string, to: string): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const keys = [...new Set(rowKeys)];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db(this.t('events')).distinct('row_key', 'day').whereIn('row_key', keys.slice(i, i + 500))
        .andWhere({ soft_counted: true }).andWhere('day', '>=', from).andWhere('day', '<=', to);
      for (const r of rows as { row_key: string; day: string }[]) out.set(String(r.row_key), [...(out.get(String(r.row_key)) ?? []), r.day]);
    }
    return out;
  }

  /** Pending events in id order, after `afterId`: what the write-back needs of them. */
  async pending(limit: number, afterId = 0): Promise<PendingEvent[]> {
    if (this.sqlite) {
      return this.withConnection((conn) => (statement(conn, SELECT_PENDING).all(afterId, limit) as Record<string, unknown>[]).map(fromPendingRow));
    }
    const rows = await this.db(this.t('events')).select(PENDING_COLUMNS).where({ state: 'pending' }).andWhere('id', '>', afterId).orderBy('id').limit(limit);
    return rows.map(fromPendingRow);
  }

  async countPending(): Promise<number> {
    const r = await this.db(this.t('events')).where({ state: 'pending' }).count({ n: '*' }).first();
    return Number(r?.n ?? 0);
  }

  /** How many flag-worthy events in the last day share each fingerprint: a burst is a block, not dead addresses. */
  async fingerprintCounts(fingerprints: string[], since: Date): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (fingerprints.length === 0) return out;
    const rows = await this.db(this.t('events')).select('fingerprint').count({ n: '*' })
      .whereIn('fingerprint', [...new Set(fingerprints)]).andWhere('received_at', '>=', since.toISOString()).groupBy('fingerprint');
    for (const r of rows as { fingerprint: string; n: number | string }[]) out.set(r.fingerprint, Number(r.n));
    return out;
  }

  async setState(ids: number[], state: WriteState, note: string | null, runId?: string, decision?: Decision): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db(this.t('events')).whereIn('id', ids.slice(i, i + 500)).update({
        state, note, ...(runId ? { written_run: runId, written_at: new Date().toISOString() } : {}), ...(decision ? { decision } : {}),
      });
    }
  }

  /** After batches committed in the customer's database: their changes applied, their events written or skipped, in one commit. */
  async settle(o: Settlement | Settlement[]): Promise<void> {
    const all = Array.isArray(o) ? o : [o];
    if (all.length === 0) return;
    if (this.sqlite) {
      await this.withConnection((conn) => conn.transaction(() => settle(conn, all))());
      return;
    }
    await (this.db as Knex).transaction(async (trx) => { for (const x of all) await new Ledger(trx, this.prefix, null).settleIn(x); });
  }

  private async settleIn(o: Settlement): Promise<void> {
    if (o.batch) await this.setBatchState(o.batch, 'applied');
    await this.setState(o.written, 'written', null, o.runId);
    for (const note of new Set(o.skipped.map((x) => x.note))) await this.setState(o.skipped.filter((x) => x.note === note).map((x) => x.id), 'skipped', note);
  }

  /**
   * Old and new values, committed before the customer's transaction commits, so undo never misses
   * one. `previous` (the settlements of batches committed since the last prepare) ride in the same
   * commit: one fsync instead of two. Until then that batch is committed in the customer's table but still pending here, the
   * state a crash there always left (the next run re-plans it, finds it unchanged and settles it;
   * its prepared changes stay undoable).
   */
  async prepareChanges(changes: Change[], previous: Settlement[] = []): Promise<string> {
    const batch = randomUUID();
    const rows = changes.map((c): ChangeRow => ({
      run_id: c.runId, target: c.target ?? '', batch, row_key: c.rowKey, event_ids: JSON.stringify(c.eventIds),
      old_values: encode(c.old), new_values: encode(c.new), state: 'prepared',
    }));
    if (this.writer) {
      // Off the main thread (see ./writer.ts): the same transaction, on the writer's connection.
      await this.writer.commit(rows, previous);
      return batch;
    }
    if (this.sqlite) {
      // The embedded file: cached prepared statements (knex compiled and SQLite prepared each
      // batch's statements anew: a large share of the write-back's time).
      await this.withConnection((conn) => commitChanges(conn, rows, previous));
      return batch;
    }
    await (this.db as Knex).transaction(async (trx) => {
      for (const x of previous) await new Ledger(trx, this.prefix, null).settleIn(x);
      for (let i = 0; i < rows.length; i += 200) await trx(this.t('changes')).insert(rows.slice(i, i + 200));
    });
    return batch;
  }

  async setBatchState(batch: string, state: 'applied' | 'void'): Promise<void> {
    await this.db(this.t('changes')).where({ batch }).update({ state });
  }

  async setChangeState(ids: number[], state: 'undone' | 'applied' | 'void'): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) await this.db(this.t('changes')).whereIn('id', ids.slice(i, i + 500)).update({ state });
  }

  /** A run's changes, newest first; by default those undo may restore (prepared or applied). */
  async changesOfRun(runId: string, states = ['prepared', 'applied']): Promise<(Change & { id: number; state: string })[]> {
    return (await this.db(this.t('changes')).where({ run_id: runId }).whereIn('state', states).orderBy('id', 'desc')).map(changeOf);
  }

  /**
   * Changes still `prepared` whose run has ended (finished, or ended as interrupted): no batch is
   * about to apply them any more, so whether they were applied is read from the table
   * (src/store/leftovers.ts). In id order, after `afterId`.
   */
  async leftoverChanges(afterId: number, limit: number): Promise<(Change & { id: number; state: string })[]> {
    const c = this.t('changes');
    const rows = await this.db(c).join(this.t('runs'), `${this.t('runs')}.id`, `${c}.run_id`)
      .where(`${c}.state`, 'prepared').whereNotNull(`${this.t('runs')}.finished_at`).andWhere(`${c}.id`, '>', afterId)
      .orderBy(`${c}.id`).limit(limit).select(`${c}.*`);
    return rows.map(changeOf);
  }

  /**
   * Changes other runs made to these rows after change `afterId` and not undone (applied, or
   * prepared: possibly written). Undo of the earlier run leaves such rows as they are.
   * Looked up by row_key, 500 rows at a time, in id order for each row. A ledger whose account
   * could not add the row_key index reads every later change instead, once, a page at a time:
   * without the index each lookup by key would read them all again.
   */
  async laterChanges(runId: string, rowKeys: ReadonlySet<string>, afterId: number): Promise<LaterChange[]> {
    const out: LaterChange[] = [];
    const later = () => this.db(this.t('changes')).select('id', 'run_id', 'row_key')
      .where('id', '>', afterId).whereNot('run_id', runId).whereIn('state', ['prepared', 'applied']);
    const take = (rows: Record<string, string | number>[]) => {
      for (const r of rows) {
        if (rowKeys.has(String(r.row_key))) out.push({ id: Number(r.id), runId: String(r.run_id), rowKey: String(r.row_key) });
      }
    };
    if (!this.missing.has(key({ table: 'changes', columns: ['row_key'] }))) {
      const keys = [...rowKeys];
      for (let i = 0; i < keys.length; i += 500) take(await later().whereIn('row_key', keys.slice(i, i + 500)).orderBy('id'));
      return out;
    }
    for (let after = afterId; ;) {
      const rows: Record<string, string | number>[] = await later().andWhere('id', '>', after).orderBy('id').limit(5000);
      if (rows.length === 0) return out;
      take(rows);
      after = Number(rows[rows.length - 1].id);
    }
  }

  async list(opts: { since?: Date; address?: string; limit?: number } = {}): Promise<LedgerEvent[]> {
    let q = this.db(this.t('events')).orderBy('id').limit(opts.limit ?? 10_000);
    if (opts.since) q = q.where('received_at', '>=', opts.since.toISOString());
    if (opts.address) q = q.where('address', normalAddress(opts.address));
    return (await q).map(fromRow);
  }

  async runExists(id: string): Promise<boolean> {
    return !!(await this.db(this.t('runs')).where({ id }).first('id'));
  }

  /** Small key/value store: the IMAP source keeps its checkpoints (UIDVALIDITY, last UID) here. */
  async getKv(k: string): Promise<string | null> {
    const r = await this.db(this.t('kv')).where({ k }).first('v');
    return r ? String(r.v) : null;
  }

  async setKv(k: string, v: string): Promise<void> {
    // Embedded file: on the writer thread, so a checkpoint's commit (and fsync) never stalls this
    // one, nor waits on it for the write lock while the writer commits events.
    if (this.writer) await this.writer.runEach('INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', [[k, v]]);
    else await this.db(this.t('kv')).insert({ k, v }).onConflict('k').merge();
  }

  async close(): Promise<void> {
    await this.writer?.close();
    await this.owned?.destroy();
  }
}
