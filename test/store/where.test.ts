// recipients.where and a campaign's where: checked when the config is loaded, run once against
// the table (LIMIT 0) before any use, and put into every statement in brackets, so an OR or a
// comment in them never reaches the agent's own conditions (the campaign's filter, the flagged
// and opted-out exclusions, the paging condition, the batch's keys, ORDER BY, FOR UPDATE).
// On SQLite, MariaDB and PostgreSQL (STORE_DB picks).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContinuous } from '../../src/runner/start.js';
import { run as checkCommand } from '../../src/cli/commands/check.js';
import { parseConfig } from '../../src/config/load.js';
import { BounceError } from '../../src/core/errors.js';
import { closeAgent, mappingOf, openAgent, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { sendFromConfig, type DryRunReport } from '../../src/runner/send.js';
import { campaignRecipients } from '../../src/send/recipients.js';
import { lockQuery } from '../../src/store/write.js';
import type { Mapping } from '../../src/store/mapping.js';
import { cli } from '../helpers/harness.js';
import { startRemote } from '../helpers/servers/remote.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { bounce, configFor, ListSource, memorySends, SECRET, verdict } from '../helpers/agent.js';

const BOTH_LISTS = { table: 'contacts', key: 'id', email: 'email', where: 'list_id = 1 OR list_id = 2' };
// List 1: rows 1-6; list 2: rows 7-18 (9 flagged, 12 opted out); list 3: rows 19-20.
const listOf = (id: number) => (id <= 6 ? 1 : id <= 18 ? 2 : 3);
const CAMPAIGN_ROWS = [7, 8, 10, 11, 13, 14, 15, 16, 17, 18];

/** Up to `cap` keys of the campaign's recipients (a pager that loops gives the cap, not a hang). */
async function keysOf(rows: AsyncIterable<{ key: string | number }>, cap = 60, each?: (n: number) => void): Promise<number[]> {
  const out: number[] = [];
  for await (const r of rows) {
    out.push(Number(r.key));
    each?.(out.length);
    if (out.length >= cap) break;
  }
  return out;
}

describe('a where with a mistake is refused when the config is loaded, naming its key and the fix', () => {
  const load = (where: string, campaignWhere = 'list_id = :l') => parseConfig({
    database: { client: 'sqlite', connection: { filename: 'crm.sqlite' } },
    recipients: { ...BOTH_LISTS, where },
    flags: { hard: { column: 'email_bounced' } },
    campaigns: { spring: { where: campaignWhere, params: { l: 2 }, subject: 'Hi', text: 'spring.txt' } },
  });
  const problems = (where: string, campaignWhere?: string) => {
    try {
      load(where, campaignWhere);
      return null;
    } catch (e) {
      expect((e as BounceError).code).toBe('CONFIG_INVALID');
      return (e as Error).message;
    }
  };

  it.each([
    ['list_id = :list', /recipients\.where: uses :list, which has no value; add it to recipients\.params/],
    ['(list_id = 1 OR list_id = 2', /recipients\.where: leaves 1 "\(" unclosed; balance the brackets/],
    ['list_id = 1) OR (list_id = 2', /recipients\.where: has a "\)" that closes a bracket it did not open/],
    ["name = 'O''Neil", /recipients\.where: opens a ' quote that is never closed/],
    ['list_id = 1 -- only list one', /recipients\.where: holds a comment .* remove it/],
    ['list_id = 1 /* list one */', /recipients\.where: holds a comment/],
    ['list_id = 1; delete from contacts', /recipients\.where: holds a ";"/],
    ["notes = 'why?'", /recipients\.where: holds a "\?".*use a :name parameter/],
    ["notes = 'a\\'", /recipients\.where: holds a backslash/],
  ])('recipients.where %j', (where, message) => {
    expect(problems(where)).toMatch(message);
  });

  it("a campaign's where is named as campaigns.NAME.where; quoted text, doubled quotes and casts are fine", () => {
    expect(problems('list_id in (1, 2)', 'list_id = :list')).toMatch(/campaigns\.spring\.where: uses :list, which has no value; add it to campaigns\.spring\.params/);
    expect(problems("name <> 'a -- b; (c' and notes = 'it''s'", "cast(list_id as text)::int = :l")).toBeNull();
  });
});

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`where on ${client}${why ? ` (skipped: ${why})` : ''}`, () => whereSuite(client));
}

