import type { Knex } from 'knex';
import type { Adapter } from '../../adapters/adapter.js';
import { BounceError } from '../core/errors.js';
import type { Change, Ledger } from '../ledger/index.js';
import { same } from './same.js';
import { settleLeftovers } from './leftovers.js';
import { from, type Mapping } from './mapping.js';
import { silentLogger } from '../core/log.js';

/** A value undo restores (or, in a dry run, would restore): `now` → `restore`. */
export interface UndoCell { key: unknown; column: string; now: unknown; restore: unknown }

/** A value undo leaves alone because it changed after the run wrote `wrote`. */
export interface KeptCell extends UndoCell {
  wrote: unknown;
  /** The later run that changed it (undo that run first), or null: edited outside bouncesync. */
  by: string | null;
}

export interface UndoSummary {
  dryRun: boolean;
  restored: number;     // rows with at least one value restored (cells.length values)
  keptChanged: number;  // values kept: changed since the run (kept.length)
  already: number;      // values already back at what they were before the run
  rowsGone: number;
  cells: UndoCell[];
  kept: KeptCell[];
}

/** A run id the ledger does not know (undo, events --run). */
export function runUnknown(runId: string): BounceError {
  return new BounceError('RUN_UNKNOWN', `there is no run "${runId}" in the ledger.`, { fix: 'List runs and their changes with `bouncesync events`, then pass one of their run ids.', usage: true });
}

type Stored = Change & { id: number; state: string };
type Later = Awaited<ReturnType<Ledger['laterChanges']>>[number];

/**
 * Restores the values a run replaced, only where they are still as the run left them: a value
 * edited since (by a person, the CRM) is kept and reported, and so is every value of a row a
 * later run that is not undone changed, even one equal to what this run wrote. A run's changes are undone newest first, so
 * a row it changed twice goes back to its value before the run. With dryRun nothing is written,
 * neither to the table nor to the ledger; the summary lists the exact values it would restore.
 */
export async function undoRun(o: { db: Knex; adapter: Adapter; mapping: Mapping; ledger: Ledger; runId: string; lockTimeoutMs: number; dryRun?: boolean; chunk?: number }): Promise<UndoSummary> {
  if (!(await o.ledger.runExists(o.runId))) throw runUnknown(o.runId);
  const dryRun = o.dryRun ?? false;
  // A change its ended run left prepared is first found applied or void, so undo lists only what was written.
  if (!dryRun) await settleLeftovers({ ...o, log: silentLogger });
  // A CRM preset's changes are undone by their shapes (src/store/shapes/undo.ts).
  const changes = (await o.ledger.changesOfRun(o.runId)).filter((c) => !c.target);
  const s: UndoSummary = { dryRun, restored: 0, keptChanged: 0, already: 0, rowsGone: 0, cells: [], kept: [] };
  // A dry run writes nothing, so a row changed twice by the run is read again in a later chunk
  // as it is now: what the earlier chunks would have restored is carried here instead.
  const simulated = new Map<string, Record<string, unknown>>();
  const later = new Map<string, Later[]>();
  if (changes.length) {
    const first = changes[changes.length - 1].id; // newest first
    for (const l of await o.ledger.laterChanges(o.runId, new Set(changes.map((c) => c.rowKey)), first)) later.set(l.rowKey, [...(later.get(l.rowKey) ?? []), l]);
  }
  const chunk = o.chunk ?? 200; // changes per transaction
  for (let i = 0; i < changes.length; i += chunk) {
    const part = changes.slice(i, i + chunk);
    if (dryRun) {
      const rows = await readRows(o.db, o.mapping, part, false);
      for (const [k, v] of simulated) { const r = rows.get(k); if (r) Object.assign(r, v); }
      for (const c of part) {
        const set = planRow(c, rows.get(String(c.new.__key)), later, s);
        if (set) simulated.set(String(c.new.__key), { ...simulated.get(String(c.new.__key)), ...set });
      }
      continue;
    }
    const heldByLater = new Set<number>();
    await o.db.transaction(async (trx) => {
      await o.adapter.lockTimeout(trx, o.lockTimeoutMs);
      const rows = await readRows(trx, o.mapping, part, o.adapter.caps.forUpdate);
      for (const c of part) {
        const keptBefore = s.kept.length;
        const set = planRow(c, rows.get(String(c.new.__key)), later, s);
        if (s.kept.slice(keptBefore).some((k) => k.by)) heldByLater.add(c.id);
        if (set) await from(trx, o.mapping).where(o.mapping.key, c.new.__key as string | number).update(set);
      }
    });
    // A change whose cells a later run still holds stays undoable: once that run is undone,
    // undoing this one again restores them (the values restored now are then already back).
    const done = part.filter((c) => !heldByLater.has(c.id));
    await o.ledger.setChangeState(done.map((c) => c.id), 'undone');
    await o.ledger.setState([...new Set(done.flatMap((c) => c.eventIds))], 'undone', `undone from run ${o.runId}`);
  }
  s.keptChanged = s.kept.length;
  s.restored = new Set(s.cells.map((c) => String(c.key))).size;
  return s;
}

function readRows(db: Knex | Knex.Transaction, m: Mapping, part: Stored[], lock: boolean): Promise<Map<string, Record<string, unknown>>> {
  const keys = [...new Set(part.map((c) => c.new.__key as string | number))];
  const columns = [...new Set(part.flatMap((c) => Object.keys(c.old)))].filter((c) => c !== m.key);
  let q = from(db, m).select([m.key, ...columns]).whereIn(m.key, keys).orderBy(m.key);
  if (lock) q = q.forUpdate();
  return q.then((found: Record<string, unknown>[]) => new Map(found.map((r) => [String(r[m.key]), r])));
}

/**
 * What undoing one change sets on its row (null: nothing), recorded in the summary. The row
 * object is updated with it, so an older change of the same run to the same row sees the value
 * undo leaves, not the one read.
 */
function planRow(c: Stored, row: Record<string, unknown> | undefined, later: Map<string, Later[]>, s: UndoSummary): Record<string, unknown> | null {
  if (!row) { s.rowsGone++; return null; }
  const key = c.new.__key;
  const set: Record<string, unknown> = {};
  for (const column of Object.keys(c.old)) {
    const now = row[column];
    const cell = { key, column, now, restore: c.old[column] };
    // A row a later run (not undone) changed is that run's now, every mapped cell of it: its
    // flag, reason, status and date go together. Restoring only the cells it happened not to
    // change (one already at the value it wanted) would leave a mix of two runs on the row.
    const by = later.get(c.rowKey)?.find((l) => l.id > c.id);
    if (by) s.kept.push({ ...cell, wrote: c.new[column], by: by.runId });
    else if (same(now, c.new[column])) { set[column] = c.old[column]; s.cells.push(cell); }
    else if (same(now, c.old[column])) s.already++;
    else s.kept.push({ ...cell, wrote: c.new[column], by: null });
  }
  if (Object.keys(set).length === 0) return null;
  Object.assign(row, set);
  return set;
}
