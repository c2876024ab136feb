import knexFactory, { type Knex } from 'knex';
import { adapters, type Adapter } from '../../adapters/index.js';
import { BounceError, oneLine } from '../core/errors.js';
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
    pool: adapter.name === 'sqlite' ? { min: 1, max: 1 } : { min: 0, max: 4 },
    acquireConnectionTimeout: cfg.connectTimeoutMs,
    // knex's own warnings (a refused connection, ...) go to our logger, not to the console.
    log: {
      warn: (m: unknown) => log.warn({ component: 'knex' }, dbMessage(m)),
      error: (m: unknown) => log.error({ component: 'knex' }, dbMessage(m)),
      deprecate: (m: unknown) => log.debug({ component: 'knex' }, String(m)),
      debug: (m: unknown) => log.debug({ component: 'knex' }, String(m)),
    },
  });
  return { db, adapter };
}

const DOWN = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|PROTOCOL_CONNECTION_LOST|Connection terminated|Timeout acquiring a connection|connect ETIMEDOUT|server closed the connection|Connection lost|terminating connection|57P01|ESOCKET|ECONNCLOSED/i;

/** True when the database could not be reached (as opposed to refusing a statement). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return DOWN.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

export function unavailable(err: unknown): BounceError {
  return new BounceError('DB_UNAVAILABLE', `cannot reach the database (${dbMessage(err).slice(0, 160)}).`, {
    fix: 'Start it or correct database.connection; events wait in the ledger and the next run writes them.',
    cause: err,
  });
}

/**
 * A database error without the statement knex puts in front of it: the statement carries bound
 * values (addresses among them), which must not reach logs or the ledger's notes.
 */
export function dbMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const cut = text.lastIndexOf(' - ');
  return oneLine(cut >= 0 && /\b(select|insert|update|delete|pragma|set|with)\b/i.test(text.slice(0, cut)) ? text.slice(cut + 3) : text);
}
