import type { Decision } from '../../ledger/index.js';
import { same } from '../same.js';
import { RowsMoved, where, type Db } from './sql.js';
import { sameRows, type SetTarget } from './set.js';
import type { Holder } from './holders.js';
import type { Item, Shape, ShapeChange, ShapePlan, UndoStep } from './types.js';

// A counter (Odoo's message_bounce): the app adds 1 per returned mail; the agent writes the
// absolute value instead: the value before the agent first counted this row (its base) plus every
// bounce the ledger holds for it. Each change keeps the base and the event ids counted, so a retry,
// a crash or the same mail read twice never counts twice. A value changed outside since (Odoo sets
// it back to 0 when the contact writes in) becomes the new base.

export function counterShape(column: string, t: SetTarget, decisions: Decision[], pick: (h: Holder) => string | number | null): Shape {
  const target = `counter:${t.table}`;
  const read = (db: Db, keys: (string | number)[], lock: boolean) => {
    const q = where(db(t.table).select([t.key, column]).whereIn(t.key, keys), '', t.alive).orderBy(t.key);
    return (lock ? q.forUpdate() : q) as Promise<Record<string, unknown>[]>;
  };
  return {
    target,
    decisions,
    columns: () => [{ table: t.table, columns: [t.key, column, ...Object.keys(t.alive)] }],
    describe: () => `${t.table}.${column} = its value before the agent first counted + the bounces the ledger holds for the address (absolute, never +1)`,

    async plan(db, items: Item[], runId, ctx): Promise<ShapePlan> {
      const byRow = new Map<string, { key: string | number; ids: Set<number> }>();
      for (const it of items) {
        const ids = it.events.filter((e) => decisions.includes(e.decision)).map((e) => e.id);
        if (ids.length === 0) continue;
        for (const h of it.holders) {
          const key = pick(h);
          if (key === null) continue;
          const r = byRow.get(String(key)) ?? { key, ids: new Set<number>() };
          for (const id of ids) r.ids.add(id);
          byRow.set(String(key), r);
        }
      }
      const rows = byRow.size ? await read(db, [...byRow.values()].map((r) => r.key), false) : [];
      const earlier = rows.length ? await ctx.earlier(target, rows.map((r) => String(r[t.key]))) : [];
      const changes: ShapeChange[] = [];
      let unchanged = 0;
      for (const row of rows) {
        const rowKey = String(row[t.key]);
        const r = byRow.get(rowKey)!;
        const now = Number(row[column] ?? 0);
        const prior = earlier.find((c) => c.rowKey === rowKey);
        // Still as the agent last left it: go on from its base; otherwise what is there is the base.
        const continues = prior && same(row[column], prior.new[column]);
        const base = continues ? Number(prior.new.__base) : now;
        const counted = new Set<number>(continues ? (prior.new.__counted as number[]) : []);
        const before = counted.size;
        for (const id of r.ids) counted.add(id);
        const value = base + counted.size;
        if (counted.size === before || value === now) { unchanged++; continue; }
        changes.push({
          target, runId, rowKey, eventIds: [...r.ids].sort((a, b) => a - b),
          old: { [column]: row[column] ?? null }, new: { [column]: value, __key: row[t.key], __base: base, __counted: [...counted].sort((a, b) => a - b) },
        });
      }
      return { changes, unchanged, seen: rows };
    },

    async apply(trx, plan, lock) {
      if (plan.changes.length === 0) return;
      const before = plan.seen as Record<string, unknown>[];
      if (!sameRows(before, await read(trx, before.map((r) => r[t.key] as string | number), lock))) throw new RowsMoved(`${t.table}: rows changed between read and lock`);
      for (const c of plan.changes) await trx(t.table).where(t.key, c.new.__key as string | number).update({ [column]: c.new[column] });
    },

    async applied(db, c) {
      const [row] = await db(t.table).select(column).where(t.key, c.new.__key as string | number);
      return !!row && !same(row[column], c.old[column]);
    },

    async undo(db, c, o): Promise<UndoStep[]> {
      let q = db(t.table).select(column).where(t.key, c.new.__key as string | number);
      if (o.lock) q = q.forUpdate();
      const [row] = (await q) as Record<string, unknown>[];
      if (!row) return [];
      const step = { key: `${t.table} ${String(c.new.__key)}`, column, now: row[column], restore: c.old[column] };
      if (o.later) return [{ ...step, outcome: 'kept' }];
      if (same(row[column], c.old[column])) return [{ ...step, outcome: 'already' }];
      if (!same(row[column], c.new[column])) return [{ ...step, outcome: 'kept' }];
      if (!o.dryRun) await db(t.table).where(t.key, c.new.__key as string | number).update({ [column]: c.old[column] });
      return [{ ...step, outcome: 'restore' }];
    },
  };
}
