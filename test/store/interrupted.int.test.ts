// A run killed in the middle of a write-back (SIGKILL: no finally, no cleanup) leaves its change
// `prepared` and its run open. The next agent ends the run as interrupted, finds from the table
// whether the change was written (applied) or not (void), writes the event once, and `events
// --run` and `undo` stay right. Killed at the two places that matter, held there by locks the
// test takes: before the customer's commit (the row is locked) and after it (the ledger is locked,
// so the settlement cannot be written). On MariaDB and PostgreSQL: a SQLite table has no row lock
// to hold a writer there (a SQLite writer meeting another is refused at once, and the write-back
// gives that batch up as void itself), so on SQLite the child is killed while its run is open
// and the run's end is checked (STORE_DB picks the engines).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run as eventsCommand } from '../../src/cli/commands/events.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import { loadConfig } from '../../src/config/load.js';
import { Ledger } from '../../src/ledger/index.js';
import { endGoneRuns } from '../../src/ledger/runs.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { cli } from '../helpers/harness.js';
import { dsn } from '../helpers/mail.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { memorySends } from '../helpers/agent.js';
import { until } from '../helpers/wait.js';

const root = resolve(__dirname, '../..');
const main = join(root, 'dist/src/cli/main.js');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { cwd: root });
  process.env.BOUNCESYNC_LOG = 'silent';
});

describe('which runs are gone', () => {
  it("an earlier process with this process's pid (a container's process 1 on every start) is gone; this process's own run is not", async () => {
    const ledger = await Ledger.openSqlite(':memory:');
    try {
      const mine = await ledger.startRun();
      await ledger.db('runs').insert({ id: 'earlier', started_at: '2026-12-01T00:00:00.000Z', summary: JSON.stringify({ state: 'running', pid: process.pid, host: hostname(), process: 'an-earlier-start' }) });
      await ledger.db('runs').insert({ id: 'elsewhere', started_at: '2026-12-01T00:00:00.000Z', summary: JSON.stringify({ state: 'running', pid: 1, host: 'another-host', process: 'x' }) });
      expect(await endGoneRuns(ledger)).toEqual(['earlier']);
      expect(await ledger.db('runs').whereNull('finished_at').orderBy('id').pluck('id')).toEqual([mine, 'elsewhere'].sort());
    } finally {
      await ledger.close();
    }
  });
});

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`a write-back killed half way, ${client}${why ? ` (skipped: ${why})` : ''}`, () => killedSuite(client));
}

