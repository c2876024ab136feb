import { errorCode, indexColumns, serverTarget, type Adapter, type Column } from './adapter.js';

// SQL Server through knex's mssql client (mssql 11 / tedious). At most 2,100 parameters per
// statement, no ON CONFLICT; FOR UPDATE becomes a WITH (UPDLOCK) hint in knex.
// 1205 is "chosen as deadlock victim", 1222 a lock request timeout.
// Checked through the SQL and bindings knex generates (test/store/mssql-sql.test.ts), not against a
// live SQL Server (docs/limitations.md).
export const adapter: Adapter = {
  name: 'mssql',
  knexClient: 'mssql',
  caps: { forUpdate: true, maxParams: 2_000, datesAsText: false, transactionalDdl: true },
  connection: (conn) => {
    if (typeof conn === 'string') return conn;
    const c = conn as { host?: string; port?: number; user?: string; password?: string; database?: string; options?: object };
    return { server: c.host ?? 'localhost', port: c.port, user: c.user, password: c.password, database: c.database, options: { encrypt: true, trustServerCertificate: false, ...c.options } };
  },
  target: (conn) => serverTarget(conn, 1433),
  async columns(db, ref) {
    const rows: { name: string; type: string; nullable: string; maxlen: number | null; coll: string | null }[] = await db.raw(
      `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as maxlen, collation_name as coll
         from information_schema.columns where table_schema = coalesce(?, schema_name()) and table_name = ? order by ordinal_position`,
      [ref.schema, ref.table],
    );
    return rows.map((r): Column => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.nullable === 'YES', maxLength: r.maxlen, collation: r.coll ?? null }));
  },
  async indexes(db, ref) {
    // Key columns only (included columns have key_ordinal 0); the heap (index_id 0) has no name.
    const rows: { name: string; column: string }[] = await db.raw(
      `select i.name as name, c.name as [column]
         from sys.indexes i
         join sys.tables t on t.object_id = i.object_id
         join sys.index_columns ic on ic.object_id = i.object_id and ic.index_id = i.index_id
         join sys.columns c on c.object_id = ic.object_id and c.column_id = ic.column_id
        where schema_name(t.schema_id) = coalesce(?, schema_name()) and t.name = ? and ic.key_ordinal > 0
        order by i.name, ic.key_ordinal`,
      [ref.schema, ref.table],
    );
    return indexColumns(rows);
  },
  // 1088: object not found or no permission (CREATE INDEX needs ALTER on the table); 229, 262: permission denied.
  denied: (err) => [1088, 229, 262].includes(Number(errorCode(err))),
  // Read from the name (it cannot be asked of a live server here): _CI_ is case-insensitive, and
  // SQL Server's = always ignores trailing spaces. Turkish and Azeri collations are _CI_ yet tell
  // 'I' from 'i', so LOWER(x) = x does not hold there: they get the exact-values lookup.
  // Not handled, for want of a server to measure it on: knex binds strings as nvarchar, and on a
  // varchar column with a SQL_ collation SQL Server then converts the column and scans the index
  // instead of seeking it (Windows collations and nvarchar columns still seek).
  caseless: async (_db, collation) => (collation && /_CI(_|$)/i.test(collation) && !/^(Turkish|Azeri)_/i.test(collation) ? { pad: true } : null),
  async lockTimeout(trx, ms) {
    await trx.raw(`set lock_timeout ${Math.trunc(ms)}`);
  },
  retryable: (err) => [1205, 1222].includes(Number(errorCode(err))),
};
