import type { Knex } from 'knex';
import type { Adapter } from '../../../adapters/adapter.js';
import type { Logger } from '../../core/log.js';
import type { Policy } from '../../config/schema.js';
import type { Ledger, PendingEvent } from '../../ledger/index.js';
import { dbMessage } from '../../core/errors.js';
import { isUnavailable } from '../connect.js';
import { burstFilter, type WriteSummary } from '../write.js';
import type { Preset } from '../../crm/types.js';
import { holdersOf } from './holders.js';
import { earlierChanges } from './ledger.js';
import { settleShapeLeftovers } from './leftovers.js';
import { RowsMoved } from './sql.js';
import type { Item, Shape, ShapePlan } from './types.js';

// The write-back of pending events through a CRM preset: per batch, find the live records that
// hold each address, let every shape plan its exact changes, commit them (old and new values) to
// the ledger, then apply them all in one short transaction that first checks, under lock, that the
// rows are still as planned (else the batch is voided and planned again).

export interface CrmStore { preset: Preset; shapes: Shape[]; caseSensitive: boolean }

export interface CrmWriteOptions {
  db: Knex;
  adapter: Adapter;
  crm: CrmStore;
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

export async function writeCrm(o: CrmWriteOptions): Promise<WriteSummary> {
  const s: WriteSummary = { rowsChanged: 0, unchanged: 0, skipped: 0, review: 0, batches: 0, retries: 0, longestBatchMs: 0, pendingLeft: 0, error: null, changes: [] };
  try {
    if (!o.dryRun) await settleShapeLeftovers(o.db, o.crm, o.ledger, o.log);
    for (let after = 0; ;) {
      const events = await o.ledger.pending(Math.min(o.batchSize, 500), after);
      if (events.length === 0) break;
      after = events[events.length - 1]!.id;
      const live = await burstFilter(events, o, s);
      if (live.length) await writeBatch(live, o, s);
    }
  } catch (e) {
    s.error = dbMessage(e);
    s.pendingLeft = await o.ledger.countPending().catch(() => -1);
    o.log.error({ err: s.error, unavailable: isUnavailable(e) }, 'write-back stopped; events stay pending');
  }
  return s;
}

async function writeBatch(events: PendingEvent[], o: CrmWriteOptions, s: WriteSummary): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const { items, skipped } = await itemsOf(events, o);
    const ctx = { earlier: (target: string, keys: string[]) => earlierChanges(o.ledger, target, keys) };
    const plans: [Shape, ShapePlan][] = [];
    for (const shape of o.crm.shapes) plans.push([shape, await shape.plan(o.db, items, o.runId, ctx)]);
    const changes = plans.flatMap(([, p]) => p.changes);
    const written = items.flatMap((it) => it.events.map((e) => e.id));
    if (o.dryRun) {
      for (const c of changes) {
        const table = c.target.slice(c.target.indexOf(':') + 1);
        const cols = Object.keys(c.new).filter((k) => !k.startsWith('__'));
        if (c.target.startsWith('insert:')) s.changes.push({ key: `${table} (new row)`, column: '(insert)', old: null, new: JSON.stringify(Object.fromEntries(cols.map((k) => [k, c.new[k]]))) });
        else for (const col of cols) s.changes.push({ key: `${table} ${String(c.new.__key)}`, column: col, old: c.old[col], new: c.new[col] });
      }
      count(s, plans, changes.length, skipped.length);
      return;
    }
    const batch = changes.length ? await o.ledger.prepareChanges(changes) : null;
    try {
      if (changes.length) {
        await o.db.transaction(async (trx) => {
          await o.adapter.lockTimeout(trx, o.lockTimeoutMs);
          for (const [shape, plan] of plans) await shape.apply(trx, plan, o.adapter.caps.forUpdate);
        });
      }
    } catch (e) {
      const rolledBack = e instanceof RowsMoved || o.adapter.retryable(e);
      // Rolled back for sure: the prepared values were never applied. Anything else may have committed.
      if (batch && rolledBack) await o.ledger.setBatchState(batch, 'void');
      if (!rolledBack || attempt >= MAX_RETRIES) throw e;
      s.retries++;
      o.log.warn({ attempt, err: dbMessage(e) }, 'CRM write batch found rows changed, or hit a lock timeout; planning again');
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      continue;
    }
    await o.ledger.settle({ batch, runId: o.runId, written, skipped });
    s.batches++;
    s.longestBatchMs = Math.max(s.longestBatchMs, Date.now() - started);
    count(s, plans, changes.length, skipped.length);
    return;
  }
}

function count(s: WriteSummary, plans: [Shape, ShapePlan][], changed: number, skipped: number): void {
  s.rowsChanged += changed;
  s.unchanged += plans.reduce((n, [, p]) => n + p.unchanged, 0);
  s.skipped += skipped;
}

/** The batch's events by address, each with the live records holding it; an address no live record holds is skipped. */
async function itemsOf(events: PendingEvent[], o: CrmWriteOptions): Promise<{ items: Item[]; skipped: { id: number; note: string }[] }> {
  const byAddress = new Map<string, PendingEvent[]>();
  const skipped: { id: number; note: string }[] = [];
  for (const e of events) {
    if (!e.address) { skipped.push({ id: e.id, note: 'no address to look up' }); continue; }
    byAddress.set(e.address, [...(byAddress.get(e.address) ?? []), e]);
  }
  const holders = await holdersOf(o.db, o.crm.preset, [...byAddress.keys()], o.crm.caseSensitive);
  const items: Item[] = [];
  for (const [address, evs] of byAddress) {
    const hs = holders.filter((h) => h.address === address);
    if (hs.length === 0) { for (const e of evs) skipped.push({ id: e.id, note: `no live ${o.crm.preset.name} record holds this address (deleted, or never there)` }); continue; }
    items.push({ address, events: evs, holders: hs });
  }
  return { items, skipped };
}
