import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveHeld, dismissHeld, groupHeld, heldEvents } from '../../src/ledger/review.js';
import { closeAgent, mappingOf, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { undoRun } from '../../src/store/undo.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { agentFor, bounce, ListSource, memorySends, verdict } from '../helpers/agent.js';

// Approving a burst held for review, through the ledger and the shared write-back, on SQLite,
// MariaDB and PostgreSQL (STORE_DB picks; all three by default). On the servers the ledger lives
// in the customer's database (ledger.table), so the review's ledger updates run there too.

const sends = memorySends([1, 2, 3, 4, 5].map((id) => ({ id, campaign: 'c1', rowKey: id, address: `r${id}@example.com`, messageId: `<m${id}@us>` })));
const hit = (id: number, reason: 'userunknown' | 'hostunknown') => ({ id: `m${id}`, decoded: bounce([verdict(`r${id}@example.com`, reason)], { token: sends.token(id) }), at: new Date() });

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`review on ${client}${why ? ` (skipped: ${why})` : ''}`, () => reviewSuite(client));
}

function reviewSuite(client: Client) {
  let t: TestDb;
  let a: Agent;
  const table = async () => (await t.db('contacts').orderBy('id').select('id', 'email_bounced', 'bounce_reason')).map((r) => [Number(r.id), Number(r.email_bounced), r.bounce_reason]);

  beforeAll(async () => {
    t = await createTestDb(client, 'review');
    await createContacts(t.db);
    await t.db('contacts').insert([1, 2, 3, 4, 5].map((id) => ({ id, email: `r${id}@example.com` })));
    a = await agentFor(t, sends, { policy: { burst: 3 }, ...(client === 'sqlite' ? {} : { ledger: { table: 'bs_review_' } }) });
  });
  afterAll(async () => { await closeAgent(a).catch(() => {}); await t?.drop(); });

  it('a held burst, approved, is flagged by the next run on exactly its rows; undo of that run restores them; a dismissed one never flags', async () => {
    // r1..r3: three identical hard failures within the hour (a burst: held); r4 a different one (flagged).
    const s1 = await runOnce(a, [new ListSource('t', [hit(1, 'userunknown'), hit(2, 'userunknown'), hit(3, 'userunknown'), hit(4, 'hostunknown')])]);
    expect([s1.problems, s1.write?.review, s1.write?.rowsChanged]).toEqual([[], 3, 1]);
    const before = await table();
    expect(before).toEqual([[1, 0, null], [2, 0, null], [3, 0, null], [4, 1, 'hostunknown'], [5, 0, null]]);

    const [group, ...others] = groupHeld(await heldEvents(a.ledger));
    expect(others).toEqual([]);
    expect(group.events.map((e) => e.rowKey)).toEqual(['1', '2', '3']);
    // Approve two of the three (as --approve-event would), dismiss the third.
    expect(await approveHeld(a.ledger, group.events.slice(0, 2), new Date(), 'tester')).toBe(2);
    expect(await dismissHeld(a.ledger, group.events.slice(2), new Date(), 'tester')).toBe(1);
    // Acting again on the same events changes nothing: they are no longer held.
    expect(await approveHeld(a.ledger, group.events, new Date(), 'tester')).toBe(0);
    expect(await heldEvents(a.ledger)).toEqual([]);
    expect(await table()).toEqual(before);

    const s2 = await runOnce(a, []);
    expect([s2.problems, s2.write?.review, s2.write?.rowsChanged]).toEqual([[], 0, 2]);
    expect(await table()).toEqual([[1, 1, 'userunknown'], [2, 1, 'userunknown'], [3, 0, null], [4, 1, 'hostunknown'], [5, 0, null]]);

    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s2.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(2);
    expect(await table()).toEqual(before);
  });
}
