import type { Adapter, AdapterName } from './adapter.js';

// One file per database, listing only what differs; this map loads them lazily so a SQLite
// user never loads the SQL Server driver (knex itself requires a driver only when a client starts).

export const adapters: Record<AdapterName, () => Promise<Adapter>> = {
  sqlite: async () => (await import('./sqlite.js')).adapter,
  mysql: async () => (await import('./mysql.js')).adapter,
  postgres: async () => (await import('./postgres.js')).adapter,
  mssql: async () => (await import('./mssql.js')).adapter,
};
