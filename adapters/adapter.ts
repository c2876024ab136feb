import type { Knex } from 'knex';

// What every database adapter provides (one file per database in this folder) and the helpers
// they share. The registry (./index.ts) only lists the adapters.

export interface Column {
  name: string;
  type: string;            // as the catalog names it, lower-case
  nullable: boolean;
  maxLength: number | null;
  /** The collation the column compares with (MySQL/MariaDB, SQL Server); null where there is none to read. */
  collation: string | null;
}

export interface TableRef { schema: string | null; table: string }

export interface Adapter {
  name: 'sqlite' | 'mysql' | 'postgres' | 'mssql';
  knexClient: string;
  caps: {
    /** SELECT ... FOR UPDATE locks the rows a batch will change (SQLite locks the whole file instead). */
    forUpdate: boolean;
    /** Bind parameters per statement (SQL Server: 2,100). */
    maxParams: number;
    /** Dates are written as text ('YYYY-MM-DD HH:MM:SS'): SQLite has no date type. */
    datesAsText: boolean;
    /** Transactional DDL: a dry run may create ledger tables inside a rolled-back transaction. */
    transactionalDdl: boolean;
  };
  /** Maps the config's connection onto the driver's (knex takes a function too: called as a connection opens). */
  connection(conn: unknown): unknown;
  /** Where the config's connection leads, for messages: host:port/database or the file; never a user or password. */
  target(conn: unknown): string;
  /**
   * Run on every new connection of the pool (the driver's raw connection) before any statement:
   * session settings every statement relies on. Throws when the session cannot be made safe.
   */
  onConnect?(conn: unknown): Promise<void>;
  /** Columns of a table, from the catalog; [] when the table does not exist. */
  columns(db: Knex | Knex.Transaction, ref: TableRef): Promise<Column[]>;
  /** The column lists (in key order) of a table's indexes, from the catalog; [] when it has none. */
  indexes(db: Knex | Knex.Transaction, ref: TableRef): Promise<string[][]>;
  /** The database refused a statement because the account lacks a right (not: down, or bad SQL). */
  denied(err: unknown): boolean;
  /**
   * Whether plain `=` on a column of this collation already ignores letter case, so the column's
   * ordinary index can find an address whatever its case; pad: it also ignores trailing spaces.
   * Null when it does not, or cannot be told (src/store/lookup.ts then looks up exact values).
   */
  caseless(db: Knex | Knex.Transaction, collation: string | null): Promise<{ pad: boolean } | null>;
  /** Bounds how long the current transaction waits for a row lock. */
  lockTimeout(trx: Knex.Transaction, ms: number): Promise<void>;
  /** A deadlock or lock timeout: the batch is rolled back and may be retried as is. */
  retryable(err: unknown): boolean;
}

export type AdapterName = Adapter['name'];

/** Error codes are driver-specific; every adapter reads them the same way. */
export function errorCode(err: unknown): string | number | undefined {
  const e = err as { code?: string | number; errno?: number; number?: number; originalError?: { info?: { number?: number } } } | null;
  return e?.number ?? e?.originalError?.info?.number ?? e?.errno ?? e?.code;
}

/** host:port/database of a server connection, from a URL or an object; the port defaulted for messages. */
export function serverTarget(conn: unknown, defaultPort: number): string {
  let c = conn as { host?: string; server?: string; port?: number | string; database?: string };
  if (typeof conn === 'string') {
    try {
      const u = new URL(conn);
      c = { host: u.hostname, port: u.port, database: decodeURIComponent(u.pathname.slice(1)) };
    } catch {
      return 'the server named in database.connection';
    }
  }
  return `${c.host || c.server || 'localhost'}:${c.port || defaultPort}${c.database ? `/${c.database}` : ''}`;
}

export function splitTable(name: string): TableRef {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { schema: null, table: name };
}

/** Catalog rows (index name, column name, already in key order) grouped into one column list per index. */
export function indexColumns(rows: { name: string; column: string }[]): string[][] {
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(String(r.name), [...(by.get(String(r.name)) ?? []), String(r.column)]);
  return [...by.values()];
}
