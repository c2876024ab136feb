import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BounceError } from '../../src/core/errors.js';
import { closeAgent, mappingOf, recordSendTimeFailures, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { checkUpdateRight } from '../../src/store/mapping.js';
import { undoRun } from '../../src/store/undo.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { agentFor, bounce, ListSource, memorySends, verdict } from '../helpers/agent.js';
import { Proxy } from '../helpers/proxy.js';

// The same file runs on SQLite, MariaDB and PostgreSQL (STORE_DB picks; all three by default).

const sends = memorySends([
  { id: 1, campaign: 'c1', rowKey: 1, address: 'ann@example.com', messageId: '<m1@us>' },
  { id: 2, campaign: 'c1', rowKey: 2, address: 'bob@example.org', messageId: '<m2@us>' },
  { id: 3, campaign: 'c1', rowKey: 3, address: 'cy@example.net', messageId: '<m3@us>' },
  { id: 4, campaign: 'c1', rowKey: 4, address: 'dee@example.com', messageId: '<m4@us>' },
]);
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9, 30, 0));
// ann bounced twice in one run, a day apart: with batchSize 1 her row is changed by two batches.
const annTwice = () => [
  { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }), at: day(20) },
  { id: 'm2', decoded: bounce([verdict('ann@example.com', 'hostunknown')], { token: sends.token(1) }), at: day(21) },
];

for (const client of selected()) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`store on ${client}${why ? ` (skipped: ${why})` : ''}`, () => storeSuite(client));
}

