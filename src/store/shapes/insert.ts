import type { Decision, PendingEvent } from '../../ledger/index.js';
import type { Write } from '../../crm/types.js';
import { same } from '../same.js';
import { fold, holds, RowsMoved, where, type Db } from './sql.js';
import { sameRows } from './set.js';
import type { Item, Shape, ShapeChange, ShapePlan, UndoStep } from './types.js';
import { valueOf } from './values.js';

// A row inserted: Mautic's lead_donotcontact (one per contact and channel), Odoo's mail_blacklist
// and Dolibarr's llx_mailing_unsubscribe (one per address). Never a duplicate: an owner that has
// a row already (any reason, active or not: a person may have made or changed it) gets nothing.
// Undo deletes only a row still exactly as inserted; one changed since is kept.

type InsertWrite = Extract<Write, { shape: 'insert' }>;

export function insertShape(w: InsertWrite, decisions: Decision[], recordTypes: string[]): Shape {
  const target = `insert:${w.table}`;
  const constants = Object.fromEntries(Object.entries(w.same).filter(([, v]) => v === null || typeof v !== 'object'));
  const columns = [w.key, w.owner, ...new Set([...Object.keys(w.same), ...Object.keys(w.ignore ?? {}), ...Object.keys(w.stops ?? {}), ...Object.keys(w.values)])];
  const read = (db: Db, owners: unknown[], lock: boolean) => {
    // An address kept as typed is found in any letter case (PostgreSQL compares case).
    const q = w.per === 'address' && (w.fold ?? 'none') === 'none'
      ? db(w.table).select(columns).whereRaw(`LOWER(??) in (${owners.map(() => '?').join(', ')})`, [w.owner, ...owners.map((o) => String(o).toLowerCase())])
      : db(w.table).select(columns).whereIn(w.owner, owners as string[]);
    where(q, '', w.same).orderBy(w.key);
    return (lock ? q.forUpdate() : q) as Promise<Record<string, unknown>[]>;
  };
  const counts = (r: Record<string, unknown>) => !w.ignore || !holds(r, w.ignore);
  const inserted = (c: { new: Record<string, unknown> }) => Object.fromEntries(Object.entries(c.new).filter(([k]) => !k.startsWith('__')));
  const isInserted = (row: Record<string, unknown>, c: { new: Record<string, unknown> }) => Object.entries(inserted(c)).every(([k, v]) => same(row[k], v));
  return {
    target,
    decisions,
    columns: () => [{ table: w.table, columns }],
    describe: () => `${w.table}: a row per ${w.per === 'record' ? 'record' : 'address'} (${w.owner}${Object.keys(w.same).length ? `, ${Object.entries(w.same).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}` : ''}) unless one is there already: ${Object.entries(w.values).map(([k, v]) => `${k} = ${v !== null && typeof v === 'object' ? ('event' in v ? `the bounce's ${v.event}` : `the ${v.holder}`) : JSON.stringify(v)}`).join(', ')}`,

    async plan(db, items: Item[], runId): Promise<ShapePlan> {
      const owners = new Map<string, { owner: unknown; events: PendingEvent[] }>();
      for (const it of items) {
        const evs = it.events.filter((e) => decisions.includes(e.decision));
        if (evs.length === 0) continue;
        const keys = w.per === 'address' ? (it.holders.length ? [fold(it.address, w.fold ?? 'none')] : [])
          : it.holders.filter((h) => recordTypes.includes(h.type)).map((h) => h.rec);
        for (const owner of keys) {
          const o = owners.get(String(owner)) ?? { owner, events: [] };
          for (const e of evs) if (!o.events.includes(e)) o.events.push(e);
          owners.set(String(owner), o);
        }
      }
      const rows = owners.size ? await read(db, [...owners.values()].map((o) => o.owner), false) : [];
      const taken = new Set(rows.filter(counts).map((r) => String(r[w.owner])));
      const changes: ShapeChange[] = [];
      let unchanged = 0;
      for (const [key, o] of owners) {
        // Keys of a text owner compare as the database does: one spelled otherwise is still taken.
        if (taken.has(key) || [...taken].some((t) => t.toLowerCase() === key.toLowerCase())) { unchanged++; continue; }
        const last = o.events.reduce((a, b) => (b.id > a.id ? b : a));
        const values: Record<string, unknown> = { [w.owner]: o.owner, ...constants };
        for (const [col, v] of Object.entries(w.values)) values[col] = valueOf(v, last);
        changes.push({ target, runId, rowKey: key, eventIds: o.events.map((e) => e.id).sort((a, b) => a - b), old: {}, new: { ...values, __key: null } });
      }
      return { changes, unchanged, seen: rows };
    },

    async apply(trx, plan, lock) {
      if (plan.changes.length === 0) return;
      const before = plan.seen as Record<string, unknown>[];
      const now = await read(trx, plan.changes.map((c) => c.new[w.owner]), lock);
      const mine = new Set(plan.changes.map((c) => String(c.new[w.owner]).toLowerCase()));
      const relevant = (rs: Record<string, unknown>[]) => rs.filter((r) => mine.has(String(r[w.owner]).toLowerCase()));
      if (!sameRows(relevant(before), relevant(now))) throw new RowsMoved(`${w.table}: rows changed between read and lock`);
      for (const c of plan.changes) await trx(w.table).insert(inserted(c));
    },

    async applied(db, c) {
      return (await read(db, [c.new[w.owner]], false)).some((r) => isInserted(r, c));
    },

    async undo(db, c, o): Promise<UndoStep[]> {
      const rows = await read(db, [c.new[w.owner]], o.lock);
      const step = { key: `${w.table} ${w.owner}=${String(c.new[w.owner])}`, column: '(row)', restore: 'absent' };
      const mine = rows.find((r) => isInserted(r, c));
      if (mine && !o.later) {
        if (!o.dryRun) await db(w.table).where(w.key, mine[w.key] as string | number).delete();
        return [{ ...step, now: 'inserted', outcome: 'restore' }];
      }
      if (mine) return [{ ...step, now: 'inserted', outcome: 'kept' }];
      // Changed since (a person's edit) is kept; gone already is what undo wanted.
      const owned = rows.filter(counts);
      return [{ ...step, now: owned.length ? 'changed since' : 'absent', outcome: owned.length ? 'kept' : 'already' }];
    },
  };
}
