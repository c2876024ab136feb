import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { refuseInUnitRun } from './servers/unit-run.js';

// The same store tests run on every database (Kysely's habit): STORE_DB=sqlite,mysql,postgres
// picks some; all three by default (the quick run, npm run test:unit, picks sqlite). Each test
// database is created here and dropped after.
// With CI=true a server that cannot be reached fails the suite; locally it is skipped, saying why.

export type Client = 'sqlite' | 'mysql' | 'postgres';

export interface TestDb {
  client: Client;
  /** The connection as the agent's config spells it. */
  connection: Record<string, unknown>;
  /** An admin knex on the test database (create tables, seed, look). */
  db: Knex;
  name: string;
  drop(): Promise<void>;
}

export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export function selected(): Client[] {
  const want = (process.env.STORE_DB ?? 'sqlite,mysql,postgres').split(',').map((s) => s.trim()) as Client[];
  return want.filter((c) => ['sqlite', 'mysql', 'postgres'].includes(c));
}

const unique = (area: string) => `bs_${area}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Why a server cannot be used here, or null when it can. */
export async function unavailableReason(client: Client): Promise<string | null> {
  if (client === 'sqlite') return null;
  refuseInUnitRun(client);
  const probe = client === 'mysql' ? knexFactory({ client: 'mysql2', connection: MYSQL }) : knexFactory({ client: 'pg', connection: PG });
  try {
    await probe.raw('select 1');
    return null;
  } catch (e) {
    return `${client} at 127.0.0.1 not reachable (${(e as Error).message.split('\n')[0]})`;
  } finally {
    await probe.destroy();
  }
}

/** server: another MariaDB than the shared one for 'mysql' (a private instance in a special mode, test/helpers/servers/mariadb.ts). */
export async function createTestDb(client: Client, area: string, server: typeof MYSQL = MYSQL): Promise<TestDb> {
  const name = unique(area);
  if (client !== 'sqlite') refuseInUnitRun(client);
  if (client === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bs-store-'));
    const connection = { filename: join(dir, 'crm.sqlite') };
    const db = knexFactory({ client: 'better-sqlite3', connection, useNullAsDefault: true });
    return { client, connection, db, name, drop: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  }
  if (client === 'mysql') {
    const admin = knexFactory({ client: 'mysql2', connection: server });
    await admin.raw('create database ??', [name]);
    await admin.destroy();
    const connection = { ...server, database: name };
    const db = knexFactory({ client: 'mysql2', connection, pool: { min: 0, max: 4 } });
    return {
      client, connection, db, name,
      drop: async () => {
        await db.destroy();
        const a = knexFactory({ client: 'mysql2', connection: server });
        await a.raw('drop database if exists ??', [name]);
        await a.destroy();
      },
    };
  }
  const admin = knexFactory({ client: 'pg', connection: PG });
  await admin.raw('create database ??', [name]);
  await admin.destroy();
  const connection = { ...PG, database: name };
  const db = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 4 } });
  return {
    client, connection, db, name,
    drop: async () => {
      await db.destroy();
      const a = knexFactory({ client: 'pg', connection: PG });
      await a.raw('drop database if exists ?? with (force)', [name]);
      await a.destroy();
    },
  };
}

/** A table shaped like a small CRM's contacts, with columns the agent must never touch. */
export async function createContacts(db: Knex, table = 'contacts', cols = { key: 'id', email: 'email' }): Promise<void> {
  await db.schema.createTable(table, (t) => {
    t.integer(cols.key).primary();
    t.string(cols.email, 320).notNullable();
    t.string('name', 100);
    t.integer('list_id').notNullable().defaultTo(1);
    t.integer('email_bounced').notNullable().defaultTo(0);
    t.string('bounce_reason', 40);
    t.string('bounce_status', 20);
    t.dateTime('bounced_at');
    t.integer('soft_bounces').notNullable().defaultTo(0);
    t.integer('email_opt_out').notNullable().defaultTo(0);
    t.string('notes', 200);
  });
}