function whereSuite(client: Client) {
  let t: TestDb;
  let dir: string;
  const agents: Agent[] = [];
  const agent = async (more: Record<string, unknown> = {}) => {
    const a = await openAgent(configFor(t, more), { sends: memorySends([]), decode: (raw) => JSON.parse(raw.toString()) });
    agents.push(a);
    return a;
  };
  /** send: and campaigns: with campaign "spring" (list :l = 2); port: the SMTP server it sends to (a dry run connects to none). */
  const sendSettings = (campaignWhere = 'list_id = :l', port = 9) => ({
    send: { secret: SECRET, smtp: { host: '127.0.0.1', port, requireTLS: false }, from: 'News <news@corp.test>', returnPath: 'bounces+{token}@corp.test', ledger: join(dir, `sends-${client}-${port}.sqlite`) },
    campaigns: { spring: { where: campaignWhere, params: { l: 2 }, subject: 'Hello', text: join(dir, 'spring.txt') } },
  });

  beforeAll(async () => {
    process.env.BOUNCESYNC_LOG = 'silent';
    t = await createTestDb(client, 'where');
    dir = mkdtempSync(join(tmpdir(), 'bs-where-'));
    writeFileSync(join(dir, 'spring.txt'), 'Hello\n');
    await createContacts(t.db);
    await t.db('contacts').insert(Array.from({ length: 20 }, (_, i) => {
      const id = i + 1;
      return { id, email: `u${id}@far.test`, list_id: listOf(id), email_bounced: id === 9 ? 1 : 0, email_opt_out: id === 12 ? 1 : 0 };
    }));
  });
  afterAll(async () => { for (const a of agents) await closeAgent(a).catch(() => {}); await t?.drop(); });

  it("an OR in recipients.where keeps to its brackets: the campaign's rows only, flagged and opted-out left out, page after page", async () => {
    const a = await agent({ recipients: BOTH_LISTS });
    const m = await mappingOf(a);
    const filter = { where: 'list_id = :l', params: { l: 2 } };
    expect(await keysOf(campaignRecipients(a.database.db, m, filter, { pageSize: 3 }))).toEqual(CAMPAIGN_ROWS);
    // send --dry-run, as the operator sees it (one page of 1,000).
    const report = await sendFromConfig(configFor(t, { recipients: BOTH_LISTS, ...sendSettings() }), { campaign: 'spring', dryRun: true }) as DryRunReport;
    expect([report.recipients, report.sample?.to]).toEqual([CAMPAIGN_ROWS.length, 'u7@far.test']);
  });

  it('send mails the campaign\'s rows and no others', async () => {
    const remote = await startRemote({});
    try {
      const sent = await sendFromConfig(configFor(t, { recipients: BOTH_LISTS, ...sendSettings('list_id = :l', remote.port) }), { campaign: 'spring' });
      expect('sent' in sent && sent.sent).toBe(CAMPAIGN_ROWS.length);
      expect(remote.messages.flatMap((m) => m.to).sort()).toEqual(CAMPAIGN_ROWS.map((id) => `u${id}@far.test`).sort());
    } finally {
      await remote.close();
    }
  });

  it("the write-back's locking read holds only the batch's rows", async () => {
    const a = await agent({ recipients: BOTH_LISTS });
    const m = await mappingOf(a);
    const { db, adapter } = a.database;
    await db.transaction(async (trx) => {
      const rows = await lockQuery(trx, m, ['7', '8'], adapter.caps.forUpdate);
      expect(rows.map((r: Record<string, unknown>) => Number(r.id))).toEqual([7, 8]);
      if (adapter.caps.forUpdate) {
        expect(await lockedElsewhere(t, 1)).toBe(false); // list 1, not in the batch
        expect(await lockedElsewhere(t, 7)).toBe(true);
      }
    });
  });

  it.skipIf(client === 'sqlite')('a line comment that reaches the SQL ends before the closing bracket: ORDER BY and FOR UPDATE stay', async () => {
    const a = await agent();
    // Built by hand, past the load-time check that refuses "--": the bracket alone must hold.
    const comment = client === 'mysql' ? '# list two' : '-- list two';
    const m: Mapping = { ...(await mappingOf(a)), where: { sql: `list_id = :l ${comment}`, params: { l: 2 } } };
    await a.database.db.transaction(async (trx) => {
      const rows = await lockQuery(trx, m, ['8', '7', '1'], true);
      expect(rows.map((r: Record<string, unknown>) => Number(r.id))).toEqual([7, 8]);
      expect(await lockedElsewhere(t, 7)).toBe(true);
    });
  });

  it('the pager never reads the same rows twice: a where that escapes its brackets ends the reading with RECIPIENTS_PAGING', async () => {
    const a = await agent();
    const m: Mapping = { ...(await mappingOf(a)), where: { sql: 'list_id = 1) OR (list_id = 2', params: {} } };
    const read = keysOf(campaignRecipients(a.database.db, m, {}, { pageSize: 3 }));
    await expect(read).rejects.toMatchObject({ code: 'RECIPIENTS_PAGING', message: expect.stringMatching(/came back to rows already read.*primary key/s) });
  });

  it('the pager stops between pages once told (a SIGTERM handler runs in the event loop, even with a driver that answers at once)', async () => {
    const a = await agent();
    const stop = new AbortController();
    const keys = await keysOf(campaignRecipients(a.database.db, await mappingOf(a), {}, { pageSize: 2, signal: stop.signal }), 60,
      (n) => { if (n === 1) setImmediate(() => stop.abort()); });
    expect(keys.length).toBeLessThanOrEqual(4);
    expect(keys).toEqual([1, 2, 3, 4].slice(0, keys.length));
  });

  it('a where the database refuses is named at once: recipients.where by the mapping check, a campaign\'s by send and check; run does not blame the source', async () => {
    const bad = { ...BOTH_LISTS, where: 'no_such_column = :l', params: { l: 1 } };
    const a = await agent({ recipients: bad, policy: { match: 'address' } });
    await expect(mappingOf(a)).rejects.toMatchObject({ code: 'WHERE_INVALID', message: expect.stringMatching(/refused recipients\.where: .*Correct recipients\.where/s) });
    const source = new ListSource('inbox', [{ id: 'm1', decoded: bounce([verdict('u1@far.test', 'userunknown')]) }]);
    const s = await runOnce(a, [source]);
    expect(s.problems).toEqual([expect.stringMatching(/^WHERE_INVALID: the database refused recipients\.where/)]);
    expect(source.acks).toEqual([]); // the mail stays for the run after the fix
    expect(await a.ledger.list()).toEqual([]);

    const campaign = sendSettings('no_such_column = :l');
    await expect(sendFromConfig(configFor(t, { recipients: BOTH_LISTS, ...campaign }), { campaign: 'spring', dryRun: true }))
      .rejects.toMatchObject({ code: 'WHERE_INVALID', message: expect.stringContaining('campaigns.spring.where') });
    const file = join(dir, 'check.yaml');
    writeFileSync(file, JSON.stringify({ ...configInput(t), recipients: BOTH_LISTS, ...campaign }));
    await expect(cli(checkCommand, '--config', file)).rejects.toMatchObject({ code: 'WHERE_INVALID', message: expect.stringContaining('campaigns.spring.where') });
    writeFileSync(file, JSON.stringify({ ...configInput(t), recipients: BOTH_LISTS, ...sendSettings() }));
    const ok = await cli(checkCommand, '--config', file);
    expect(ok.out).toMatch(/recipients\.where: accepted by the database\ncampaigns\.spring\.where: accepted by the database/);

    // The service: stopped at start with the fix, not failing each message or write-back after.
    mkdirSync(join(dir, 'inbox'), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...configInput(t), recipients: bad, sources: [{ folder: join(dir, 'inbox') }] }));
    await expect(runContinuous(file)).rejects.toMatchObject({ code: 'WHERE_INVALID', message: expect.stringContaining('recipients.where') });
  });
}

/** The config as a file holds it (the agent's own ledger beside it). */
function configInput(t: TestDb): Record<string, unknown> {
  const c = configFor(t);
  return { database: { client: c.database.client, connection: c.database.connection }, flags: { hard: { column: 'email_bounced', value: 1 } }, ledger: c.ledger, send: { secret: SECRET } };
}

/** Whether another session finds the row locked (it asks without waiting). */
async function lockedElsewhere(t: TestDb, id: number): Promise<boolean> {
  const other: Knex = knexFactory({ client: t.client === 'mysql' ? 'mysql2' : 'pg', connection: t.connection, pool: { min: 0, max: 1 } });
  try {
    await other.transaction(async (trx) => { await trx('contacts').where({ id }).forUpdate().noWait().first('id'); });
    return false;
  } catch {
    return true;
  } finally {
    await other.destroy();
  }
}
