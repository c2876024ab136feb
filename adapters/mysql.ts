import { errorCode, indexColumns, type Adapter, type Column } from './index.js';

// MySQL and MariaDB through mysql2. The lock wait is set per session in whole seconds;
// 1213 is a deadlock, 1205 a lock wait timeout: both roll the transaction back and may be retried.

// A session variable outlives the transaction that set it (in MySQL and MariaDB, SET is not undone
// by a rollback), so each pooled connection is told once per value: one round trip fewer inside
// every write batch, while it holds its row locks. A new connection (after a drop) is told again.
const sessionWait = new WeakMap<object, number>();
const WORD = /^\w+$/;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const adapter: Adapter = {
  name: 'mysql',
  knexClient: 'mysql2',
  caps: { forUpdate: true, maxParams: 60_000, datesAsText: false, transactionalDdl: false },
  connection: (conn) => (typeof conn === 'string' ? conn : { ...(conn as object), dateStrings: false, supportBigNumbers: true }),
  async columns(db, ref) {
    const [rows] = await db.raw(
      `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as maxlen, collation_name as coll
         from information_schema.columns where table_schema = coalesce(?, database()) and table_name = ? order by ordinal_position`,
      [ref.schema, ref.table],
    );
    return (rows as { name: string; type: string; nullable: string; maxlen: number | null; coll: string | null }[])
      .map((r): Column => ({ name: r.name, type: String(r.type).toLowerCase(), nullable: r.nullable === 'YES', maxLength: r.maxlen == null ? null : Number(r.maxlen), collation: r.coll ?? null }));
  },
  // Asked of the server, not read from the name: '_ci' says nothing of trailing spaces (MySQL 8's
  // default utf8mb4_0900_ai_ci and MariaDB's *_nopad_ci do not pad; MariaDB's catalog has no
  // PAD_ATTRIBUTE), and utf8mb4_turkish_ci is '_ci' yet 'I' <> 'i' there. Both names come from the
  // catalog and are checked to be plain words before they are put into the statement.
  async caseless(db, collation) {
    if (!collation || !WORD.test(collation)) return null;
    const [found] = await db.raw('select character_set_name as cs from information_schema.collations where collation_name = ?', [collation]);
    const cs = (found as { cs: string }[])[0]?.cs;
    if (!cs || !WORD.test(cs)) return null;
    const as = (text: string) => `convert('${text}' using ${cs}) collate ${collation}`;
    const [rows] = await db.raw(`select ${as(UPPER)} = ${as(UPPER.toLowerCase())} as ci, ${as('a')} = ${as('a ')} as pad`);
    const r = (rows as { ci: number | string; pad: number | string }[])[0];
    return Number(r.ci) === 1 ? { pad: Number(r.pad) === 1 } : null;
  },
  async indexes(db, ref) {
    const [rows] = await db.raw(
      `select index_name as name, column_name as \`column\` from information_schema.statistics
         where table_schema = coalesce(?, database()) and table_name = ? order by index_name, seq_in_index`,
      [ref.schema, ref.table],
    );
    return indexColumns(rows);
  },
  // 1142: a command (INDEX, ALTER, ...) denied on a table; 1044: on a database; 1227: a global right.
  denied: (err) => [1142, 1044, 1227].includes(Number(errorCode(err))),
  async lockTimeout(trx, ms) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    // Inside a transaction knex's client hands out the transaction's own connection.
    const conn = await (trx.client as { acquireConnection(): Promise<object> }).acquireConnection();
    if (sessionWait.get(conn) === seconds) return;
    await trx.raw('set session innodb_lock_wait_timeout = ?', [seconds]);
    sessionWait.set(conn, seconds);
  },
  retryable: (err) => [1213, 1205].includes(Number(errorCode(err))),
};
