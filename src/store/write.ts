import type { Knex } from 'knex';
import type { Adapter } from '../../adapters/adapter.js';
import type { Logger } from '../core/log.js';
import type { Policy } from '../config/schema.js';
import type { Change, Ledger, PendingEvent, Settlement } from '../ledger/index.js';
import { normalAddress } from '../core/address.js';
import { backoffMs, sleep } from '../core/backoff.js';
import { dbMessage } from '../core/errors.js';
import { isUnavailable } from './connect.js';
import { settleLeftovers } from './leftovers.js';
import { from, restrict, type Mapping } from './mapping.js';
import { same } from './same.js';

// Projects pending ledger events onto the customer's table: absolute values only, in short
// batched transactions (rows locked in key order, lock timeout, deadlock retry), old values
// committed to the ledger first so every change can be undone.

export interface RowChangeView { key: unknown; column: string; old: unknown; new: unknown }

export interface WriteSummary {
  rowsChanged: number;
  unchanged: number;
  skipped: number;          // row gone, address changed, outside recipients.where
  review: number;           // turned to review by the burst rule
  batches: number;
  retries: number;
  longestBatchMs: number;
  pendingLeft: number;      // events still pending (database down)
  error: string | null;
  changes: RowChangeView[]; // dry run: the exact changes
}

export interface WriteOptions {
  db: Knex;
  adapter: Adapter;
  mapping: Mapping;
  ledger: Ledger;
  runId: string;
  policy: Policy;
  dryRun: boolean;
  batchSize: number;
  lockTimeoutMs: number;
  log: Logger;
  now?: Date;
}

const MAX_RETRIES = 5;

export async function writePending(o: WriteOptions): Promise<WriteSummary> {
  const s: WriteSummary = { rowsChanged: 0, unchanged: 0, skipped: 0, review: 0, batches: 0, retries: 0, longestBatchMs: 0, pendingLeft: 0, error: null, changes: [] };
  const columnsPerRow = Math.max(1, Object.keys(o.mapping.roles).length);
  const size = Math.max(1, Math.min(o.batchSize, Math.floor(o.adapter.caps.maxParams / (2 * columnsPerRow + 2))));
  let afterId = 0;
  // Committed batches whose ledger settlement has not been written yet: it rides on the next
  // prepare commit (or is written on its own at the end).
  const unsettled: Settlement[] = [];
  let failure: unknown = null;
  // What runs that ended left prepared is settled before this write-back plans from the same rows.
  await settleLeftovers(o).catch((e: unknown) => { failure = e; });
  // Two stages overlap: while one batch holds its row locks (its locked transaction, and any
  // retries), the next batch is read without locks, planned and prepared in the ledger on another
  // connection. At most one batch is in each stage; locked transactions still run one at a time,
  // in ledger order, and a batch that shares a row with the one in flight waits for its commit
  // before it reads, so it plans from the values that batch left. (The embedded ledger commits on
  // a thread of its own, so its fsync does not stall the batch that holds the locks.)
  let writing: Promise<void> = Promise.resolve();
  let writingKeys = new Set<string>();
  let preparing: Promise<unknown> = Promise.resolve();
  // The ledger itself failing (reading pending events, the burst rule) is thrown to the caller,
  // but only after the batch in flight has finished and been settled.
  let ledgerFailure: { error: unknown } | null = null;
  let next = failure ? Promise.resolve([]) : o.ledger.pending(size, afterId);
  for (;;) {
    let live: PendingEvent[];
    try {
      const events = await next;
      if (events.length === 0) break;
      afterId = events[events.length - 1].id;
      // Read the next batch from the ledger while this one waits on the database (only this batch's
      // events change state here, and later ids are untouched). Ignored if the run stops.
      next = o.ledger.pending(size, afterId);
      next.catch(() => {});
      live = await burstFilter(events, o, s);
    } catch (e) {
      ledgerFailure = { error: e };
      break;
    }
    if (live.length === 0) continue;
    const byRow = groupByRow(live);
    await preparing;
    try {
      if ([...byRow.keys()].some((k) => writingKeys.has(k))) await writing;
    } catch (e) {
      failure = e;
      break;
    }
    const prepared = prepareBatch(byRow, o, s, unsettled);
    preparing = prepared.catch(() => {});
    try {
      await writing;
    } catch (e) {
      // The batch in flight failed for good: this one was prepared but is never applied.
      failure = e;
      await voidUnapplied(prepared, o);
      break;
    }
    writing = writeBatch(byRow, prepared, o, s, unsettled);
    writing.catch(() => {});
    writingKeys = new Set(byRow.keys());
  }
  try {
    await writing;
  } catch (e) {
    failure ??= e;
  }
  // The last batches had no next prepare to ride on (or the run stopped): settle them on their own.
  if (unsettled.length) {
    try {
      await o.ledger.settle(unsettled.splice(0));
    } catch (e) {
      failure ??= e;
    }
  }
  if (ledgerFailure) throw ledgerFailure.error;
  if (failure) {
    // Down, or refusing: these events stay pending and the next run tries again.
    s.error = dbMessage(failure);
    s.pendingLeft = await o.ledger.countPending();
    o.log.error({ err: s.error, unavailable: isUnavailable(failure) }, 'write-back stopped; events stay pending');
  }
  return s;
}

