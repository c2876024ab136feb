import type { Ledger } from '../../ledger/index.js';
import type { StoredChange } from './types.js';

// The shapes' reads of the ledger's changes table: those with a target (a CRM preset's shape).
// A ledger opened by a dry run before it had the target column holds none.

async function hasTarget(l: Ledger): Promise<boolean> {
  return l.db.schema.hasColumn(l.t('changes'), 'target');
}

function changeOf(r: Record<string, unknown>): StoredChange {
  const parse = (t: unknown) => JSON.parse(String(t), (_k, v) => (v && typeof v === 'object' && typeof v.$date === 'string' ? new Date(v.$date) : v));
  return {
    id: Number(r.id), target: String(r.target), runId: String(r.run_id), rowKey: String(r.row_key), state: String(r.state),
    eventIds: JSON.parse(String(r.event_ids)), old: parse(r.old_values), new: parse(r.new_values),
  };
}

/** Changes to these rows of this target not undone (prepared or applied), newest first. */
export async function earlierChanges(l: Ledger, target: string, rowKeys: string[]): Promise<StoredChange[]> {
  if (!(await hasTarget(l))) return [];
  const out: StoredChange[] = [];
  for (let i = 0; i < rowKeys.length; i += 500) {
    const rows = await l.db(l.t('changes')).where('target', target).whereIn('row_key', rowKeys.slice(i, i + 500))
      .whereIn('state', ['prepared', 'applied']).orderBy('id', 'desc');
    out.push(...rows.map(changeOf));
  }
  return out.sort((a, b) => b.id - a.id);
}

/** Shape changes still prepared whose run has ended: a crash between prepare and settle. */
export async function leftovers(l: Ledger): Promise<StoredChange[]> {
  if (!(await hasTarget(l))) return [];
  const c = l.t('changes'), r = l.t('runs');
  const rows = await l.db(c).join(r, `${r}.id`, `${c}.run_id`).where(`${c}.state`, 'prepared').whereNot(`${c}.target`, '')
    .whereNotNull(`${r}.finished_at`).orderBy(`${c}.id`).select(`${c}.*`);
  return rows.map(changeOf);
}

/** A run's shape changes that undo may restore, newest first. */
export async function changesOfRun(l: Ledger, runId: string): Promise<StoredChange[]> {
  if (!(await hasTarget(l))) return [];
  return (await l.db(l.t('changes')).where({ run_id: runId }).whereNot('target', '').whereIn('state', ['prepared', 'applied']).orderBy('id', 'desc')).map(changeOf);
}

/** For each change: a later run (not undone) that changed the same row of the same target, or null. */
export async function laterRuns(l: Ledger, changes: StoredChange[]): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  for (const c of changes) {
    const later = await l.db(l.t('changes')).where({ target: c.target, row_key: c.rowKey }).andWhere('id', '>', c.id)
      .whereNot('run_id', c.runId).whereIn('state', ['prepared', 'applied']).first('run_id');
    out.set(c.id, later ? String(later.run_id) : null);
  }
  return out;
}
