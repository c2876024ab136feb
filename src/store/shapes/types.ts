import type { Decision, PendingEvent, Change } from '../../ledger/index.js';
import type { Holder } from './holders.js';
import type { Db } from './sql.js';

// One write shape per file (set.ts, insert.ts, counter.ts), each behind this interface. A shape
// plans exact changes from rows as read, applies them under lock after the plan was committed to
// the ledger (old and new values), tells a change a crash left prepared applied or not, and
// undoes one change only where the row is still as the change left it.

/** The events of one address in a batch, with the live records that hold it. */
export interface Item { address: string; events: PendingEvent[]; holders: Holder[] }

/** A change as the ledger keeps it: `target` names the shape and table. */
export type ShapeChange = Change & { target: string };
export type StoredChange = ShapeChange & { id: number; state: string };

export interface ShapePlan {
  changes: ShapeChange[];
  unchanged: number;
  /** What the plan was made from, compared again under lock. */
  seen: unknown;
}

/** One value restored or kept by undo, as the undo report lists it. */
export interface UndoStep { key: string; column: string; now: unknown; restore: unknown; outcome: 'restore' | 'already' | 'kept' }

export interface Shape {
  /** `set:email_addresses`, `insert:lead_donotcontact`, `counter:res_partner`: the ledger's target. */
  target: string;
  /** Event decisions it writes for. */
  decisions: Decision[];
  /** Tables and columns it reads or writes, checked against the catalog. */
  columns(): { table: string; columns: string[]; optional?: boolean }[];
  /** What it changes, in words (check, docs). */
  describe(): string;
  plan(db: Db, items: Item[], runId: string, ctx: PlanContext): Promise<ShapePlan>;
  /** Inside the write transaction: throws RowsMoved when the rows are no longer as planned. */
  apply(trx: Db, plan: ShapePlan, lock: boolean): Promise<void>;
  /** A change a crash left prepared: was it written? */
  applied(db: Db, c: StoredChange): Promise<boolean>;
  /** Undo one change (dryRun: only say what would happen); later: a later run not undone holds the row. */
  undo(db: Db, c: StoredChange, o: { dryRun: boolean; later: string | null; lock: boolean }): Promise<UndoStep[]>;
}

export interface PlanContext {
  /** Earlier changes of this target to these rows that are not undone, newest first (the counter's base). */
  earlier(target: string, rowKeys: string[]): Promise<StoredChange[]>;
}
