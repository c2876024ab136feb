import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.js';
import { Ledger, type Change } from '../../src/ledger/index.js';
import { createIndexSql } from '../../src/ledger/indexes.js';
import { createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';

// Indexes added after ledgers were in use: opening an older ledger adds them (embedded file and
// server database alike); an account that may not add one gets a warning with the statement to
// run, and the agent goes on. Checked against each database's own catalog, by index name.

const FINGERPRINT = 'events_fingerprint_received_at_index';
const ROW_KEY = 'changes_row_key_index';

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

const change = (runId: string, rowKey: number): Change => ({ runId, rowKey: String(rowKey), eventIds: [rowKey], old: { flag: 0 }, new: { __key: rowKey, flag: 1 } });

/** Later changes of other runs, as undo of run r1 sees them: the same whichever way the ledger reads them. */
async function laterOfR1(ledger: Ledger): Promise<[string, string][]> {
  const first = (await ledger.changesOfRun('r1')).at(-1)?.id ?? 0;
  return (await ledger.laterChanges('r1', new Set(['1', '2', '3']), first)).map((l) => [l.runId, l.rowKey]);
}

async function fillChanges(ledger: Ledger): Promise<void> {
  await ledger.prepareChanges([change('r1', 1), change('r1', 2), change('r1', 3)]);
  await ledger.prepareChanges([change('r2', 2), change('r2', 9)]);
  await ledger.setBatchState(await ledger.prepareChanges([change('r3', 3)]), 'void'); // rolled back: not a later change
  await ledger.prepareChanges([change('r4', 3)]);
}

describe('embedded ledger: indexes added on open', () => {
  it('a ledger file without the burst and row_key indexes gets both when opened, and undo reads the same later changes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-idx-')), 'ledger.sqlite');
    const first = await Ledger.openSqlite(file);
    await fillChanges(first);
    await first.close();
    const raw = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      await raw.raw(`drop index ${FINGERPRINT}`);
      await raw.raw(`drop index ${ROW_KEY}`);
      expect([...await indexNames(raw, 'sqlite', 'events'), ...await indexNames(raw, 'sqlite', 'changes')]).not.toContain(FINGERPRINT);
      const { log, lines } = capture();
      const ledger = await Ledger.openSqlite(file, { log });
      try {
        expect(await indexNames(raw, 'sqlite', 'events')).toContain(FINGERPRINT);
        expect(await indexNames(raw, 'sqlite', 'changes')).toContain(ROW_KEY);
        expect(lines.filter((l) => l.level >= 40)).toEqual([]);
        expect(await laterOfR1(ledger)).toEqual([['r2', '2'], ['r4', '3']]);
      } finally {
        await ledger.close();
      }
      // A dry run writes nothing, not even an index: it says what the next run adds.
      await raw.raw(`drop index ${ROW_KEY}`);
      const dry = capture();
      const ledger2 = await Ledger.openSqlite(file, { log: dry.log, dryRun: true });
      expect(await indexNames(raw, 'sqlite', 'changes')).not.toContain(ROW_KEY);
      expect(dry.lines.map((l) => l.msg)).toEqual(['ledger index missing; the next run (not a dry run) adds it']);
      expect(await laterOfR1(ledger2)).toEqual([['r2', '2'], ['r4', '3']]); // read without the index
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

  /** An older ledger: made, filled, then its later indexes dropped. */
  async function oldLedger(prefix: string): Promise<void> {
    const l = await Ledger.openIn(t.db, prefix, await adapter());
    await fillChanges(l);
    await t.db.schema.alterTable(`${prefix}events`, (x) => x.dropIndex(['fingerprint', 'received_at']));
    await t.db.schema.alterTable(`${prefix}changes`, (x) => x.dropIndex(['row_key']));
    expect(await indexNames(t.db, client, `${prefix}events`)).not.toContain(`${prefix}${FINGERPRINT}`);
    expect(await indexNames(t.db, client, `${prefix}changes`)).not.toContain(`${prefix}${ROW_KEY}`);
  }

  it('a ledger made before the indexes gets both when opened', async () => {
    await oldLedger('bs_old_');
    const { log, lines } = capture();
    const ledger = await Ledger.openIn(t.db, 'bs_old_', await adapter(), { log });
    expect(await indexNames(t.db, client, 'bs_old_events')).toContain(`bs_old_${FINGERPRINT}`);
    expect(await indexNames(t.db, client, 'bs_old_changes')).toContain(`bs_old_${ROW_KEY}`);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(await laterOfR1(ledger)).toEqual([['r2', '2'], ['r4', '3']]);
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
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.map((w) => w.fix)).toEqual([
        `${createIndexSql(t.db, 'bs_ro_events', ['fingerprint', 'received_at'])};`,
        `${createIndexSql(t.db, 'bs_ro_changes', ['row_key'])};`,
      ]);
      expect(warnings[0].msg).toMatch(/may not add an index to bs_ro_events.*burst rule.*an admin can add it with: create index/);
      expect(await indexNames(t.db, client, 'bs_ro_changes')).not.toContain(`bs_ro_${ROW_KEY}`);
      // The ledger works without them: undo's lookup reads every later change instead.
      expect(await laterOfR1(ledger)).toEqual([['r2', '2'], ['r4', '3']]);

      // The admin runs the statements from the warnings; the next open is quiet.
      for (const w of warnings) await t.db.raw(String(w.fix).replace(/;$/, ''));
      expect(await indexNames(t.db, client, 'bs_ro_events')).toContain(`bs_ro_${FINGERPRINT}`);
      expect(await indexNames(t.db, client, 'bs_ro_changes')).toContain(`bs_ro_${ROW_KEY}`);
      const again = capture();
      const indexed = await Ledger.openIn(limited, 'bs_ro_', await adapter(), { log: again.log });
      expect(again.lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(await laterOfR1(indexed)).toEqual([['r2', '2'], ['r4', '3']]);
    } finally {
      await limited.destroy();
      if (client === 'mysql') for (const host of ['%', 'localhost']) await t.db.raw('drop user if exists ?@?', [user, host]);
      else { await t.db.raw('drop owned by ??', [user]); await t.db.raw('drop role if exists ??', [user]); }
    }
  });
}