/** One batch from its (already started) first preparation to its commit, re-planned and retried after a deadlock, lock timeout or a CRM edit. */
async function writeBatch(byRow: Map<string, PendingEvent[]>, first: Promise<Prepared | null>, o: WriteOptions, s: WriteSummary, unsettled: Settlement[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const prepared = attempt === 1 ? await first : await prepareBatch(byRow, o, s, unsettled);
      if (prepared) await commitBatch(prepared, o, s, unsettled);
      return;
    } catch (e) {
      if (!(e instanceof RowsMoved || o.adapter.retryable(e)) || attempt >= MAX_RETRIES) throw e;
      s.retries++;
      o.log.warn({ attempt, err: dbMessage(e) }, 'write batch hit a deadlock or lock timeout; retrying');
      await sleep(backoffMs(attempt, { baseMs: 100, maxMs: 2000, jitter: 1 }));
    }
  }
}

/** A batch prepared in the ledger whose locked transaction never started: its changes will never be applied. */
async function voidUnapplied(prepared: Promise<Prepared | null>, o: WriteOptions): Promise<void> {
  const p = await prepared.catch(() => null);
  if (p?.batch) await o.ledger.setBatchState(p.batch, 'void').catch(() => {});
}

// A burst of identical hard failures within an hour is a block of the sender: review, not flag.
export async function burstFilter(events: PendingEvent[], o: Pick<WriteOptions, 'ledger' | 'policy' | 'now'>, s: Pick<WriteSummary, 'review'>): Promise<PendingEvent[]> {
  const prints = events.filter((e) => e.decision === 'flag' && e.fingerprint).map((e) => e.fingerprint as string);
  const counts = await o.ledger.fingerprintCounts(prints, new Date((o.now ?? new Date()).getTime() - 3_600_000));
  const burst = events.filter((e) => e.decision === 'flag' && e.fingerprint && (counts.get(e.fingerprint) ?? 0) >= o.policy.burst);
  if (burst.length) {
    await o.ledger.setState(burst.map((e) => e.id), 'none', `burst of ${o.policy.burst}+ identical failures: looks like a block of the sender`, undefined, 'review');
    s.review += burst.length;
  }
  return events.filter((e) => !burst.includes(e));
}

/** The absolute values one row should end up with after these events (in ledger order). */
export function targetValues(events: PendingEvent[], m: Mapping, datesAsText: boolean): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const put = (role: keyof Mapping['roles'], value: unknown) => {
    const r = m.roles[role];
    if (r && value !== undefined && value !== null) set[r.column] = value;
  };
  for (const e of events) {
    if (e.decision === 'flag') {
      put('hard', m.roles.hard?.value);
      put('reason', e.reason);
      put('status', e.status);
      // A DATE column gets the day: a time written into it would come back different on every run.
      put('at', m.roles.at?.dateOnly ? e.receivedAt.toISOString().slice(0, 10) : dateValue(e.receivedAt, datesAsText || m.roles.at?.family === 'text'));
    }
    if (e.softCounted) put('softCount', e.softCount);
    if (e.decision === 'optout') put('optOut', m.roles.optOut?.value);
  }
  return set;
}

function dateValue(d: Date, asText: boolean): unknown {
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000); // DATETIME columns keep whole seconds
  return asText ? whole.toISOString().slice(0, 19).replace('T', ' ') : whole;
}

interface Plan {
  changes: Change[];
  calls: Record<string, unknown>[];    // flags.statement: one call per flagged row
  written: number[];
  skipped: { id: number; note: string }[];
  unchanged: number;
}

