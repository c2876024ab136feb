import type { Knex } from 'knex';
import type { Logger } from '../core/log.js';
import type { Ledger } from '../ledger/index.js';
import { same } from './same.js';
import { from, type Mapping } from './mapping.js';

// A change is committed to the ledger as `prepared` before its batch writes the customer's table,
// and marked `applied` after. A process killed in between leaves it `prepared` for ever, although
// it was either written or not. Once its run has ended (finished, or ended as interrupted when
// its process was found gone: src/ledger/runs.ts), the table says which: a row still holding
// every old value was never written (void; so is a row that is gone: nothing of it is left to
// undo); anything else is applied (undo still restores only the values still as the change left
// them). Done once per ledger opened, before the first write-back plans anything, so the next
// batch's own writes are not taken for the dead batch's.

const settled = new WeakSet<Ledger>();

export async function settleLeftovers(o: { db: Knex; mapping: Mapping; ledger: Ledger; log: Logger }): Promise<{ applied: number; void: number }> {
  const out = { applied: 0, void: 0 };
  if (settled.has(o.ledger)) return out;
  const m = o.mapping;
  for (let after = 0; ;) {
    const all = await o.ledger.leftoverChanges(after, 500);
    if (all.length === 0) break;
    after = all[all.length - 1]!.id;
    // A CRM preset's changes are settled by their shapes (src/store/shapes/leftovers.ts).
    const part = all.filter((c) => !c.target);
    const keys = [...new Set(part.map((c) => c.new.__key as string | number))];
    const columns = [...new Set(part.flatMap((c) => Object.keys(c.old)))].filter((c) => c !== m.key);
    const found: Record<string, unknown>[] = await from(o.db, m).select([m.key, ...columns]).whereIn(m.key, keys);
    const rows = new Map(found.map((r) => [String(r[m.key]), r]));
    const applied: number[] = [];
    const never: number[] = [];
    for (const c of part) {
      const row = rows.get(String(c.new.__key));
      (!row || Object.keys(c.old).every((col) => same(row[col], c.old[col])) ? never : applied).push(c.id);
    }
    await o.ledger.setChangeState(applied, 'applied');
    await o.ledger.setChangeState(never, 'void');
    out.applied += applied.length;
    out.void += never.length;
  }
  settled.add(o.ledger);
  if (out.applied || out.void) o.log.warn(out, 'changes left prepared by runs that ended without settling them: settled from the table');
  return out;
}
