import type { Knex } from 'knex';
import type { Logger } from '../../core/log.js';
import type { Ledger } from '../../ledger/index.js';
import { leftovers } from './ledger.js';
import type { CrmStore } from './write.js';

// A shape change is committed to the ledger as prepared before its transaction, and marked
// applied after. A process killed in between leaves it prepared; once its run has ended, its
// shape reads the table to say which it was (written, or never), before anything new is planned.

export async function settleShapeLeftovers(db: Knex, crm: CrmStore, ledger: Ledger, log: Logger): Promise<{ applied: number; void: number }> {
  const out = { applied: 0, void: 0 };
  const byTarget = new Map(crm.shapes.map((s) => [s.target, s]));
  for (const c of await leftovers(ledger)) {
    const shape = byTarget.get(c.target);
    if (!shape) continue; // a target this preset no longer writes: left for undo to report
    const applied = await shape.applied(db, c);
    await ledger.setChangeState([c.id], applied ? 'applied' : 'void');
    out[applied ? 'applied' : 'void']++;
  }
  if (out.applied || out.void) log.warn(out, 'CRM changes left prepared by runs that ended without settling them: settled from the tables');
  return out;
}
