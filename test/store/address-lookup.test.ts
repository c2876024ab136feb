import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAgent, mappingOf, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { collationQuery, exactQuery, expressionQuery, likePrefix, rowsByAddress } from '../../src/store/lookup.js';
import type { Mapping } from '../../src/store/mapping.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { agentFor, bounce, ListSource, memorySends, verdict } from '../helpers/agent.js';

// Address matching asks for rows in a form the ordinary index on the email column serves
// (src/store/lookup.ts) and must find exactly the rows LOWER(TRIM(email)) IN (...) finds,
// letter case compared in ASCII only (src/core/address.ts).
// Same file on SQLite, MariaDB and PostgreSQL (STORE_DB picks; all three by default).

const ROWS = [
  { id: 1, email: 'Ann@Example.com ' },           // mixed case, trailing space
  { id: 2, email: '  bob@example.org' },          // leading spaces
  { id: 3, email: ' CY@EXAMPLE.NET  ' },          // both
  { id: 4, email: 'dee@example.com' },            // as matching writes it
  { id: 5, email: 'é@example.com' },              // = 'e@example.com' under an accent-insensitive collation
  { id: 6, email: 'under_score@example.com' },
  { id: 7, email: 'underXscore@example.com' },    // what 'under_score' matches as a LIKE pattern
  { id: 8, email: 'longer@example.com.au' },      // what a 'longer@example.com' prefix finds
  { id: 9, email: 'Fred.Smith@Example.com' },     // stored as sent: the bounce spells it so
  { id: 10, email: 'tab@example.com\t' },         // TRIM removes spaces only: never matched
];
const ASKED = ['ann@example.com', 'bob@example.org', 'cy@example.net', 'dee@example.com', 'e@example.com', 'under_score@example.com',
  'longer@example.com', 'fred.smith@example.com', 'tab@example.com', 'nobody@example.com'];
const EXPECTED = { 'ann@example.com': 1, 'bob@example.org': 2, 'cy@example.net': 3, 'dee@example.com': 4, 'under_score@example.com': 6, 'fred.smith@example.com': 9 };

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`address lookup on ${client}${why ? ` (skipped: ${why})` : ''}`, () => lookupSuite(client));
}

describe('LIKE prefix', () => {
  it('takes the wildcards of an address literally', () => {
    expect(likePrefix('a_b%c!d@x.test')).toBe('a!_b!%c!!d@x.test%');
  });
});

/**
 * What matching got before: the expression alone, its rows keyed by the database's LOWER(TRIM()),
 * read for the addresses asked (an accent-insensitive collation also returned 'é' for 'e', under 'é').
 */
async function before(db: Knex, m: Mapping, addresses: string[]): Promise<Record<string, unknown>> {
  const rows = await expressionQuery(db, m, addresses).clearSelect().select(m.key, db.raw('LOWER(TRIM(??)) as lowered', [m.email]));
  const out: Record<string, unknown> = {};
  for (const r of rows as Record<string, unknown>[]) if (addresses.includes(String(r.lowered))) out[String(r.lowered)] ??= Number(r[m.key]);
  return out;
}

const numbers = (found: Map<string, string | number>) => Object.fromEntries([...found].map(([a, k]) => [a, Number(k)]));

