import type { Knex } from 'knex';
import type { Adapter } from '../../adapters/index.js';
import { BounceError } from '../core/errors.js';
import type { Ledger } from '../ledger/index.js';
import { same } from './index.js';
import { from, type Mapping } from './mapping.js';

export interface UndoSummary { restored: number; keptChanged: number; rowsGone: number }

/**
 * Restores the values a run replaced. A column someone changed since (its value is no longer
 * the one we wrote) is left alone: undo never overwrites a newer edit.
 */
export async function undoRun(o: { db: Knex; adapter: Adapter; mapping: Mapping; ledger: Ledger; runId: string; lockTimeoutMs: number }): Promise<UndoSummary> {
  if (!(await o.ledger.runExists(o.runId))) {
    throw new BounceError('RUN_UNKNOWN', `there is no run "${o.runId}" in the ledger.`, { fix: 'List runs and their changes with `bouncesync events`, then pass one of their run ids.' });
  }
  const changes = await o.ledger.changesOfRun(o.runId);
  const s: UndoSummary = { restored: 0, keptChanged: 0, rowsGone: 0 };
  const m = o.mapping;
  for (let i = 0; i < changes.length; i += 200) {
    const part = changes.slice(i, i + 200);
    await o.db.transaction(async (trx) => {
      await o.adapter.lockTimeout(trx, o.lockTimeoutMs);
      const keys = part.map((c) => c.new.__key as string | number);
      const columns = [...new Set(part.flatMap((c) => Object.keys(c.old)))];
      let q = from(trx, m).select([m.key, ...columns.filter((c) => c !== m.key)]).whereIn(m.key, keys).orderBy(m.key);
      if (o.adapter.caps.forUpdate) q = q.forUpdate();
      const found: Record<string, unknown>[] = await q;
      const rows = new Map(found.map((r) => [String(r[m.key]), r]));
      for (const c of part) {
        const row = rows.get(String(c.new.__key));
        if (!row) { s.rowsGone++; continue; }
        const set: Record<string, unknown> = {};
        for (const col of Object.keys(c.old)) {
          if (same(row[col], c.new[col])) set[col] = c.old[col];
          else s.keptChanged++;
        }
        if (Object.keys(set).length === 0) continue;
        await from(trx, m).where(m.key, c.new.__key as string | number).update(set);
        // A run that changed one row in two batches has two changes for it, newest first: the
        // older one must compare with the value just restored, not with the one read above.
        Object.assign(row, set);
        s.restored++;
      }
    });
    await o.ledger.setChangeState(part.map((c) => c.id), 'undone');
    await o.ledger.setState([...new Set(part.flatMap((c) => c.eventIds))], 'undone', `undone from run ${o.runId}`);
  }
  return s;
}
