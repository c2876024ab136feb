import type { Decision, PendingEvent } from '../../ledger/index.js';
import type { Cond, Value } from '../../crm/types.js';
import { same } from '../same.js';
import { holds, RowsMoved, utcText, where, type Db } from './sql.js';
import type { Holder } from './holders.js';
import type { Item, Shape, ShapeChange, ShapePlan, StoredChange, UndoStep } from './types.js';
import { valueOf } from './values.js';

// Columns set on existing rows: the address row the app shares between records (SuiteCRM's
// email_addresses.invalid_email, EspoCRM's email_address.invalid, CiviCRM's civicrm_email.on_hold)
// or the record itself (vtiger's emailoptout). Absolute values; a row already as wanted is left
// alone (a second run changes nothing). `keep` columns are set only while NULL (CiviCRM keeps
// the first hold_date); the `touch` date changes only together with another column.

export interface SetTarget { table: string; key: string; alive: Cond }

export function setShape(w: { set: Record<string, Value>; keep?: string[]; touch?: string; only?: Cond }, t: SetTarget, decisions: Decision[], pick: (h: Holder) => string | number | null): Shape {
  const target = `set:${t.table}`;
  const columns = [...new Set([...Object.keys(w.set), ...(w.touch ? [w.touch] : []), ...Object.keys(w.only ?? {})])];
  const read = (db: Db, keys: (string | number)[], lock: boolean) => {
    const q = where(db(t.table).select([t.key, ...columns]).whereIn(t.key, keys), '', t.alive).orderBy(t.key);
    return (lock ? q.forUpdate() : q) as Promise<Record<string, unknown>[]>;
  };
  return {
    target,
    decisions,
    columns: () => [{ table: t.table, columns: [t.key, ...columns, ...Object.keys(t.alive)] }],
    describe: () => `${t.table}: ${Object.entries(w.set).map(([c, v]) => `${c} = ${show(v)}`).join(', ')}${w.keep?.length ? ` (${w.keep.join(', ')} only while NULL)` : ''}${w.touch ? `; ${w.touch} = the bounce's time when another column changes` : ''}${w.only ? ` (only rows where ${JSON.stringify(w.only)})` : ''}`,

    async plan(db, items, runId): Promise<ShapePlan> {
      // Each row's events, from every address that reaches it (in ledger order).
      const byRow = new Map<string, { key: string | number; events: PendingEvent[] }>();
      for (const it of items) {
        const evs = it.events.filter((e) => decisions.includes(e.decision));
        if (evs.length === 0) continue;
        for (const h of it.holders) {
          const key = pick(h);
          if (key === null) continue;
          const r = byRow.get(String(key)) ?? { key, events: [] };
          for (const e of evs) if (!r.events.includes(e)) r.events.push(e);
          byRow.set(String(key), r);
        }
      }
      const rows = byRow.size ? await read(db, [...byRow.values()].map((r) => r.key), false) : [];
      const changes: ShapeChange[] = [];
      let unchanged = 0;
      for (const row of rows) {
        const r = byRow.get(String(row[t.key]));
        if (!r) continue;
        if (w.only && !holds(row, w.only)) { unchanged++; continue; }
        const last = r.events.reduce((a, b) => (b.id > a.id ? b : a));
        const want: Record<string, unknown> = {};
        for (const [col, v] of Object.entries(w.set)) {
          if (w.keep?.includes(col) && row[col] != null) continue;
          want[col] = valueOf(v, last);
        }
        const diff = Object.keys(want).filter((c) => !same(row[c], want[c]));
        if (diff.length === 0) { unchanged++; continue; }
        const c: ShapeChange = { target, runId, rowKey: String(row[t.key]), eventIds: r.events.map((e) => e.id).sort((a, b) => a - b), old: {}, new: {} };
        for (const col of diff) { c.old[col] = row[col] ?? null; c.new[col] = want[col]; }
        if (w.touch) { c.old[w.touch] = row[w.touch] ?? null; c.new[w.touch] = utcText(last.receivedAt); }
        c.new.__key = row[t.key];
        changes.push(c);
      }
      return { changes, unchanged, seen: rows };
    },

    async apply(trx, plan, lock) {
      if (plan.changes.length === 0) return;
      const before = plan.seen as Record<string, unknown>[];
      const keys = plan.changes.map((c) => c.new.__key as string | number);
      const now = await read(trx, before.map((r) => r[t.key] as string | number), lock);
      if (!sameRows(before, now)) throw new RowsMoved(`${t.table}: rows changed between read and lock`);
      for (let i = 0; i < plan.changes.length; i++) {
        const c = plan.changes[i]!;
        const set = Object.fromEntries(Object.keys(c.old).map((col) => [col, c.new[col]]));
        await trx(t.table).where(t.key, keys[i] as string | number).update(set);
      }
    },

    async applied(db, c) {
      const [row] = await db(t.table).select(Object.keys(c.old)).where(t.key, c.new.__key as string | number);
      // A row still holding every old value was never written (and a row gone: nothing to undo).
      return !!row && !Object.keys(c.old).every((col) => same(row[col], c.old[col]));
    },

    async undo(db, c, o): Promise<UndoStep[]> {
      let q = db(t.table).select(Object.keys(c.old)).where(t.key, c.new.__key as string | number);
      if (o.lock) q = q.forUpdate();
      const [row] = (await q) as Record<string, unknown>[];
      if (!row) return [];
      const steps: UndoStep[] = [];
      const set: Record<string, unknown> = {};
      const key = `${t.table} ${String(c.new.__key)}`;
      // The touched date goes back only with a column that goes back.
      for (const col of Object.keys(c.old).filter((x) => x !== w.touch)) {
        const step = { key, column: col, now: row[col], restore: c.old[col] };
        if (o.later) steps.push({ ...step, outcome: 'kept' });
        else if (same(row[col], c.new[col])) { steps.push({ ...step, outcome: 'restore' }); set[col] = c.old[col]; }
        else if (same(row[col], c.old[col])) steps.push({ ...step, outcome: 'already' });
        else steps.push({ ...step, outcome: 'kept' });
      }
      if (w.touch && Object.keys(set).length && same(row[w.touch], c.new[w.touch])) {
        set[w.touch] = c.old[w.touch];
        steps.push({ key, column: w.touch, now: row[w.touch], restore: c.old[w.touch], outcome: 'restore' });
      }
      if (!o.dryRun && Object.keys(set).length) await db(t.table).where(t.key, c.new.__key as string | number).update(set);
      return steps;
    },
  };
}

/** The same rows, each column holding the same value. */
export function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => Object.keys(x).every((k) => same(x[k], b[i]![k])));
}

function show(v: Value): string {
  if (v !== null && typeof v === 'object') return 'event' in v ? `the bounce's ${v.event}` : `the ${v.holder}`;
  return JSON.stringify(v);
}

export type { StoredChange };