function lookupSuite(client: Client) {
  let t: TestDb;
  const agents: Agent[] = [];
  const agent = async (table: string) => {
    const a = await agentFor(t, memorySends([]), { recipients: { table, key: 'id', email: 'email' }, policy: { match: 'address' } });
    agents.push(a);
    return a;
  };
  /** The contacts table under another name, its email column in the given collation, indexed. */
  const table = async (name: string, collation?: string) => {
    await createContacts(t.db, name);
    if (collation) await t.db.raw(`alter table ?? modify email varchar(320) not null collate ${collation}`, [name]);
    await t.db.raw('create index ?? on ?? (email)', [`${name}_email`, name]);
    await t.db(name).insert(ROWS);
  };
  const sqlOf = (db: Knex) => {
    const seen: string[] = [];
    db.on('query', (q: { sql: string }) => seen.push(q.sql));
    return seen;
  };

  beforeAll(async () => {
    t = await createTestDb(client, 'lookup');
    await table('contacts');
  });
  afterAll(async () => { for (const a of agents) await closeAgent(a).catch(() => {}); await t?.drop(); });

  it('finds the same rows as LOWER(TRIM(email)) IN (...): mixed case, spaces around, nothing more', async () => {
    const a = await agent('contacts');
    const m = await mappingOf(a);
    expect(m.lookup).toEqual(client === 'mysql' ? { by: 'collation', pad: true } : { by: 'exact' });
    const found = numbers(await rowsByAddress(a.database.db, m, ASKED, ['Fred.Smith@Example.com']));
    expect(found).toEqual(EXPECTED);
    expect(found).toEqual(await before(a.database.db, m, ASKED));
    // 'é' asked for itself is found; 'e' never finds it (the collation may say 'e' = 'é', the filter does not).
    expect(numbers(await rowsByAddress(a.database.db, m, ['é@example.com', 'e@example.com']))).toEqual({ 'é@example.com': 5 });
  });

  it('flags the rows a run matches by address alone, stored in mixed case with spaces', async () => {
    const a = await agent('contacts');
    const s = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([
      verdict('ANN@example.com', 'userunknown'), verdict('Bob@Example.org', 'userunknown'), verdict('Fred.Smith@Example.com', 'userunknown'),
      verdict('e@example.com', 'userunknown'), verdict('longer@example.com', 'userunknown')]) }])]);
    expect({ problems: s.problems, flag: s.flag, unmatched: s.unmatched }).toEqual({ problems: [], flag: 3, unmatched: 2 });
    expect((await t.db('contacts').where('email_bounced', 1).orderBy('id').pluck('id')).map(Number)).toEqual([1, 2, 9]);
    await t.db('contacts').update({ email_bounced: 0, bounce_reason: null, bounce_status: null, bounced_at: null });
  });

  it('compares letter case in ASCII only: a look-alike address (U+212A KELVIN SIGN for "K") flags nothing', async () => {
    await createContacts(t.db, 'contacts_kelvin');
    await t.db('contacts_kelvin').insert([
      { id: 1, email: 'kim@example.com' },
      { id: 2, email: 'Kai@Example.com' },
      { id: 3, email: '\u212Aelly@example.com' },           // a look-alike stored in the table
      { id: 4, email: 'ÉMILE@xn--bcher-kva.example' },       // non-ASCII local part, IDNA A-label domain
    ]);
    const a = await agent('contacts_kelvin');
    const s = await runOnce(a, [new ListSource('s', [{ id: 'k', decoded: bounce([
      verdict('\u212Aim@example.com', 'userunknown'),          // not kim@
      verdict('kelly@example.com', 'userunknown'),             // not the stored look-alike
      verdict('\u212Aai@EXAMPLE.com', 'userunknown'),          // not Kai@
      verdict('émile@xn--bcher-kva.example', 'userunknown'),   // É and é are different letters here
      verdict('KAI@example.COM', 'userunknown'),               // control: ASCII case is ignored
      verdict('ÉMILE@XN--BCHER-KVA.EXAMPLE', 'userunknown'),   // control: so is the domain's
    ]) }])]);
    expect({ problems: s.problems, flag: s.flag, unmatched: s.unmatched }).toEqual({ problems: [], flag: 2, unmatched: 4 });
    expect((await t.db('contacts_kelvin').where('email_bounced', 1).orderBy('id').pluck('id')).map(Number)).toEqual([2, 4]);
    const events = await a.ledger.list({});
    expect(events.filter((e) => e.decision === 'unmatched').map((e) => e.address).sort())
      .toEqual(['kelly@example.com', 'émile@xn--bcher-kva.example', '\u212Aai@example.com', '\u212Aim@example.com'].sort());
  });

  if (client === 'mysql') {
    it('MariaDB: reads the collation: no pad → LIKE prefix; binary or Turkish → exact values; same rows each time', async () => {
      await table('contacts_nopad', 'utf8mb4_general_nopad_ci');
      await table('contacts_bin', 'utf8mb4_bin');
      await table('contacts_tr', 'utf8mb4_turkish_ci');
      await table('contacts_latin', 'latin1_swedish_ci');
      const kinds: Record<string, unknown> = {};
      for (const name of ['contacts_nopad', 'contacts_bin', 'contacts_tr', 'contacts_latin']) {
        const a = await agent(name);
        const m = await mappingOf(a);
        kinds[name] = m.lookup;
        const found = numbers(await rowsByAddress(a.database.db, m, ASKED, ['Fred.Smith@Example.com']));
        expect(found, name).toEqual(EXPECTED);
        expect(found, name).toEqual(await before(a.database.db, m, ASKED));
      }
      expect(kinds).toEqual({
        contacts_nopad: { by: 'collation', pad: false }, contacts_bin: { by: 'exact' }, contacts_tr: { by: 'exact' }, contacts_latin: { by: 'collation', pad: true },
      });
    });

    it('MariaDB: EXPLAIN shows the lookup as a range of the email index; the expression reads every row', async () => {
      await createContacts(t.db, 'contacts_big');
      await t.db.raw('create index contacts_big_email on contacts_big (email)');
      await t.db.raw("insert into contacts_big (id, email) select seq, concat('User', seq, '@Example.com') from seq_1_to_3000");
      await t.db.raw('analyze table contacts_big');
      const a = await agent('contacts_big');
      const m = await mappingOf(a);
      const asked = ['user17@example.com', 'user2500@example.com', 'nobody@example.com'];
      const explain = async (q: Knex.QueryBuilder) => {
        const row = ((await t.db.raw(`explain ${q.toString()}`))[0] as { type: string; key: string | null; rows: number }[])[0];
        return row;
      };
      const plan = await explain(collationQuery(t.db, m, asked, true));
      expect(['range', 'ref']).toContain(plan.type);
      expect(plan.key).toBe('contacts_big_email');
      const noPad = await explain(collationQuery(t.db, m, asked, false));
      expect([noPad.type, noPad.key]).toEqual(['range', 'contacts_big_email']);
      // The expression reads every row: of the table (ALL) or, the index holding id and email, all of the index.
      expect(['ALL', 'index']).toContain((await explain(expressionQuery(t.db, m, asked))).type);
      expect(numbers(await rowsByAddress(a.database.db, m, asked))).toEqual({ 'user17@example.com': 17, 'user2500@example.com': 2500 });
    });
  }

  if (client !== 'mysql') {
    it('case-sensitive: addresses found as spelled skip the expression; only the rest go to it', async () => {
      const a = await agent('contacts');
      const m = await mappingOf(a);
      const seen = sqlOf(a.database.db);
      expect(numbers(await rowsByAddress(a.database.db, m, ['dee@example.com', 'fred.smith@example.com'], ['Fred.Smith@Example.com']))).toEqual({ 'dee@example.com': 4, 'fred.smith@example.com': 9 });
      expect(seen.filter((s) => /where lower\(trim/i.test(s))).toEqual([]);
      seen.length = 0;
      expect(numbers(await rowsByAddress(a.database.db, m, ['dee@example.com', 'ann@example.com', 'nobody@example.com']))).toEqual({ 'dee@example.com': 4, 'ann@example.com': 1 });
      expect(seen.filter((s) => /where lower\(trim/i.test(s))).toHaveLength(1);
      // Through a run: matching hands the bounce's spelling to the lookup.
      seen.length = 0;
      const run = await runOnce(a, [new ListSource('s', [{ id: 'fred', decoded: bounce([verdict('Fred.Smith@Example.com', 'userunknown')]) }])]);
      expect([run.problems, run.flag]).toEqual([[], 1]);
      expect(seen.filter((s) => /where lower\(trim/i.test(s))).toEqual([]);
      await t.db('contacts').update({ email_bounced: 0, bounce_reason: null, bounce_status: null, bounced_at: null });
    });

    it(`${client === 'postgres' ? 'PostgreSQL' : 'SQLite'}: the query plan reads the email index for the exact values`, async () => {
      await createContacts(t.db, 'contacts_big');
      await t.db.raw('create index contacts_big_email on contacts_big (email)');
      if (client === 'postgres') await t.db.raw("insert into contacts_big (id, email) select g, 'User' || g || '@Example.com' from generate_series(1, 3000) g");
      else await t.db.raw("with recursive g(n) as (select 1 union all select n + 1 from g where n < 3000) insert into contacts_big (id, email) select n, 'User' || n || '@Example.com' from g");
      await t.db.raw(client === 'postgres' ? 'analyze contacts_big' : 'analyze');
      const a = await agent('contacts_big');
      const m = await mappingOf(a);
      const values = ['user17@example.com', 'User17@Example.com', 'User2500@Example.com'];
      if (client === 'postgres') {
        const plan = async (q: Knex.QueryBuilder) => {
          const text = ((await t.db.raw(`explain ${q.toString()}`)).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
          return text;
        };
        expect(await plan(exactQuery(t.db, m, values))).toMatch(/Index.* Scan .*contacts_big_email/);
        expect(await plan(expressionQuery(t.db, m, ['user17@example.com']))).toMatch(/Seq Scan on contacts_big/);
      } else {
        const plan = async (q: Knex.QueryBuilder) => ((await t.db.raw(`explain query plan ${q.toString()}`)) as { detail: string }[]).map((r) => r.detail).join('\n');
        expect(await plan(exactQuery(t.db, m, values))).toMatch(/SEARCH contacts_big USING (COVERING )?INDEX contacts_big_email/);
        expect(await plan(expressionQuery(t.db, m, ['user17@example.com']))).toMatch(/SCAN contacts_big/);
      }
      expect(numbers(await rowsByAddress(a.database.db, m, ['user17@example.com', 'user2500@example.com'], ['User17@Example.com', 'User2500@Example.com'])))
        .toEqual({ 'user17@example.com': 17, 'user2500@example.com': 2500 });
    });
  }
}
