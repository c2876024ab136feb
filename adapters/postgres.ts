import { errorCode, type Adapter, type Column } from './index.js';

// PostgreSQL through pg. lock_timeout is set LOCAL to the batch's transaction;
// 40P01 is a deadlock, 55P03 a lock timeout, 40001 a serialization failure: all retryable.
export const adapter: Adapter = {
  name: 'postgres',
  knexClient: 'pg',
  caps: { forUpdate: true, maxParams: 60_000, datesAsText: false, transactionalDdl: true },
  connection: (conn) => conn,
  async columns(db, ref) {
    const { rows } = await db.raw(
      `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as maxlen
         from information_schema.columns where table_schema = coalesce(?, current_schema()) and table_name = ? order by ordinal_position`,
      [ref.schema, ref.table],
    );
    return (rows as { name: string; type: string; nullable: string; maxlen: number | null }[])
      .map((r): Column => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.nullable === 'YES', maxLength: r.maxlen, collation: null }));
  },
  // Deterministic collations (the default) compare case-sensitively; a nondeterministic ICU one
  // may not, but the exact-values lookup is correct under any of them.
  caseless: async () => null,
  async lockTimeout(trx, ms) {
    // SET does not take bind parameters; the value is an integer we computed, not input.
    await trx.raw(`set local lock_timeout = ${Math.trunc(ms)}`);
  },
  retryable: (err) => ['40P01', '55P03', '40001'].includes(String(errorCode(err))),
};