function killedSuite(client: Client) {
  let t: TestDb;
  let dir: string;
  let file: string;
  /** The ledger file as the test reads it (opened once the child has made it). */
  let ledger: Database.Database | undefined;

  beforeAll(async () => { t = await createTestDb(client, 'killed'); });
  afterAll(async () => { await t?.drop(); });
  beforeEach(async () => {
    ledger?.close();
    ledger = undefined;
    await t.db.schema.dropTableIfExists('contacts');
    await createContacts(t.db);
    await t.db('contacts').insert([{ id: 1, email: 'ann@far.test' }, { id: 2, email: 'bob@far.test' }]);
    dir = mkdtempSync(join(tmpdir(), 'bs-killed-'));
    mkdirSync(join(dir, 'returned'));
    writeFileSync(join(dir, 'returned', '1.eml'), dsn({ id: 'k1', to: 'bounces@crm.test', failed: 'ann@far.test', status: '5.1.1', code: '550', text: 'User unknown' }));
    file = join(dir, 'bouncesync.yaml');
    writeFileSync(file, JSON.stringify({
      database: { client, connection: t.connection, lockTimeoutMs: 120_000 },
      recipients: { table: 'contacts', key: 'id', email: 'email' },
      flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason' },
      policy: { match: 'address' },
      ledger: { sqlite: './ledger.sqlite' },
      sources: [{ folder: './returned' }],
    }));
  });

  const row1 = async () => t.db('contacts').where({ id: 1 }).first('email_bounced', 'bounce_reason').then((r) => ({ email_bounced: Number(r.email_bounced), bounce_reason: r.bounce_reason }));
  const changes = () => ledger!.prepare('select run_id as run, state from changes order by id').all() as { run: string; state: string }[];
  const runRow = (id: string) => ledger!.prepare('select finished_at as finishedAt, summary from runs where id = ?').get(id) as { finishedAt: string | null; summary: string };
  const eventRow = () => ledger!.prepare('select state, written_run as writtenRun from events').all() as { state: string; writtenRun: string | null }[];

  /** `run --once` in a child, held by the test's locks at the point `hold` chooses, then SIGKILLed. Returns the killed run's id. */
  async function killedRun(hold: 'before-commit' | 'after-commit'): Promise<string> {
    const releaseRow = await lockRow(t, 1);
    const child = spawn(process.execPath, [main, 'run', '--once', '--config', file], { stdio: 'ignore', env: { ...process.env } });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let releaseLedger = () => {};
    try {
      await until('a prepared change in the ledger', () => {
        try {
          ledger ??= new Database(join(dir, 'ledger.sqlite'), { fileMustExist: true });
          return changes().length === 1;
        } catch {
          return false; // not created yet
        }
      });
      if (hold === 'after-commit') {
        const l = new Database(join(dir, 'ledger.sqlite'));
        l.exec('BEGIN IMMEDIATE');
        releaseLedger = () => { l.exec('ROLLBACK'); l.close(); };
        await releaseRow();
        await until('the row written by the child', async () => (await row1()).email_bounced === 1);
      }
    } finally {
      child.kill('SIGKILL');
      await exited; // reaped: its pid is gone, not a zombie
      releaseLedger();
      await releaseRow();
    }
    expect(changes().map((c) => c.state)).toEqual(['prepared']);
    return changes()[0]!.run;
  }

  /** The next run, as `run --once` starts it (nothing left to read). */
  async function nextRun(): Promise<string> {
    const agent = await openAgent(loadConfig(file), { sends: memorySends([]) });
    try {
      const s = await runOnce(agent, []);
      expect(s.problems).toEqual([]);
      return s.runId;
    } finally {
      await closeAgent(agent);
    }
  }

  afterAll(() => { ledger?.close(); });

  it.runIf(client === 'sqlite')('killed while its run is open: the next agent ends the run as interrupted; events --run says so', async () => {
    // The child waits on the table (locked here) to read its catalog, its run already open.
    const releaseTable = await lockRow(t, 1, 'exclusive');
    const child = spawn(process.execPath, [main, 'run', '--once', '--config', file], { stdio: 'ignore', env: { ...process.env } });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let dead = '';
    try {
      await until('an open run in the ledger', () => {
        try {
          ledger ??= new Database(join(dir, 'ledger.sqlite'), { fileMustExist: true });
          dead = (ledger.prepare('select id from runs where finished_at is null').get() as { id: string } | undefined)?.id ?? '';
          return dead !== '';
        } catch {
          return false;
        }
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
      await releaseTable();
    }
    expect((await cli(eventsCommand, '--config', file, '--run', dead)).out).toMatch(new RegExp(`^run ${dead} did not finish: process \\d+ on \\S+ has ended; the next run or send marks it interrupted`));
    await nextRun();
    expect(runRow(dead)).toMatchObject({ finishedAt: expect.any(String), summary: expect.stringContaining('"state":"interrupted"') });
    expect((await cli(eventsCommand, '--config', file, '--run', dead)).out).toMatch(new RegExp(`^run ${dead} was interrupted: `));
  });

  it.skipIf(client === 'sqlite')('killed before its commit: the run ends as interrupted, its change is void, the next run writes the flag once; undo of each is right', async () => {
    const dead = await killedRun('before-commit');
    expect(await row1()).toEqual({ email_bounced: 0, bounce_reason: null });
    expect(runRow(dead).finishedAt).toBeNull();

    const next = await nextRun();
    expect(runRow(dead)).toMatchObject({ finishedAt: expect.any(String), summary: expect.stringContaining('"state":"interrupted"') });
    expect(changes()).toEqual([{ run: dead, state: 'void' }, { run: next, state: 'applied' }]);
    expect(eventRow()).toEqual([{ state: 'written', writtenRun: next }]);
    expect(await row1()).toEqual({ email_bounced: 1, bounce_reason: 'userunknown' });

    const listed = await cli(eventsCommand, '--config', file, '--run', dead);
    expect(listed.out).toMatch(new RegExp(`^run ${dead} was interrupted: process \\d+ on \\S+ ended without finishing it .*\\nrow 1  void  email_bounced 0 → 1`));
    expect((await cli(undoCommand, '--config', file, '--run', dead)).out).toMatch(/rows restored 0 /);
    expect((await cli(undoCommand, '--config', file, '--run', next)).out).toMatch(/rows restored 1 /);
    expect(await row1()).toEqual({ email_bounced: 0, bounce_reason: null });
  });

  it.skipIf(client === 'sqlite')('killed after its commit: the run ends as interrupted, its change is applied, the next run finds the row written; undo restores it', async () => {
    const dead = await killedRun('after-commit');
    expect(await row1()).toEqual({ email_bounced: 1, bounce_reason: 'userunknown' });

    const next = await nextRun();
    expect(runRow(dead).summary).toContain('"state":"interrupted"');
    expect(changes()).toEqual([{ run: dead, state: 'applied' }]);
    expect(eventRow()).toEqual([{ state: 'written', writtenRun: next }]);

    expect((await cli(eventsCommand, '--config', file, '--run', dead)).out).toMatch(/was interrupted: .*\nrow 1  applied  email_bounced 0 → 1/);
    expect((await cli(undoCommand, '--config', file, '--run', dead)).out).toMatch(/rows restored 1 /);
    expect(await row1()).toEqual({ email_bounced: 0, bounce_reason: null });
  });
}

/** Holds a lock on the row from another connection until released (SQLite: the whole file, readers kept out too). */
async function lockRow(t: TestDb, id: number, sqlite: 'exclusive' | null = null): Promise<() => Promise<void>> {
  if (t.client === 'sqlite' && sqlite) {
    const db = new Database((t.connection as { filename: string }).filename);
    db.exec('BEGIN EXCLUSIVE');
    let open = true;
    return async () => { if (open) { open = false; db.exec('ROLLBACK'); db.close(); } };
  }
  const other: Knex = knexFactory({ client: t.client === 'mysql' ? 'mysql2' : 'pg', connection: t.connection, pool: { min: 0, max: 1 } });
  let release: () => void = () => {};
  const released = new Promise<void>((r) => { release = r; });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((r) => { locked = r; });
  const done = other.transaction(async (trx) => {
    await trx('contacts').where({ id }).forUpdate().first('id');
    locked();
    await released;
  });
  await isLocked;
  let open = true;
  return async () => {
    if (!open) return;
    open = false;
    release();
    await done;
    await other.destroy();
  };
}