function storeSuite(client: Client) {
  let t: TestDb;
  const agents: Agent[] = [];
  const agent = async (more: Record<string, unknown> = {}) => { const a = await agentFor(t, sends, more); agents.push(a); return a; };
  const row = async (id: number) => t.db('contacts').where({ id }).first();

  beforeAll(async () => { t = await createTestDb(client, 'store'); });
  afterAll(async () => { for (const a of agents) await closeAgent(a).catch(() => {}); await t?.drop(); });
  beforeEach(async () => {
    await t.db.schema.dropTableIfExists('contacts');
    await createContacts(t.db);
    await t.db('contacts').insert([
      { id: 1, email: 'Ann@Example.com ', name: 'Ann', notes: 'vip' },
      { id: 2, email: 'bob@example.org', name: 'Bob' },
      { id: 3, email: 'cy@example.net', name: 'Cy' },
      { id: 4, email: 'dee@example.com', name: 'Dee' },
    ]);
  });

  it('flags a hard bounce matched by token, absolute values only, and a second run changes nothing', async () => {
    const a = await agent();
    const msg = { id: 'm-1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }), at: day(20) };
    const src = new ListSource('test', [msg]);
    const s1 = await runOnce(a, [src]);
    expect(s1.problems).toEqual([]);
    expect(s1.flag).toBe(1);
    expect(s1.write?.rowsChanged).toBe(1);
    const r = await row(1);
    expect(Number(r.email_bounced)).toBe(1);
    expect(r.bounce_reason).toBe('userunknown');
    expect(r.bounce_status).toBe('5.1.1');
    expect(new Date(client === 'sqlite' ? r.bounced_at + 'Z' : r.bounced_at).toISOString()).toBe(day(20).toISOString());
    expect(r.notes).toBe('vip');
    expect(Number((await row(2)).email_bounced)).toBe(0);
    expect(src.acks).toEqual([['m-1', 'processed']]);

    const s2 = await runOnce(a, [new ListSource('test', [msg])]);
    expect([s2.alreadySeen, s2.flag]).toEqual([1, 0]);
    expect(s2.write?.rowsChanged).toBe(0);
    expect(await row(1)).toEqual(r);
  });

  it('matches by Message-ID; ignores blocks and auto-replies; never flags on a bad token', async () => {
    const a = await agent();
    const src = new ListSource('test', [
      { id: 'mid', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { originalMessageId: '<m2@us>' }) },
      { id: 'blk', decoded: bounce([verdict('cy@example.net', 'blocked', { status: '5.7.1' })], { token: sends.token(3) }) },
      { id: 'vac', decoded: { ...bounce([verdict('dee@example.com', 'vacation', { action: 'delivered' })]), kind: 'autoreply' } },
      { id: 'bad', decoded: bounce([verdict('dee@example.com', 'userunknown')], { token: sends.token(4).slice(0, -2) + 'zz' }) },
    ]);
    const s = await runOnce(a, [src]);
    expect({ flag: s.flag, ignored: s.ignored, review: s.review }).toEqual({ flag: 1, ignored: 2, review: 1 });
    expect(Number((await row(2)).email_bounced)).toBe(1);
    expect(Number((await row(3)).email_bounced)).toBe(0);
    expect(Number((await row(4)).email_bounced)).toBe(0);
    const bad = (await a.ledger.list()).find((e) => e.sourceId === 'bad');
    expect(bad?.matchBy).toBe('bad-token');
    expect(bad?.decision).toBe('review');
  });

  it('counts a soft bounce at most once a day and flags after N days in the window', async () => {
    const a = await agent();
    const soft = (id: string, at: Date) => ({ id, decoded: bounce([verdict('cy@example.net', 'mailboxfull')], { token: sends.token(3) }), at });
    await runOnce(a, [new ListSource('s', [soft('a', day(1)), soft('b', day(1)), soft('c', day(2))])]);
    let r = await row(3);
    expect(Number(r.soft_bounces)).toBe(2);
    expect(Number(r.email_bounced)).toBe(0);
    const s = await runOnce(a, [new ListSource('s', [soft('d', day(3))])]);
    expect(s.flag).toBe(1);
    r = await row(3);
    expect(Number(r.soft_bounces)).toBe(3);
    expect(Number(r.email_bounced)).toBe(1);
    expect(r.bounce_reason).toBe('mailboxfull');
    // Outside the 30-day window the count starts again.
    await runOnce(a, [new ListSource('s', [soft('e', new Date(Date.UTC(2027, 0, 20)))])]);
    expect(Number((await row(3)).soft_bounces)).toBe(1);
  });

  it('sets the opt-out column for a complaint', async () => {
    const a = await agent();
    const arf = { kind: 'feedback' as const, recipients: [verdict('dee@example.com', 'feedback', { action: 'delivered', feedbackType: 'abuse' })], messageId: null, originalMessageId: '<m4@us>', token: null };
    const s = await runOnce(a, [new ListSource('s', [{ id: 'arf', decoded: arf }])]);
    expect(s.optout).toBe(1);
    const r = await row(4);
    expect(Number(r.email_opt_out)).toBe(1);
    expect(Number(r.email_bounced)).toBe(0);
  });

  it('address alone: review under "signed", flag under "address" (only when the row exists)', async () => {
    const msg = (id: string) => ({ id, decoded: bounce([verdict('BOB@example.org', 'userunknown'), verdict('nobody@example.org', 'userunknown')]) });
    const signed = await agent();
    const s1 = await runOnce(signed, [new ListSource('s', [msg('x')])]);
    expect({ review: s1.review, unmatched: s1.unmatched }).toEqual({ review: 0, unmatched: 2 });
    expect(Number((await row(2)).email_bounced)).toBe(0);
    const loose = await agent({ policy: { match: 'address' } });
    const s2 = await runOnce(loose, [new ListSource('s', [msg('y')])]);
    expect({ flag: s2.flag, unmatched: s2.unmatched }).toEqual({ flag: 1, unmatched: 1 });
    expect(Number((await row(2)).email_bounced)).toBe(1);
  });

  it('does not flag a row whose address changed since the event', async () => {
    const a = await agent();
    await t.db('contacts').where({ id: 1 }).update({ email: 'ann.new@example.com' });
    const s = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) }])]);
    expect(s.write?.skipped).toBe(1);
    expect(Number((await row(1)).email_bounced)).toBe(0);
    expect((await a.ledger.list())[0].note).toMatch(/address changed/);
  });

  it('only flags rows inside recipients.where (parameterised)', async () => {
    const a = await agent({ recipients: { table: 'contacts', key: 'id', email: 'email', where: 'list_id = :list', params: { list: 1 } } });
    await t.db('contacts').where({ id: 2 }).update({ list_id: 2 });
    const s = await runOnce(a, [new ListSource('s', [
      { id: 'in', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) },
      { id: 'out', decoded: bounce([verdict('bob@example.org', 'userunknown')], { token: sends.token(2) }) },
    ])]);
    expect([s.write?.rowsChanged, s.write?.skipped]).toEqual([1, 1]);
    expect((await t.db('contacts').whereIn('id', [1, 2]).orderBy('id').pluck('email_bounced')).map(Number)).toEqual([1, 0]);
  });

  it('flags.statement: the customer\'s own statement does the write, with bound values', async () => {
    const a = await agent({ flags: { statement: 'update contacts set email_bounced = 2, bounce_reason = :reason where id = :key' } });
    const s = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) }])]);
    expect(s.problems).toEqual([]);
    const r = await row(2);
    expect([Number(r.email_bounced), r.bounce_reason]).toEqual([2, 'hostunknown']);
    const e = await mappingOf(await agent({ flags: { statement: 'exec mark :key, :nope' } })).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('STATEMENT_PARAM');
  });

  it('a burst of identical hard failures is a block of the sender: review, no flag', async () => {
    const a = await agent({ policy: { burst: 3 } });
    const same = (id: string, sendId: number, address: string) => ({ id, decoded: bounce([verdict(address, 'userunknown', { diagnostic: `550 5.1.1 <${address}> rejected by policy` })], { token: sends.token(sendId) }) });
    const s = await runOnce(a, [new ListSource('s', [same('1', 1, 'ann@example.com'), same('2', 2, 'bob@example.org'), same('3', 3, 'cy@example.net')])]);
    expect(s.write?.review).toBe(3);
    expect((await t.db('contacts').pluck('email_bounced')).map(Number)).toEqual([0, 0, 0, 0]);
    expect((await a.ledger.list()).map((e) => e.decision)).toEqual(['review', 'review', 'review']);
  });

  it.skipIf(client === 'sqlite')('keeps the ledger in the customer database when asked (ledger.table; server databases only, SQLite keeps its own file)', async () => {
    const a = await agent({ ledger: { table: 'bs_ledger_' } });
    const msg = { id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) };
    const dry = await runOnce(a, [new ListSource('s', [msg])], { dryRun: true });
    expect(dry.write?.rowsChanged).toBe(1);
    expect(Number((await t.db('bs_ledger_events').count({ n: '*' }).first())?.n)).toBe(0);
    const s = await runOnce(a, [new ListSource('s', [msg])]);
    expect([s.problems, s.write?.rowsChanged]).toEqual([[], 1]);
    expect(Number((await row(1)).email_bounced)).toBe(1);
    expect((await t.db('bs_ledger_events').select('decision', 'state')).map((e) => [e.decision, e.state])).toEqual([['flag', 'written']]);
    for (const n of ['events', 'changes', 'runs', 'kv']) await t.db.schema.dropTable(`bs_ledger_${n}`);
  });

  it('a CRM edit of a mapped column between our read and our lock makes the batch plan again', async () => {
    const a = await agent();
    const prepare = a.ledger.prepareChanges.bind(a.ledger);
    let edits = 0;
    a.ledger.prepareChanges = async (changes) => {
      if (edits++ === 0) await t.db('contacts').where({ id: 1 }).update({ bounce_reason: 'set by a person' });
      return prepare(changes);
    };
    const s = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) }])]);
    expect([s.problems, s.write?.retries, s.write?.rowsChanged]).toEqual([[], 1, 1]);
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(1);
    expect((await row(1)).bounce_reason).toBe('set by a person'); // the value it had when we wrote, not the stale plan's
  });

  it('a crash after the customer commit but before the ledger knew: still pending, the next run settles it, undo still works', async () => {
    const a = await agent();
    const settle = a.ledger.settle.bind(a.ledger);
    a.ledger.settle = async () => { throw new Error('simulated crash before the ledger commit'); };
    const s1 = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) }])]);
    expect(s1.write?.pendingLeft).toBe(1);
    expect(Number((await row(2)).email_bounced)).toBe(1);
    a.ledger.settle = settle;
    const s2 = await runOnce(a, []);
    expect([s2.problems, s2.write?.rowsChanged, s2.write?.unchanged]).toEqual([[], 0, 1]);
    expect((await a.ledger.list()).map((e) => e.state)).toEqual(['written']);
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s1.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(1);
    expect(Number((await row(2)).email_bounced)).toBe(0);
  });

  it('a crash after a batch committed, before its settlement rode on the next batch\'s prepare: still pending, the next run settles it, undo still works', async () => {
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const prepare = a.ledger.prepareChanges.bind(a.ledger);
    const settle = a.ledger.settle.bind(a.ledger);
    let prepares = 0;
    // The process dies at the second batch's prepare: nothing of the ledger commits after that.
    a.ledger.prepareChanges = async (changes, previous) => {
      if (prepares++ === 1) throw new Error('simulated crash before the second prepare commit');
      return prepare(changes, previous);
    };
    a.ledger.settle = async () => { throw new Error('simulated crash: no ledger commit'); };
    const s1 = await runOnce(a, [new ListSource('s', [
      { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) },
      { id: 'm2', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) },
    ])]);
    expect(s1.write?.pendingLeft).toBe(2);
    expect(Number((await row(1)).email_bounced)).toBe(1); // the first batch did commit in the table
    expect(Number((await row(2)).email_bounced)).toBe(0);
    a.ledger.prepareChanges = prepare;
    a.ledger.settle = settle;
    const s2 = await runOnce(a, []);
    expect([s2.problems, s2.write?.rowsChanged, s2.write?.unchanged]).toEqual([[], 1, 1]);
    expect((await a.ledger.list()).map((e) => e.state)).toEqual(['written', 'written']);
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s1.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(1);
    expect(Number((await row(1)).email_bounced)).toBe(0);
  });

  it('two consecutive batches on the same row: the second waits for the first to commit and plans from its values (no retry); undo restores the original', async () => {
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const s = await runOnce(a, [new ListSource('s', [
      ...annTwice(),
      { id: 'm3', decoded: bounce([verdict('bob@example.org', 'hasmoved')], { token: sends.token(2) }), at: day(21) },
    ])]);
    expect([s.problems, s.write?.batches, s.write?.retries, s.write?.rowsChanged]).toEqual([[], 3, 0, 3]);
    expect((await row(1)).bounce_reason).toBe('hostunknown');
    expect((await row(2)).bounce_reason).toBe('hasmoved');
    expect((await a.ledger.list()).map((e) => e.state)).toEqual(['written', 'written', 'written']);
    expect((await runOnce(a, [])).write?.rowsChanged).toBe(0);
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(2); // rows
    expect([Number((await row(1)).email_bounced), (await row(1)).bounce_reason, (await row(2)).bounce_reason]).toEqual([0, null, null]);
  });

  it('the batch holding its locks fails for good while the next one is already prepared: that one is voided, never applied; both stay pending and the next run writes them', async () => {
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const real = a.database;
    a.database = { ...real, adapter: { ...real.adapter, lockTimeout: async () => { throw new Error('simulated: the database refused the transaction'); } } };
    const msgs = [
      { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) },
      { id: 'm2', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) },
    ];
    const s1 = await runOnce(a, [new ListSource('s', msgs)]);
    expect([s1.write?.rowsChanged, s1.write?.pendingLeft]).toEqual([0, 2]);
    expect(s1.write?.error).toMatch(/simulated/);
    expect((await a.ledger.changesOfRun(s1.runId, ['prepared', 'applied'])).length).toBe(1); // the failed one: it may have committed, so undo keeps it
    expect((await a.ledger.changesOfRun(s1.runId, ['void'])).map((c) => c.rowKey)).toEqual(['2']);
    expect([Number((await row(1)).email_bounced), Number((await row(2)).email_bounced)]).toEqual([0, 0]);
    a.database = real;
    const s2 = await runOnce(a, []);
    expect([s2.problems, s2.write?.rowsChanged, s2.write?.pendingLeft]).toEqual([[], 2, 0]);
    expect([Number((await row(1)).email_bounced), Number((await row(2)).email_bounced)]).toEqual([1, 1]);
    expect((await a.ledger.list()).map((e) => e.state)).toEqual(['written', 'written']);
  });

  it('the ledger failing while a batch holds its locks: that batch still commits and is settled before the error reaches the caller', async () => {
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const counts = a.ledger.fingerprintCounts.bind(a.ledger);
    let calls = 0;
    a.ledger.fingerprintCounts = async (prints, since) => {
      if (calls++ === 1) throw new Error('simulated ledger failure');
      return counts(prints, since);
    };
    await expect(runOnce(a, [new ListSource('s', [
      { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) },
      { id: 'm2', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) },
    ])])).rejects.toThrow(/simulated ledger failure/);
    expect([Number((await row(1)).email_bounced), Number((await row(2)).email_bounced)]).toEqual([1, 0]);
    expect((await a.ledger.list()).map((e) => e.state)).toEqual(['written', 'pending']);
    a.ledger.fingerprintCounts = counts;
    const s2 = await runOnce(a, []);
    expect([s2.problems, s2.write?.rowsChanged]).toEqual([[], 1]);
  });

  it('a DATE column gets the day, and a second run still changes nothing', async () => {
    await t.db.schema.alterTable('contacts', (tb) => { tb.date('bounce_day'); });
    const a = await agent({ flags: { hard: { column: 'email_bounced', value: 1 }, at: 'bounce_day' } });
    const msg = { id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }), at: day(20) };
    expect((await runOnce(a, [new ListSource('s', [msg])])).write?.rowsChanged).toBe(1);
    const got = (await row(1)).bounce_day;
    expect(got instanceof Date ? `${got.getFullYear()}-${got.getMonth() + 1}-${got.getDate()}` : got).toBe('2026-11-20');
    const again = await runOnce(a, [new ListSource('s2', [msg])]);
    expect([again.write?.rowsChanged, again.write?.unchanged]).toEqual([0, 1]);
  });

  it('dry run shows old → new and writes nothing anywhere', async () => {
    const a = await agent();
    const src = new ListSource('s', [{ id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) }]);
    const s = await runOnce(a, [src], { dryRun: true });
    expect(s.write?.changes.map((c) => [c.column, c.new])).toEqual(expect.arrayContaining([['email_bounced', 1], ['bounce_reason', 'userunknown']]));
    expect(s.write?.changes.find((c) => c.column === 'email_bounced')?.old).toBe(0);
    expect(Number((await row(1)).email_bounced)).toBe(0);
    expect(src.acks).toEqual([]);
    expect(await a.ledger.list()).toEqual([]);
  });

  it('undo restores what a run changed, but keeps a value edited since', async () => {
    const a = await agent();
    await t.db('contacts').where({ id: 2 }).update({ bounce_reason: 'old' });
    const s = await runOnce(a, [new ListSource('s', [
      { id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }) },
      { id: 'm2', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }) },
    ])]);
    expect(s.write?.rowsChanged).toBe(2);
    await t.db('contacts').where({ id: 2 }).update({ bounce_reason: 'edited by a person' });
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s.runId, lockTimeoutMs: 2000 });
    expect(u.restored).toBe(2);
    expect(u.keptChanged).toBe(1);
    const [r1, r2] = [await row(1), await row(2)];
    expect([Number(r1.email_bounced), r1.bounce_reason, r1.bounced_at]).toEqual([0, null, null]);
    expect([Number(r2.email_bounced), r2.bounce_reason]).toEqual([0, 'edited by a person']);
    expect((await a.ledger.list()).every((e) => e.state === 'undone')).toBe(true);
  });

  it('undo keeps a value a later run wrote, even when it equals what this run wrote; undoing the later run first lets this one finish', async () => {
    const a = await agent();
    const undo = async (runId: string, dryRun = false) => undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId, lockTimeoutMs: 2000, dryRun });
    const first = await runOnce(a, [new ListSource('s', [{ id: 'm1', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: sends.token(1) }), at: day(20) }])]);
    // A person clears the flag in the CRM; a later bounce flags the row again.
    await t.db('contacts').where({ id: 1 }).update({ email_bounced: 0, bounce_reason: null });
    const second = await runOnce(a, [new ListSource('s', [{ id: 'm2', decoded: bounce([verdict('ann@example.com', 'hostunknown')], { token: sends.token(1) }), at: day(22) }])]);
    expect(second.write?.rowsChanged).toBe(1);

    const u1 = await undo(first.runId);
    // The row is the second run's now: every cell kept, and said so, the status too, which the
    // second run left as it found it (restoring it alone would mix two runs' values on one row).
    expect(u1.kept.map((k) => [k.key, k.column, k.by]).sort()).toEqual([[1, 'bounce_reason', second.runId], [1, 'bounce_status', second.runId], [1, 'bounced_at', second.runId], [1, 'email_bounced', second.runId]].sort());
    expect(u1.cells).toEqual([]);
    let r = await row(1);
    expect([Number(r.email_bounced), r.bounce_reason, r.bounce_status]).toEqual([1, 'hostunknown', '5.1.1']);

    const u2 = await undo(second.runId);
    expect(u2.kept).toEqual([]);
    r = await row(1);
    expect([Number(r.email_bounced), r.bounce_reason]).toEqual([0, null]);
    // The first run's change was not marked undone while a later run held its cells: undo it again.
    const again = await undo(first.runId);
    expect([again.kept, again.cells.map((c) => c.column).sort()]).toEqual([[], ['bounce_status', 'bounced_at']]);
    r = await row(1);
    expect([Number(r.email_bounced), r.bounce_reason, r.bounce_status, r.bounced_at]).toEqual([0, null, null, null]);
  });

  it('undo restores a row one run changed twice (two batches) back to before the run', async () => {
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const s = await runOnce(a, [new ListSource('s', annTwice())]);
    expect([s.problems, s.write?.batches]).toEqual([[], 2]);
    expect((await row(1)).bounce_reason).toBe('hostunknown');
    const u = await undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s.runId, lockTimeoutMs: 2000 });
    expect(u.kept).toEqual([]);
    const r = await row(1);
    expect([Number(r.email_bounced), r.bounce_reason, r.bounce_status, r.bounced_at]).toEqual([0, null, null, null]);
  });

  it('undo --dry-run lists exactly the values undo then restores, and writes nothing anywhere', async () => {
    // batchSize 1 and chunk 1: a row the run changed twice lands in two undo chunks, which the dry
    // run must chain without writing (ann: userunknown, then hostunknown; bob: an edit since).
    const a = await agent({ database: { client, connection: t.connection, lockTimeoutMs: 2000, batchSize: 1 } });
    const s = await runOnce(a, [new ListSource('s', [
      ...annTwice(),
      { id: 'm3', decoded: bounce([verdict('bob@example.org', 'hostunknown')], { token: sends.token(2) }), at: day(20) },
    ])]);
    expect(s.problems).toEqual([]);
    await t.db('contacts').where({ id: 2 }).update({ bounce_reason: 'edited by a person' });
    const ledgerNow = async () => [
      await a.ledger.db(a.ledger.t('changes')).orderBy('id').select('id', 'state'),
      await a.ledger.db(a.ledger.t('events')).orderBy('id').select('id', 'state', 'note'),
    ];
    const [tableBefore, ledgerBefore] = [await t.db('contacts').orderBy('id'), await ledgerNow()];
    const undo = async (dryRun: boolean) => undoRun({ ...a.database, mapping: await mappingOf(a), ledger: a.ledger, runId: s.runId, lockTimeoutMs: 2000, dryRun, chunk: 1 });

    const dry = await undo(true);
    expect(await t.db('contacts').orderBy('id')).toEqual(tableBefore);
    expect(await ledgerNow()).toEqual(ledgerBefore);
    const cells = (u: typeof dry) => u.cells.map((c) => [c.key, c.column, String(c.now), c.restore === null ? null : String(c.restore)]);
    const at = (n: number) => (client === 'sqlite' ? `2026-11-${n} 09:30:00` : String(day(n)));
    expect(cells(dry).sort()).toEqual([
      [1, 'bounce_reason', 'hostunknown', 'userunknown'], [1, 'bounce_reason', 'userunknown', null],
      [1, 'bounced_at', at(21), at(20)], [1, 'bounced_at', at(20), null],
      [1, 'bounce_status', '5.1.1', null], [1, 'email_bounced', '1', '0'],
      [2, 'bounce_status', '5.1.1', null], [2, 'bounced_at', at(20), null], [2, 'email_bounced', '1', '0'],
    ].sort());
    expect(dry.kept.map((k) => [k.key, k.column, k.now, k.wrote, k.by])).toEqual([[2, 'bounce_reason', 'edited by a person', 'hostunknown', null]]);
    expect([dry.dryRun, dry.restored]).toEqual([true, 2]);

    const real = await undo(false);
    expect([cells(real), real.kept, real.restored]).toEqual([cells(dry), dry.kept, dry.restored]);
    const rows = (await t.db('contacts').whereIn('id', [1, 2]).orderBy('id')).map((r) => [Number(r.email_bounced), r.bounce_reason, r.bounce_status, r.bounced_at]);
    expect(rows).toEqual([[0, null, null, null], [0, 'edited by a person', null, null]]);
  });

  it('send-time rejections go through the same ledger and write-back', async () => {
    const a = await agent();
    const send = { id: 9, campaign: 'c2', rowKey: 3, address: 'cy@example.net', messageId: null };
    const s = await recordSendTimeFailures(a, [{ send, verdict: verdict('cy@example.net', 'userunknown') }]);
    expect(s.write?.rowsChanged).toBe(1);
    await recordSendTimeFailures(a, [{ send, verdict: verdict('cy@example.net', 'userunknown') }]);
    expect((await a.ledger.list()).length).toBe(1);
    expect(Number((await row(3)).email_bounced)).toBe(1);
  });

  it('names an unknown table or column and says the fix', async () => {
    const err = async (more: Record<string, unknown>) => mappingOf(await agent(more)).then(() => null, (e: BounceError) => e);
    const e1 = await err({ recipients: { table: 'contactz', key: 'id', email: 'email' } });
    expect([e1?.code, e1?.message]).toEqual(['TABLE_MISSING', expect.stringContaining('"contactz" (recipients.table)')]);
    const e2 = await err({ flags: { hard: { column: 'email_bounced' }, reason: 'Bounce_Reason' } });
    expect(e2?.code).toBe('COLUMN_MISSING');
    expect(e2?.message).toMatch(/"Bounce_Reason" \(flags\.reason\).*Did you mean "bounce_reason"/);
    const e3 = await err({ flags: { hard: { column: 'email_bounced' }, softCount: 'notes' } });
    expect(e3?.code).toBe('COLUMN_TYPE');
    if (client === 'sqlite') return; // SQLite does not enforce declared lengths: nothing to refuse
    await t.db.schema.alterTable('contacts', (tb) => { tb.string('short_reason', 8); });
    const e4 = await err({ flags: { hard: { column: 'email_bounced' }, reason: 'short_reason' } });
    expect([e4?.code, e4?.message]).toEqual(['COLUMN_TOO_SHORT', expect.stringContaining('"short_reason" (flags.reason)')]);
  });

  it('handles identifiers with spaces, mixed case and reserved words', async () => {
    await t.db.schema.dropTableIfExists('Contact List');
    await t.db.schema.createTable('Contact List', (tb) => {
      tb.integer('Select').primary();
      tb.string('E Mail', 200);
      tb.integer('Order').defaultTo(0);
      tb.string('group', 40);
    });
    await t.db('Contact List').insert([{ Select: 7, 'E Mail': 'ann@example.com' }, { Select: 8, 'E Mail': 'x@example.com' }]);
    const odd = memorySends([{ id: 1, campaign: 'c', rowKey: 7, address: 'ann@example.com', messageId: null }]);
    const a = await agentFor(t, odd, { recipients: { table: 'Contact List', key: 'Select', email: 'E Mail' }, flags: { hard: { column: 'Order', value: 1 }, reason: 'group' } });
    agents.push(a);
    await checkUpdateRight(a.database.db, await mappingOf(a));
    const s = await runOnce(a, [new ListSource('s', [{ id: 'm', decoded: bounce([verdict('ann@example.com', 'userunknown')], { token: odd.token(1) }) }])]);
    expect(s.problems).toEqual([]);
    const rows = await t.db('Contact List').orderBy('Select');
    expect(rows.map((r) => [r.Select, Number(r.Order), r.group])).toEqual([[7, 1, 'userunknown'], [8, 0, null]]);
  });
}

