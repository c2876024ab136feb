import { BounceError } from '../src/core/errors.js';
import { errorCode, indexColumns, serverTarget, type Adapter, type Column } from './adapter.js';

// MySQL and MariaDB through mysql2. The lock wait is set per session in whole seconds;
// 1213 is a deadlock, 1205 a lock wait timeout: both roll the transaction back and may be retried.

// A session variable outlives the transaction that set it (in MySQL and MariaDB, SET is not undone
// by a rollback), so each pooled connection is told once per value: one round trip fewer inside
// every write batch, while it holds its row locks. A new connection (after a drop) is told again.
const sessionWait = new WeakMap<object, number>();
const WORD = /^\w+$/;

// mysql2 (knex's client sends every statement through query(), never execute()) writes bound
// values into the statement text itself, escaping a quote as \' . A server whose sql_mode holds
// NO_BACKSLASH_ESCAPES (a mode DBAs do set) reads that backslash as a plain character: the quote
// ends the string and the rest of the value is SQL. So each new connection of the pool reads its
// session's mode and, when that mode is there, sets the same modes without it, then reads it
// back: a connection still in it is refused before any statement of ours runs on it. Only this
// session changes; the server's modes, other sessions, and the triggers and procedures of the
// customer's (which keep the modes they were created with) are left as they are.
// Not server-side prepared statements (mysql2's execute()): knex has no switch for them, and
// every statement shape (each batch size of an IN list) would be prepared and cached per pooled
// connection, counting against the server-wide max_prepared_stmt_count that the customer's own
// applications share; a wrong count there fails their statements, not only ours.
const NO_BACKSLASH = 'NO_BACKSLASH_ESCAPES';
type RawConnection = { query(sql: string, cb: (err: Error | null, rows: { m: string }[]) => void): void; destroy(): void };
const sessionMode = (conn: RawConnection) => new Promise<string[]>((resolve, reject) =>
  conn.query('select @@session.sql_mode as m', (err, rows) => (err ? reject(err) : resolve(String(rows[0]?.m ?? '').split(',').filter(Boolean)))));
const run = (conn: RawConnection, sql: string) => new Promise<void>((resolve, reject) => conn.query(sql, (err) => (err ? reject(err) : resolve())));

async function safeSession(conn: RawConnection): Promise<void> {
  const modes = await sessionMode(conn);
  if (!modes.includes(NO_BACKSLASH)) return;
  const kept = modes.filter((m) => m !== NO_BACKSLASH);
  // Mode names are words the server itself gave; anything else is not put into a statement.
  if (kept.every((m) => WORD.test(m))) await run(conn, `set session sql_mode = '${kept.join(',')}'`);
  if ((await sessionMode(conn)).includes(NO_BACKSLASH)) {
    throw new BounceError('DB_SQL_MODE', `the database session keeps sql_mode ${NO_BACKSLASH}, under which the driver's quoting of values is not safe.`, {
      fix: 'Allow the agent\'s account to set its session sql_mode (SET SESSION sql_mode), or connect it to a server or proxy that does not force NO_BACKSLASH_ESCAPES.',
    });
  }
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const adapter: Adapter = {
  name: 'mysql',
  knexClient: 'mysql2',
  caps: { forUpdate: true, maxParams: 60_000, datesAsText: false, transactionalDdl: false },
  connection: (conn) => (typeof conn === 'string' ? conn : { ...(conn as object), dateStrings: false, supportBigNumbers: true }),
  target: (conn) => serverTarget(conn, 3306),
  async onConnect(conn) {
    try {
      await safeSession(conn as RawConnection);
    } catch (e) {
      // knex's pool forgets a connection its hook refused: close it here.
      (conn as RawConnection).destroy();
      throw e;
    }
  },
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
