import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAgent, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { agentFor, bounce, ListSource, memorySends, verdict } from '../helpers/agent.js';

// A write batch waits at most lockTimeoutMs for a row another transaction holds, and every retry
// does too: each attempt after the first runs after a rollback, on a pooled connection that may
// have run an earlier attempt. (PostgreSQL undoes a SET made in a transaction that rolls back:
// a lock timeout set once per connection from inside a batch would be gone after the first
// timeout, and the retries would wait for good; this test then fails after 30 s.)
// SQLite has no row locks: the CRM's open write transaction locks the file (SQLITE_BUSY).

const sends = memorySends([{ id: 1, campaign: 'c1', rowKey: 1, address: 'ann@example.com', messageId: null }]);
const TIMEOUTS: Record<Client, RegExp> = {
  postgres: /canceling statement due to lock timeout/,
  mysql: /Lock wait timeout exceeded/,
  sqlite: /database is locked/,
};

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`lock timeout on ${client}${why ? ` (skipped: ${why})` : ''}`, () => suite(client));
}

function suite(client: Client) {
  let t: TestDb;
  let a: Agent;
  beforeAll(async () => {
    t = await createTestDb(client, 'lock');
    await createContacts(t.db);
    await t.db('contacts').insert([{ id: 1, email: 'ann@example.com' }]);
  });
  afterAll(async () => { if (a) await closeAgent(a); await t?.drop(); });

  it('a row the CRM holds: every attempt times out (after rollbacks too), the event stays pending, and is written once the CRM lets go', async () => {
    a = await agentFor(t, sends, { database: { client, connection: t.connection, lockTimeoutMs: 300 } });
    // The CRM holds row 1 (SQLite: the whole file) in an open transaction; it lets go when told,
    // or after 30 s, so a batch that waited without a timeout would end up written, and fail the test.
    let release!: () => void;
    let holding!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    const held = new Promise<void>((r) => { holding = r; });
    const crm = t.db.transaction(async (trx) => {
      await trx('contacts').where({ id: 1 }).update({ notes: 'crm' });
      holding();
      await Promise.race([released, new Promise((r) => setTimeout(r, 30_000))]);
    });
    await held;
    const msg = { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) };
    const s = await runOnce(a, [new ListSource('s', [msg])]);
    release();
    await crm;
    expect(s.write?.error).toMatch(TIMEOUTS[client]);
    expect([s.write?.retries, s.write?.rowsChanged, s.write?.pendingLeft]).toEqual([4, 0, 1]);
    // Each attempt ended by the lock timeout, not by the CRM letting go (nothing was written).
    expect(Number((await t.db('contacts').where({ id: 1 }).first()).email_bounced)).toBe(0);

    const next = await runOnce(a, []);
    expect([next.problems, next.write?.rowsChanged]).toEqual([[], 1]);
    expect(Number((await t.db('contacts').where({ id: 1 }).first()).email_bounced)).toBe(1);
  });
}
