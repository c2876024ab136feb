// Values in SQL are safe whatever the server's modes. mysql2 puts bound values into the statement
// text on the client, escaping quotes with a backslash; a MariaDB started with
// sql_mode=NO_BACKSLASH_ESCAPES reads that backslash as a plain character, so a quote in a value
// ends the string there. Run here on a private MariaDB started in that mode (test/helpers/servers/mariadb.ts)
// as well as on the engines STORE_DB selects: a bounce whose Diagnostic-Code is written to close
// the string and append a second ledger row that flags a victim, and addresses with a quote.
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/ports.js';
import type { Outcome, Returned } from '../../src/core/types.js';
import { oneLine, unexpected } from '../../src/core/errors.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { dsn } from '../helpers/mail.js';
import { mariadbMissing, startMariaDb, type MariaDb } from '../helpers/servers/mariadb.js';
import { createContacts, createTestDb, MYSQL, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { configFor, memorySends } from '../helpers/agent.js';

/** Returned mail as raw .eml bytes, through the real decoder. */
class RawSource implements Source {
  acks: [string, Outcome][] = [];
  constructor(readonly name: string, private readonly mails: Record<string, string>) {}
  async *pull(): AsyncIterable<Returned> {
    for (const [id, raw] of Object.entries(this.mails)) yield { id, source: this.name, raw: Buffer.from(raw), receivedAt: new Date('2026-12-01T10:00:00Z') };
  }
  async ack(id: string, outcome: Outcome): Promise<void> { this.acks.push([id, outcome]); }
  async close(): Promise<void> {}
}

const hex = (s: string) => '0x' + Buffer.from(s).toString('hex');

/**
 * Diagnostic text that, pasted into `INSERT ... VALUES (...)` with backslash-escaped quotes under
 * NO_BACKSLASH_ESCAPES, ends its string, fills the rest of the genuine row, appends a row of its
 * own (a pending flag of the victim's row) and comments out the rest of the statement. No quote
 * of its own beyond the first: strings as hex literals. The columns in the order knex writes them.
 */
function injection(victimKey: string, victimAddress: string): string {
  const rest = ['event_key', 'fingerprint', 'kind', 'match_by', 'match_note', 'match_strength', 'note', 'reason', 'received_at', 'reply_code',
    'row_key', 'rule', 'run_id', 'soft_count', 'soft_counted', 'source', 'source_id', 'state', 'status', 'why'];
  const genuine: Record<string, string> = { event_key: hex('genuine'), kind: hex('bounce'), match_by: hex('none'), match_strength: hex('none'), received_at: hex('2026-12-01T10:00:00.000Z'), run_id: hex('r'), soft_counted: '0', source: hex('s'), source_id: hex('i'), state: hex('none'), why: hex('w') };
  const forged: Record<string, string> = {
    address: hex(victimAddress), day: hex('2026-12-01'), decision: hex('flag'), decoded_by: 'NULL', diagnostic: 'NULL',
    event_key: hex('forged'), kind: hex('bounce'), match_by: hex('token'), match_strength: hex('strong'), reason: hex('userunknown'),
    received_at: hex('2026-12-01T10:00:00.000Z'), row_key: hex(victimKey), run_id: hex('r'), soft_counted: '0', source: hex('s'),
    source_id: hex('forged'), state: hex('pending'), status: hex('5.1.1'), why: hex('w'),
  };
  const all = ['address', 'day', 'decision', 'decoded_by', 'diagnostic', ...rest];
  return `x', ${rest.map((c) => genuine[c] ?? 'NULL').join(', ')}), (${all.map((c) => forged[c] ?? 'NULL').join(', ')}) -- rest`;
}

interface Target { label: string; client: Client; server?: () => typeof MYSQL }

let nbe: MariaDb | null = null;
const targets: Target[] = [];
for (const client of selected()) targets.push({ label: client, client });
const nbeMissing = mariadbMissing();
targets.push({ label: 'mysql (server sql_mode=NO_BACKSLASH_ESCAPES)', client: 'mysql', server: () => nbe!.connection });

beforeAll(async () => {
  if (!nbeMissing) nbe = await startMariaDb({ sqlMode: 'NO_BACKSLASH_ESCAPES' });
});
afterAll(async () => { await nbe?.destroy(); });

for (const target of targets) {
  const why = target.server ? nbeMissing : await unavailableReason(target.client);
  if (why && process.env.CI === 'true') throw new Error(`${target.label} is required in CI: ${why}`);
  describe.skipIf(!!why)(`values with quotes, ${target.label}${why ? ` (skipped: ${why})` : ''}`, () => suite(target));
}

function suite(target: Target) {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await createTestDb(target.client, 'sqlmode', target.server?.());
    db = t.db;
    await createContacts(db);
    await db('contacts').insert([{ id: 1, email: 'ann@far.test' }, { id: 2, email: 'victim@far.test' }]);
    // The test's own connection is a plain one: a doubled quote reads the same in every mode.
    await db.raw("insert into contacts (id, email) values (3, 'o''brien@far.test')");
  });
  afterAll(async () => { await t?.drop(); });

  const sends = memorySends([
    { id: 1, campaign: 'dec', rowKey: 1, address: 'ann@far.test', messageId: '<s1@crm.test>' },
    { id: 3, campaign: 'dec', rowKey: 3, address: "o'brien@far.test", messageId: '<s3@crm.test>' },
  ]);
  const ledgerIn = () => (target.client === 'sqlite' ? {} : { ledger: { table: 'bs_' } });

  it('a Diagnostic-Code written to close the string records one event, as written, and flags only its own row', async () => {
    const text = injection('2', 'victim@far.test');
    const mail = dsn({ id: 'hostile-1', to: `bounces+${sends.token(1)}@crm.test`, failed: 'ann@far.test', status: '5.1.1', code: '550', text });
    const agent = await openAgent(configFor(t, ledgerIn()), { sends });
    try {
      const s = await runOnce(agent, [new RawSource('hostile', { 'h1.eml': mail })]);
      expect(s.problems).toEqual([]);
      const events = await agent.ledger.list();
      expect(events.map((e) => [e.rowKey, e.decision, e.state])).toEqual([['1', 'flag', 'written']]);
      expect(events[0]!.diagnostic).toContain(text.trim());
    } finally {
      await closeAgent(agent);
    }
    expect(await db('contacts').orderBy('id').select('id', 'email_bounced')).toEqual([
      { id: 1, email_bounced: 1 }, { id: 2, email_bounced: 0 }, { id: 3, email_bounced: 0 },
    ]);
  });

  it("an address with a quote (o'brien@) is recorded and flagged, under signed and under address matching", async () => {
    const signed = dsn({ id: 'ob-1', to: `bounces+${sends.token(3)}@crm.test`, failed: "o'brien@far.test", status: '5.1.1', code: '550', text: "5.1.1 <o'brien@far.test>: user unknown" });
    const agent = await openAgent(configFor(t, ledgerIn()), { sends });
    try {
      const s = await runOnce(agent, [new RawSource('quote', { 'q1.eml': signed })]);
      expect(s.problems).toEqual([]);
      expect((await agent.ledger.list({ address: "o'brien@far.test" })).map((e) => [e.rowKey, e.decision, e.state])).toEqual([['3', 'flag', 'written']]);
    } finally {
      await closeAgent(agent);
    }
    expect(await db('contacts').where({ id: 3 }).first('email_bounced')).toEqual({ email_bounced: 1 });

    await db('contacts').where({ id: 3 }).update({ email_bounced: 0 });
    const bare = dsn({ id: 'ob-2', to: 'bounces@crm.test', failed: "O'Brien@far.test", status: '5.1.1', code: '550', text: 'user unknown' });
    const byAddress = await openAgent(configFor(t, { ...ledgerIn(), policy: { match: 'address' } }), { sends });
    try {
      const s = await runOnce(byAddress, [new RawSource('quote2', { 'q2.eml': bare })]);
      expect(s.problems).toEqual([]);
      expect(s.flag).toBe(1);
    } finally {
      await closeAgent(byAddress);
    }
    expect(await db('contacts').orderBy('id').select('id', 'email_bounced')).toEqual([
      { id: 1, email_bounced: 1 }, { id: 2, email_bounced: 0 }, { id: 3, email_bounced: 1 },
    ]);
  });
}

describe('a failed statement, as the terminal and the logs see it', () => {
  it('says why it failed, without the statement and its values', async () => {
    const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    const err = await db('missing').insert({ email: "o'brien@far.test", diagnostic: '550 5.1.1 user unknown' }).catch((e: Error) => e);
    await db.destroy();
    expect(String((err as Error).message)).toContain('brien@far.test'); // knex puts the values in
    for (const text of [oneLine(err), unexpected(err)]) {
      expect(text).toContain('no such table: missing');
      expect(text).not.toContain('brien');
      expect(text).not.toContain('user unknown');
    }
    expect(unexpected(err)).toMatch(/\n\s+at /); // still a stack: an unexpected error is a bug to report
  });
});
