import type { Knex } from 'knex';
import type { Adapter } from '../../adapters/adapter.js';
import { dbMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';

// Indexes added after ledgers were already in use. A new ledger gets them with its tables; an
// older one gets them when it is opened. They only make reads faster, so an account that may not
// create an index is told the statement to run, and the agent goes on without it.

export interface LedgerIndex {
  table: 'events' | 'changes';
  columns: string[];
  /** What goes slow without it. */
  serves: string;
}

export const LATER_INDEXES: readonly LedgerIndex[] = [
  { table: 'events', columns: ['fingerprint', 'received_at'], serves: 'the burst rule counts recent identical failures once per write batch' },
  { table: 'changes', columns: ['row_key'], serves: 'undo looks up the later changes to the rows a run changed' },
];

/** The name knex gives the same index in createTable, so a new ledger and an upgraded one agree. */
export function indexName(table: string, columns: string[]): string {
  return `${table}_${columns.join('_')}_index`.toLowerCase();
}

/** CREATE INDEX for this database, identifiers quoted its way: what we run, and what the warning tells an admin to run. */
export function createIndexSql(db: Knex, table: string, columns: string[]): string {
  return db.raw(`create index ?? on ?? (${columns.map(() => '??').join(', ')})`, [indexName(table, columns), table, ...columns]).toQuery();
}

/** An index whose leading columns are these serves the ledger's reads, whatever it is called. */
function has(indexes: string[][], columns: string[]): boolean {
  return indexes.some((ix) => columns.every((c, i) => ix[i]?.toLowerCase() === c));
}

/**
 * Adds the later indexes a ledger lacks (checked in the catalog first: not every database has
 * CREATE INDEX IF NOT EXISTS). Returns the tables+columns still without one: refused for lack of
 * a right (a warning with the statement to run), or left alone in a dry run (which writes nothing).
 * Any other failure is thrown.
 */
export async function addMissingIndexes(db: Knex, adapter: Adapter, prefix: string, o: { log: Logger; dryRun: boolean }): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const ix of LATER_INDEXES) {
    const table = prefix + ix.table;
    if (has(await adapter.indexes(db, { schema: null, table }), ix.columns)) continue;
    const sql = createIndexSql(db, table, ix.columns);
    if (o.dryRun) {
      o.log.info({ table, sql }, 'ledger index missing; the next run (not a dry run) adds it');
      missing.add(key(ix));
      continue;
    }
    try {
      await db.raw(sql);
    } catch (e) {
      // Another agent opening the same ledger may have just added it.
      if (has(await adapter.indexes(db, { schema: null, table }), ix.columns)) continue;
      if (!adapter.denied(e)) throw e;
      o.log.warn({ table, err: dbMessage(e), fix: `${sql};` },
        `the ledger's account may not add an index to ${table}, which makes it slower (${ix.serves}); an admin can add it with: ${sql};`);
      missing.add(key(ix));
    }
  }
  return missing;
}

export const key = (ix: Pick<LedgerIndex, 'table' | 'columns'>) => `${ix.table}(${ix.columns.join(',')})`;
