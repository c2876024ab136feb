import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.js';
import { Ledger } from '../../src/ledger/index.js';
import { createIndexSql } from '../../src/ledger/indexes.js';
import { createTestDb, selected, unavailableReason, type Client, type TestDb } from './databases.js';

// Indexes added after ledgers were in use: opening an older ledger adds them (embedded file and
// server database alike); an account that may not add one gets a warning with the statement to
// run, and the agent goes on. Checked against each database's own catalog, by index name.

const FINGERPRINT = 'events_fingerprint_received_at_index';

function capture() {
  const lines: { level: number; msg: string; fix?: string }[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (l: string) => { lines.push(JSON.parse(l)); } }) };
}

/** Index names on a table, read straight from the catalog (not through the adapter under test). */
async function indexNames(db: Knex, client: Client, table: string): Promise<string[]> {
  if (client === 'sqlite') return (await db.raw("select name from sqlite_master where type = 'index' and tbl_name = ?", [table])).map((r: { name: string }) => r.name);
  if (client === 'postgres') return (await db.raw('select indexname from pg_indexes where tablename = ?', [table])).rows.map((r: { indexname: string }) => r.indexname);
  const [rows] = await db.raw('select distinct index_name as n from information_schema.statistics where table_schema = database() and table_name = ?', [table]);
  return rows.map((r: { n: string }) => r.n);
}

describe('embedded ledger: indexes added on open', () => {
  it('a ledger file without the burst index gets it when opened', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-idx-')), 'ledger.sqlite');
    await (await Ledger.openSqlite(file)).close();
    const raw = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      await raw.raw(`drop index ${FINGERPRINT}`);
      expect(await indexNames(raw, 'sqlite', 'events')).not.toContain(FINGERPRINT);
      const { log, lines } = capture();
      const ledger = await Ledger.openSqlite(file, { log });
      try {
        expect(await indexNames(raw, 'sqlite', 'events')).toContain(FINGERPRINT);
        expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      } finally {
        await ledger.close();
      }
      // A dry run writes nothing, not even an index: it says what the next run adds.
      await raw.raw(`drop index ${FINGERPRINT}`);
      const dry = capture();
      const ledger2 = await Ledger.openSqlite(file, { log: dry.log, dryRun: true });
      expect(await indexNames(raw, 'sqlite', 'events')).not.toContain(FINGERPRINT);
      expect(dry.lines.map((l) => l.msg)).toEqual(['ledger index missing; the next run (not a dry run) adds it']);
      await ledger2.close();
    } finally {
      await raw.destroy();
    }
  });
});

for (const client of selected().filter((c) => c !== 'sqlite')) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`ledger in ${client}: indexes added on open${why ? ` (skipped: ${why})` : ''}`, () => serverSuite(client));
}

function serverSuite(client: Client) {
  let t: TestDb;
  const adapter = () => adapters[client]();
  beforeAll(async () => { t = await createTestDb(client, 'idx'); });
  afterAll(async () => { await t?.drop(); });

  /** An older ledger: made, then its later indexes dropped. */
  async function oldLedger(prefix: string): Promise<void> {
    await Ledger.openIn(t.db, prefix, await adapter());
    await t.db.schema.alterTable(`${prefix}events`, (x) => x.dropIndex(['fingerprint', 'received_at']));
    expect(await indexNames(t.db, client, `${prefix}events`)).not.toContain(`${prefix}${FINGERPRINT}`);
  }

  it('a ledger made before the burst index gets it when opened', async () => {
    await oldLedger('bs_old_');
    const { log, lines } = capture();
    await Ledger.openIn(t.db, 'bs_old_', await adapter(), { log });
    expect(await indexNames(t.db, client, 'bs_old_events')).toContain(`bs_old_${FINGERPRINT}`);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    // Opening again finds them and adds nothing (no second CREATE INDEX to fail).
    await Ledger.openIn(t.db, 'bs_old_', await adapter(), { log });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('an account that may not add an index: a warning with the statement to run, not a failure; the statement works', async () => {
    await oldLedger('bs_ro_');
    const user = `bs_noidx_${Math.random().toString(36).slice(2, 8)}`;
    // Real grants: read and write the ledger's rows, but no right to add an index
    // (PostgreSQL: only a table's owner may; MariaDB: neither INDEX nor ALTER is granted).
    if (client === 'mysql') {
      for (const host of ['%', 'localhost']) {
        await t.db.raw(`create user ?@? identified by 'noidx-pass-1'`, [user, host]);
        await t.db.raw('grant select, insert, update, delete, create on ??.* to ?@?', [t.name, user, host]);
      }
    } else {
      await t.db.raw(`create role ?? login password 'noidx-pass-1'`, [user]);
      await t.db.raw('grant select, insert, update, delete on all tables in schema public to ??', [user]);
      await t.db.raw('grant usage on all sequences in schema public to ??', [user]);
    }
    const limited = knexFactory({ client: client === 'mysql' ? 'mysql2' : 'pg', connection: { ...t.connection, user, password: 'noidx-pass-1' }, pool: { min: 0, max: 2 } });
    try {
      const { log, lines } = capture();
      const ledger = await Ledger.openIn(limited, 'bs_ro_', await adapter(), { log });
      const run = await ledger.startRun(); // and the ledger works without it
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.map((w) => w.fix)).toEqual([
        `${createIndexSql(t.db, 'bs_ro_events', ['fingerprint', 'received_at'])};`,
      ]);
      expect(warnings[0].msg).toMatch(/may not add an index to bs_ro_events.*burst rule.*an admin can add it with: create index/);
      expect(await indexNames(t.db, client, 'bs_ro_events')).not.toContain(`bs_ro_${FINGERPRINT}`);
      expect(await ledger.runExists(run)).toBe(true);

      // The admin runs the statements from the warnings; the next open is quiet.
      for (const w of warnings) await t.db.raw(String(w.fix).replace(/;$/, ''));
      expect(await indexNames(t.db, client, 'bs_ro_events')).toContain(`bs_ro_${FINGERPRINT}`);
      const again = capture();
      await Ledger.openIn(limited, 'bs_ro_', await adapter(), { log: again.log });
      expect(again.lines.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await limited.destroy();
      if (client === 'mysql') for (const host of ['%', 'localhost']) await t.db.raw('drop user if exists ?@?', [user, host]);
      else { await t.db.raw('drop owned by ??', [user]); await t.db.raw('drop role if exists ??', [user]); }
    }
  });
}