// What only a server database has: a line that can go down, and accounts with limited rights.
for (const client of selected().filter((c) => c !== 'sqlite')) {
  const why = await unavailableReason(client);
  describe.skipIf(!!why)(`store on ${client}: outages and rights${why ? ` (skipped: ${why})` : ''}`, () => serverSuite(client));
}

function serverSuite(client: Client) {
  let t: TestDb;
  const agents: Agent[] = [];
  const msg = (id: string, sendId: number, address: string) => ({ id, decoded: bounce([verdict(address, 'userunknown')], { token: sends.token(sendId) }) });

  beforeAll(async () => {
    t = await createTestDb(client, 'srv');
    await createContacts(t.db);
    await t.db('contacts').insert([{ id: 1, email: 'ann@example.com' }, { id: 2, email: 'bob@example.org' }, { id: 3, email: 'cy@example.net' }]);
  });
  afterAll(async () => { for (const a of agents) await closeAgent(a).catch(() => {}); await t?.drop(); });

  it('database down mid-run: events stay pending, the run reports it, the next run catches up', async () => {
    const proxy = new Proxy(Number(t.connection.port));
    await proxy.start();
    const a = await agentFor(t, sends, { database: { client, connection: { ...t.connection, port: proxy.port }, connectTimeoutMs: 1500, lockTimeoutMs: 1000 } });
    agents.push(a);
    await mappingOf(a); // the agent had reached the database once
    await proxy.stop();
    const src = new ListSource('s', [msg('m1', 1, 'ann@example.com'), msg('m2', 2, 'bob@example.org')]);
    const down = await runOnce(a, [src]);
    expect(down.problems.join(' ')).toMatch(/write-back/);
    expect(down.write?.pendingLeft).toBe(2);
    expect(src.acks.length).toBe(2); // recorded in the ledger, so the messages may move
    expect((await t.db('contacts').whereIn('id', [1, 2]).pluck('email_bounced')).map(Number)).toEqual([0, 0]);

    await proxy.start();
    const up = await runOnce(a, []);
    expect(up.problems).toEqual([]);
    expect(up.write?.rowsChanged).toBe(2);
    expect((await t.db('contacts').whereIn('id', [1, 2]).orderBy('id').pluck('email_bounced')).map(Number)).toEqual([1, 1]);
    await proxy.stop();
  });

  it('an account without the UPDATE right gets a clear error naming the table, and nothing is written', async () => {
    const user = `bs_ro_${Math.random().toString(36).slice(2, 8)}`;
    if (client === 'mysql') {
      await t.db.raw(`create user ?@'%' identified by 'ro-pass-1'`, [user]);
      await t.db.raw(`create user ?@'localhost' identified by 'ro-pass-1'`, [user]);
      for (const host of ['%', 'localhost']) await t.db.raw(`grant select on ??.* to ?@?`, [t.name, user, host]);
    } else {
      await t.db.raw(`create role ?? login password 'ro-pass-1'`, [user]);
      await t.db.raw('grant select on contacts to ??', [user]);
    }
    try {
      const a = await agentFor(t, sends, { database: { client, connection: { ...t.connection, user, password: 'ro-pass-1' } } });
      agents.push(a);
      const e = await checkUpdateRight(a.database.db, await mappingOf(a)).then(() => null, (x: BounceError) => x);
      expect(e?.code).toBe('NO_UPDATE_RIGHT');
      expect(e?.message).toMatch(/table "contacts".*GRANT UPDATE/s);
      const s = await runOnce(a, [new ListSource('s', [msg('m3', 3, 'cy@example.net')])]);
      expect(s.write?.pendingLeft).toBe(1);
      expect(Number((await t.db('contacts').where({ id: 3 }).first()).email_bounced)).toBe(0);
      await closeAgent(a);
      agents.pop();
    } finally {
      if (client === 'mysql') for (const host of ['%', 'localhost']) await t.db.raw('drop user if exists ?@?', [user, host]);
      else { await t.db.raw('revoke all on contacts from ??', [user]); await t.db.raw('drop role if exists ??', [user]); }
    }
  });

  it('a refused login and a missing database get their own coded errors that say the fix', async () => {
    // PostgreSQL here trusts every password, so its refused login is a role that does not exist.
    const badLogin = client === 'mysql' ? { user: 'root', password: 'not-the-password' } : { user: `bs_nobody_${Date.now().toString(36)}` };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...t.connection, ...badLogin }, 'DB_LOGIN_FAILED', /refused the login.*user and password/s],
      [{ ...t.connection, database: `${t.name}_missing` }, 'DB_NOT_FOUND', /does not exist.*database\.connection\.database/s],
    ];
    for (const [connection, code, text] of cases) {
      const a = await agentFor(t, sends, { database: { client, connection } });
      const e = await mappingOf(a).then(() => null, (x: BounceError) => x);
      await closeAgent(a).catch(() => {});
      expect(e?.code).toBe(code);
      expect(e?.message).toMatch(text);
      expect(e?.message).not.toMatch(/not-the-password/);
    }
  });
}
