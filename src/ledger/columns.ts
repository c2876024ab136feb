import type { Knex } from 'knex';

// Columns added after ledgers were already in use. A new ledger gets them with its tables; an
// older one when it is opened (not by a dry run, which writes nothing: its reads then take the
// column as absent).

export const LATER_COLUMNS = [
  // What a change was written to: '' for the mapped table, a CRM preset's shape and table otherwise.
  { table: 'changes', column: 'target', add: (t: Knex.CreateTableBuilder) => t.string('target', 100).notNullable().defaultTo('') },
] as const;

export async function addMissingColumns(db: Knex, prefix: string, o: { dryRun: boolean }): Promise<string[]> {
  const missing: string[] = [];
  for (const c of LATER_COLUMNS) {
    const table = prefix + c.table;
    if (await db.schema.hasColumn(table, c.column)) continue;
    if (o.dryRun) { missing.push(`${table}.${c.column}`); continue; }
    await db.schema.alterTable(table, (t) => { c.add(t); });
  }
  return missing;
}
