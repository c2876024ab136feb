import type { Knex } from 'knex';
import type { Adapter } from '../../../adapters/adapter.js';
import { silentLogger } from '../../core/log.js';
import type { Ledger } from '../../ledger/index.js';
import { runUnknown, type UndoSummary } from '../undo.js';
import { changesOfRun, laterRuns } from './ledger.js';
import { settleShapeLeftovers } from './leftovers.js';
import type { CrmStore } from './write.js';

// Undo of a run's CRM changes, newest first, each by its shape: a value (or an inserted row) is
// restored only while it is still as the run left it; one a person or a later run changed is kept
// and listed. The same summary as the mapped table's undo, so the CLI reports both alike.

export async function undoCrm(o: { db: Knex; adapter: Adapter; crm: CrmStore; ledger: Ledger; runId: string; lockTimeoutMs: number; dryRun?: boolean }): Promise<UndoSummary> {
  if (!(await o.ledger.runExists(o.runId))) throw runUnknown(o.runId);
  const dryRun = o.dryRun ?? false;
  if (!dryRun) await settleShapeLeftovers(o.db, o.crm, o.ledger, silentLogger);
  const changes = await changesOfRun(o.ledger, o.runId);
  const later = await laterRuns(o.ledger, changes);
  const s: UndoSummary = { dryRun, restored: 0, keptChanged: 0, already: 0, rowsGone: 0, cells: [], kept: [] };
  const byTarget = new Map(o.crm.shapes.map((x) => [x.target, x]));
  const rows = new Set<string>();
  for (const c of changes) {
    const shape = byTarget.get(c.target);
    if (!shape) throw new Error(`run ${o.runId} changed ${c.target}, which the configured crm preset does not write: undo it with the config it ran with`);
    const by = later.get(c.id) ?? null;
    const run = async (db: Knex | Knex.Transaction) => shape.undo(db, c, { dryRun, later: by, lock: o.adapter.caps.forUpdate && !dryRun });
    const steps = dryRun ? await run(o.db) : await o.db.transaction(async (trx) => { await o.adapter.lockTimeout(trx, o.lockTimeoutMs); return run(trx); });
    if (steps.length === 0) s.rowsGone++;
    for (const st of steps) {
      const cell = { key: st.key, column: st.column, now: st.now, restore: st.restore };
      if (st.outcome === 'restore') { s.cells.push(cell); rows.add(st.key); }
      else if (st.outcome === 'already') s.already++;
      else s.kept.push({ ...cell, wrote: c.new[st.column] ?? 'inserted', by });
    }
    // A change a later run still holds stays undoable: undo that run first, then this one again.
    if (!dryRun && !by) {
      await o.ledger.setChangeState([c.id], 'undone');
      await o.ledger.setState(c.eventIds, 'undone', `undone from run ${o.runId}`);
    }
  }
  s.keptChanged = s.kept.length;
  s.restored = rows.size;
  return s;
}
