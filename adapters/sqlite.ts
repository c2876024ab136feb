import { statSync } from 'node:fs';
import { BounceError } from '../src/core/errors.js';
import { indexColumns, type Adapter, type Column } from './adapter.js';

// SQLite (better-sqlite3 12): one writer at a time, so no row locks and no FOR UPDATE;
// the busy timeout plays the part of a lock timeout.
const fileOf = (conn: unknown) => (typeof conn === 'string' ? conn : (conn as { filename?: string }).filename ?? ':memory:');

export const adapter: Adapter = {
  name: 'sqlite',
  knexClient: 'better-sqlite3',
  caps: { forUpdate: false, maxParams: 30_000, datesAsText: true, transactionalDdl: true },
  // The customer's database is opened, never made: SQLite creates a missing file, so a mistyped
  // path gave an empty database and then "table not found". Checked each time a connection
  // opens (knex calls a function given as the connection then); better-sqlite3's own
  // fileMustExist is not an option knex passes on.
  connection: (conn) => {
    const filename = fileOf(conn);
    const open = async () => {
      if (filename !== ':memory:' && !statSync(filename, { throwIfNoEntry: false })?.isFile()) {
        throw new BounceError('DB_NOT_FOUND', `the SQLite database ${filename} (database.connection.filename) does not exist; it is not created.`, {
          fix: 'Correct database.connection.filename (a relative path is taken from the config file\'s folder).',
        });
      }
      return { filename };
    };
    // knex looks for a filename on the connection when it is built, and warns without one.
    return Object.assign(open, { filename });
  },
  target: (conn) => fileOf(conn),
  async columns(db, ref) {
    const rows: { name: string; type: string; notnull: number }[] = await db.raw('select name, type, "notnull" from pragma_table_info(?, ?)', [ref.table, ref.schema ?? 'main']);
    return rows.map((r): Column => ({ name: r.name, type: r.type.toLowerCase(), nullable: !r.notnull, maxLength: null, collation: null }));
  },
  async indexes(db, ref) {
    const rows: { name: string; column: string }[] = await db.raw(
      'select il.name as name, ii.name as "column" from pragma_index_list(?, ?) il, pragma_index_info(il.name, ?) ii order by il.name, ii.seqno',
      [ref.table, ref.schema ?? 'main', ref.schema ?? 'main'],
    );
    return indexColumns(rows);
  },
  // The file or its directory is read-only to this account.
  denied: (err) => /SQLITE_READONLY|SQLITE_PERM|SQLITE_AUTH/.test(String((err as { code?: string })?.code ?? '')),
  // SQLite compares with BINARY unless a column says COLLATE NOCASE, and even NOCASE does not
  // ignore trailing spaces: the exact-values lookup serves both.
  caseless: async () => null,
  async lockTimeout(trx, ms) {
    await trx.raw(`pragma busy_timeout = ${Math.trunc(ms)}`);
  },
  retryable: (err) => /SQLITE_BUSY|SQLITE_LOCKED/.test(String((err as { code?: string })?.code ?? '')),
};