/** What this batch would change, given the rows as read now. Pure. */
function plan(rows: Record<string, unknown>[], byRow: Map<string, PendingEvent[]>, o: WriteOptions): Plan {
  const m = o.mapping;
  const found = new Map(rows.map((r) => [String(r[m.key]), r]));
  const p: Plan = { changes: [], calls: [], written: [], skipped: [], unchanged: 0 };
  for (const [rowKey, evs] of byRow) {
    const row = found.get(rowKey);
    if (!row) { for (const e of evs) p.skipped.push({ id: e.id, note: 'row not found (deleted, or outside recipients.where)' }); continue; }
    const current = normalAddress(String(row[m.email] ?? ''));
    const valid = evs.filter((e) => {
      if (e.address === '' || current === e.address) return true;
      p.skipped.push({ id: e.id, note: 'address changed since the event' });
      return false;
    });
    if (valid.length === 0) continue;
    for (const e of valid) p.written.push(e.id);
    if (m.statement) {
      const flag = [...valid].reverse().find((e) => e.decision === 'flag');
      if (flag) p.calls.push({ key: row[m.key], reason: flag.reason, status: flag.status, at: dateValue(flag.receivedAt, o.adapter.caps.datesAsText), softCount: flag.softCount });
      continue;
    }
    const target = targetValues(valid, m, o.adapter.caps.datesAsText);
    const diff = Object.keys(target).filter((c) => !same(row[c], target[c]));
    if (diff.length === 0) { p.unchanged++; continue; }
    const change: Change = { runId: o.runId, rowKey, eventIds: valid.map((e) => e.id), old: {}, new: {} };
    for (const c of diff) { change.old[c] = row[c] ?? null; change.new[c] = target[c]; }
    change.new.__key = row[m.key];
    p.changes.push(change);
  }
  return p;
}

/**
 * The rows read under lock are the rows the plan was made from: the same rows, in key order, each
 * column holding the same value. The plan is a function of these rows and the batch's events, so
 * the same rows mean the same plan, without planning again while the rows are locked.
 */
function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    for (const k of Object.keys(x)) if (!identical(x[k], y[k])) return false;
  }
  return true;
}

function identical(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x instanceof Date && y instanceof Date) return x.getTime() === y.getTime();
  if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return x.equals(y);
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') return JSON.stringify(x) === JSON.stringify(y);
  return false;
}

/** The rows moved between our read and our lock (a CRM edit): plan again. */
class RowsMoved extends Error {}

function groupByRow(events: PendingEvent[]): Map<string, PendingEvent[]> {
  const byRow = new Map<string, PendingEvent[]>();
  for (const e of events) byRow.set(e.rowKey as string, [...(byRow.get(e.rowKey as string) ?? []), e]);
  return byRow;
}

/** A batch read, planned and (its changes) committed to the ledger, waiting for its locked transaction. */
interface Prepared { byRow: Map<string, PendingEvent[]>; rows: Record<string, unknown>[]; p: Plan; batch: string | null }

/**
 * 1. Read without locks and plan; commit old and new values to the ledger before touching the
 *    table, so undo can never miss a change. None of this holds a lock on the customer's rows.
 *    Null for a dry run (its changes are listed, nothing is prepared).
 */
async function prepareBatch(byRow: Map<string, PendingEvent[]>, o: WriteOptions, s: WriteSummary, unsettled: Settlement[]): Promise<Prepared | null> {
  // Keys are kept as text in the ledger; every database compares them with the key column's type.
  const rows: Record<string, unknown>[] = await lockQuery(o.db, o.mapping, [...byRow.keys()], false);
  const p = plan(rows, byRow, o);
  if (o.dryRun) {
    for (const c of p.changes) for (const col of Object.keys(c.old)) s.changes.push({ key: c.new.__key, column: col, old: c.old[col], new: c.new[col] });
    for (const c of p.calls) s.changes.push({ key: c.key, column: '(statement)', old: null, new: JSON.stringify(c) });
    s.rowsChanged += p.changes.length + p.calls.length;
    s.skipped += p.skipped.length;
    return null;
  }
  let batch: string | null = null;
  if (p.changes.length) {
    // Batches committed by now settle in the same ledger commit; put back if it fails.
    const previous = unsettled.splice(0);
    try {
      batch = await o.ledger.prepareChanges(p.changes, previous);
    } catch (e) {
      unsettled.unshift(...previous);
      throw e;
    }
  }
  return { byRow, rows, p, batch };
}

