import knexFactory, { type Knex } from 'knex';
import type { Adapter } from '../../adapters/adapter.js';
import { adapters } from '../../adapters/index.js';
import { BounceError, dbMessage } from '../core/errors.js';
import type { DatabaseConfig } from '../config/schema.js';
import { silentLogger, type Logger } from '../core/log.js';

export interface Database { db: Knex; adapter: Adapter }

/** Builds a knex instance for the configured database; connects lazily, on the first query. */
export async function openDatabase(cfg: DatabaseConfig, log: Logger = silentLogger): Promise<Database> {
  const adapter = await adapters[cfg.client]();
  const db = knexFactory({
    client: adapter.knexClient,
    connection: adapter.connection(cfg.connection) as Knex.StaticConnectionConfig,
    useNullAsDefault: true,
    pool: { ...(adapter.name === 'sqlite' ? { min: 1, max: 1 } : { min: 0, max: 4 }), ...(adapter.onConnect ? { afterCreate: afterCreate(adapter.onConnect) } : {}) },
    acquireConnectionTimeout: cfg.connectTimeoutMs,
    // knex's own warnings go to our logger at debug level, not to the console: each failure it
    // warns about (a refused login, a dropped connection) reaches us as an error we report with a code.
    // (`log` is already the database component's: knex is named as the library, not a second component.)
    log: {
      warn: (m: unknown) => log.debug({ library: 'knex' }, dbMessage(m)),
      error: (m: unknown) => log.error({ library: 'knex' }, dbMessage(m)),
      deprecate: (m: unknown) => log.debug({ library: 'knex' }, String(m)),
      debug: (m: unknown) => log.debug({ library: 'knex' }, String(m)),
    },
  });
  return { db, adapter };
}

/** knex's pool hook around an adapter's onConnect: a connection it refuses is never used. */
function afterCreate(onConnect: (conn: unknown) => Promise<void>) {
  return (conn: unknown, done: (err: Error | null, conn: unknown) => void) => {
    onConnect(conn).then(() => done(null, conn), (e: Error) => done(e, conn));
  };
}

// Down, or not a database of this kind at that port (a PostgreSQL client talking to another server
// reads messages it does not expect): either way nothing there answers as the database.
const DOWN = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|PROTOCOL_CONNECTION_LOST|Connection terminated|Timeout acquiring a connection|connect ETIMEDOUT|server closed the connection|Connection lost|terminating connection|57P01|ESOCKET|ECONNCLOSED|unexpected \w+ message from backend/i;

/** True when the database could not be reached (as opposed to refusing a statement). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return DOWN.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

/** target: where the connection leads (host:port/database, a file), when the caller knows it. */
export function unavailable(err: unknown, target?: string): BounceError {
  return new BounceError('DB_UNAVAILABLE', `cannot reach the database${target ? ` at ${target}` : ''} (${dbMessage(err).slice(0, 160)}).`, {
    fix: 'Start it or correct database.connection (host, port); events wait in the ledger and the next run writes them.',
    cause: err,
  });
}

const LOGIN = /ER_ACCESS_DENIED_ERROR|ER_DBACCESS_DENIED_ERROR|ELOGIN|28P01|28000|password authentication failed|Access denied for user|Login failed/i;
const NO_DATABASE = /ER_BAD_DB_ERROR|3D000|Unknown database|database "[^"]{1,200}" does not exist|SQLITE_CANTOPEN/i;

/**
 * The connection-level failures, as coded errors that say the fix: the database is down, it
 * refused the login, or the database named does not exist. Null for anything else (a statement
 * the database refused), which the caller explains in its own terms.
 */
export function connectionError(err: unknown, target?: string): BounceError | null {
  // Refused by the adapter's own check of a new connection (the session's sql_mode; a SQLite file that is not there).
  if (err instanceof BounceError) return err;
  if (isUnavailable(err)) return unavailable(err, target);
  const e = err as { code?: string; message?: string } | null;
  const text = `${e?.code ?? ''} ${e?.message ?? ''}`;
  const at = target ? ` at ${target}` : '';
  if (LOGIN.test(text)) {
    return new BounceError('DB_LOGIN_FAILED', `the database${at} refused the login.`, {
      fix: 'Check database.connection.user and password (a ${VAR} reference must be set in the environment), and that the account may connect from this host.',
      cause: err,
    });
  }
  if (NO_DATABASE.test(text)) {
    return new BounceError('DB_NOT_FOUND', `the database named in database.connection${target ? ` (${target})` : ''} does not exist (or the file cannot be opened).`, {
      fix: 'Correct database.connection.database (or filename for SQLite).',
      cause: err,
    });
  }
  return null;
}
