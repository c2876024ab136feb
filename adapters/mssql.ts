import { errorCode, type Adapter, type Column } from './index.js';

// SQL Server through knex's mssql client (mssql 11 / tedious). At most 2,100 parameters per
// statement, no ON CONFLICT; FOR UPDATE becomes a WITH (UPDLOCK) hint in knex.
// 1205 is "chosen as deadlock victim", 1222 a lock request timeout.
// Not run against a live server here: test/store/mssql-sql.test.ts checks the SQL knex generates.
export const adapter: Adapter = {
  name: 'mssql',
  knexClient: 'mssql',
  caps: { forUpdate: true, maxParams: 2_000, datesAsText: false, transactionalDdl: true },
  connection: (conn) => {
    if (typeof conn === 'string') return conn;
    const c = conn as { host?: string; port?: number; user?: string; password?: string; database?: string; options?: object };
    return { server: c.host ?? 'localhost', port: c.port, user: c.user, password: c.password, database: c.database, options: { encrypt: true, trustServerCertificate: false, ...c.options } };
  },
  async columns(db, ref) {
    const rows: { name: string; type: string; nullable: string; maxlen: number | null; coll: string | null }[] = await db.raw(
      `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as maxlen, collation_name as coll
         from information_schema.columns where table_schema = coalesce(?, schema_name()) and table_name = ? order by ordinal_position`,
      [ref.schema, ref.table],
    );
    return rows.map((r): Column => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.nullable === 'YES', maxLength: r.maxlen, collation: r.coll ?? null }));
  },
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