/** 2. The short locked part: lock the rows in key order, check nothing moved since the read, write. */
async function commitBatch({ byRow, rows, p, batch }: Prepared, o: WriteOptions, s: WriteSummary, unsettled: Settlement[]): Promise<void> {
  const m = o.mapping;
  const started = Date.now();
  try {
    if (p.changes.length || p.calls.length) {
      await o.db.transaction(async (trx) => {
        await o.adapter.lockTimeout(trx, o.lockTimeoutMs);
        if (!sameRows(await lockQuery(trx, m, [...byRow.keys()], o.adapter.caps.forUpdate), rows)) throw new RowsMoved('rows changed between read and lock');
        // flags.statement: the customer's own procedure sets the values; it must set them absolutely.
        for (const c of p.calls) await trx.raw(m.statement as string, c as Knex.ValueDict);
        if (p.changes.length) await updateQuery(trx, m, p.changes);
      });
    }
  } catch (e) {
    // Rolled back for sure (we threw before writing, or the database chose us as the victim):
    // the prepared values will never be applied. Any other failure may have committed: keep them.
    if (batch && (e instanceof RowsMoved || o.adapter.retryable(e))) await o.ledger.setBatchState(batch, 'void');
    throw e;
  }
  const held = Date.now() - started;
  s.batches++;
  s.longestBatchMs = Math.max(s.longestBatchMs, held);
  s.rowsChanged += p.changes.length + p.calls.length;
  s.unchanged += p.unchanged;
  s.skipped += p.skipped.length;
  // Settled with a later batch's prepare, or at the end: until then these events stay pending,
  // which a crash here always left them (the next run finds them unchanged and settles them).
  unsettled.push({ batch, runId: o.runId, written: p.written, skipped: p.skipped });
  // Batches that changed nothing prepare nothing to ride on: settle after a few, not one by one.
  if (unsettled.length > 2) {
    const due = unsettled.splice(0);
    try {
      await o.ledger.settle(due);
    } catch (e) {
      unsettled.unshift(...due);
      throw e;
    }
  }
  o.log.debug({ rows: p.written.length, ms: held }, 'write batch committed');
}

// One UPDATE per batch: each mapped column becomes CASE WHEN key IN (...) THEN ? ... ELSE column END,
// so rows in one batch may get different values and columns not changed keep theirs; a column
// that every row of the batch sets to the same value is set plainly. Keys are
// grouped by the value they get (a batch sets the same flag, a few reasons and statuses): each row
// is tested against a few key sets instead of walking one WHEN per key, which grew with the
// square of the batch and was most of the time the rows stayed locked.
export function updateQuery(db: Knex | Knex.Transaction, m: Mapping, changes: Change[]): Knex.QueryBuilder {
  const columns = [...new Set(changes.flatMap((c) => Object.keys(c.old)))];
  const set: Record<string, Knex.Raw> = {};
  for (const col of columns) {
    const groups = new Map<string, { value: unknown; keys: unknown[] }>();
    for (const c of changes) {
      if (!(col in c.old)) continue;
      const value = c.new[col];
      const id = valueId(value);
      const g = groups.get(id) ?? { value, keys: [] };
      groups.set(id, g);
      g.keys.push(c.new.__key);
    }
    const only = groups.size === 1 ? [...groups.values()][0] : null;
    if (only && only.keys.length === changes.length) {
      // Every row of the batch gets this value (the flag, usually): no CASE for the database to
      // evaluate per row while the rows are locked.
      set[col] = db.raw('?', [only.value] as Knex.RawBinding[]);
      continue;
    }
    const bindings: unknown[] = [];
    const whens = [...groups.values()].map((g) => {
      bindings.push(m.key, ...g.keys, g.value);
      return `WHEN ?? IN (${g.keys.map(() => '?').join(', ')}) THEN ?`;
    });
    bindings.push(col);
    set[col] = db.raw(`CASE ${whens.join(' ')} ELSE ?? END`, bindings as Knex.RawBinding[]);
  }
  return from(db, m).whereIn(m.key, changes.map((c) => c.new.__key as string | number)).update(set);
}

/** Equal values get equal ids, of the same type only (1 and '1' stay apart; dates by instant). */
function valueId(v: unknown): string {
  if (v instanceof Date) return `date:${v.getTime()}`;
  if (v !== null && typeof v === 'object') return `object:${JSON.stringify(v)}`;
  return `${v === null ? 'null' : typeof v}:${String(v)}`;
}

/** The batch's rows, locked (where the database has row locks) in key order. */
export function lockQuery(db: Knex | Knex.Transaction, m: Mapping, keys: string[], lock: boolean): Knex.QueryBuilder {
  const columns = [...new Set(Object.values(m.roles).map((r) => r.column))].filter((c) => c !== m.key && c !== m.email);
  const q = restrict(from(db, m).select([m.key, m.email, ...columns]).whereIn(m.key, keys), m).orderBy(m.key);
  return lock ? q.forUpdate() : q;
}
