import { errorCode, indexColumns, serverTarget, type Adapter, type Column } from './adapter.js';

// PostgreSQL through pg. lock_timeout is set LOCAL to the batch's transaction, every batch, not
// once per connection as for MariaDB: a SET inside a transaction that rolls back (a lock timeout
// does) is undone, so a value remembered per connection would be wrong after the first timeout;
// set outside transactions, it would bound every lock every statement waits for, and behind a
// transaction-pooling PgBouncer it would land on sessions other clients use. The SET comes before
// the batch's first row lock, so it costs one round trip per batch, not a longer lock.
// 40P01 is a deadlock, 55P03 a lock timeout, 40001 a serialization failure: all retryable.
export const adapter: Adapter = {
  name: 'postgres',
  knexClient: 'pg',
  caps: { forUpdate: true, maxParams: 60_000, datesAsText: false, transactionalDdl: true },
  connection: (conn) => conn,
  target: (conn) => serverTarget(conn, 5432),
  async columns(db, ref) {
    const { rows } = await db.raw(
      `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as maxlen
         from information_schema.columns where table_schema = coalesce(?, current_schema()) and table_name = ? order by ordinal_position`,
      [ref.schema, ref.table],
    );
    return (rows as { name: string; type: string; nullable: string; maxlen: number | null }[])
      .map((r): Column => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.nullable === 'YES', maxLength: r.maxlen, collation: null }));
  },
  async indexes(db, ref) {
    // Expression columns (attnum 0) match no attribute and drop out: such an index serves no plain column list.
    const { rows } = await db.raw(
      `select i.relname as name, a.attname as column
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         join pg_class i on i.oid = x.indexrelid
         cross join lateral unnest(x.indkey::int2[]) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
        where n.nspname = coalesce(?, current_schema()) and t.relname = ? and k.ord <= x.indnkeyatts
        order by i.relname, k.ord`,
      [ref.schema, ref.table],
    );
    return indexColumns(rows);
  },
  // 42501: insufficient privilege (an index needs the table's owner; a table, CREATE on the schema).
  denied: (err) => String(errorCode(err)) === '42501',
  // Deterministic collations (the default) compare case-sensitively; a nondeterministic ICU one
  // may not, but the exact-values lookup is correct under any of them.
  caseless: async () => null,
  async lockTimeout(trx, ms) {
    // SET does not take bind parameters; the value is an integer we computed, not input.
    await trx.raw(`set local lock_timeout = ${Math.trunc(ms)}`);
  },
  retryable: (err) => ['40P01', '55P03', '40001'].includes(String(errorCode(err))),
};
