// Mautic's contact and do-not-contact tables (written here from the Doctrine mapping quoted in
// docs/writing-flags.md) in a MariaDB database of their own, seeded the way the app leaves them:
// two contacts with one address in two spellings, contacts already unsubscribed, bounced, set
// do-not-contact by hand, and one with a "contactable" (reason 0) row. Bounces become reason-2
// rows; nothing a person chose is overwritten; undo deletes only rows still as inserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmOf } from '../../src/flow/crm.js';
import { crmRecipientSource } from '../../src/send/crm-recipients.js';
import { closeAgent, type Agent } from '../../src/flow/flow.js';
import { undoCrm } from '../../src/store/shapes/undo.js';
import { changedRuns, crmAgent, crmDb, reachable, refuse, runMail, snapshot, type CrmDb } from '../helpers/crm/harness.js';

const up = await reachable('mysql');
const TABLES = { mtc_leads: 'id', mtc_lead_donotcontact: 'id' };

async function schema(db: CrmDb['db']): Promise<void> {
  await db.raw(`create table mtc_leads (id bigint unsigned not null auto_increment primary key, firstname varchar(191), lastname varchar(191),
    email varchar(191), date_added datetime, date_modified datetime, key mtc_lead_email_search (email)) collate utf8mb4_unicode_ci`);
  await db.raw(`create table mtc_lead_donotcontact (id int not null auto_increment primary key, lead_id bigint unsigned, date_added datetime not null,
    reason smallint not null, channel varchar(191) not null, channel_id int, comments longtext,
    key mtc_dnc_search (lead_id, channel, reason), key mtc_dnc_reason_search (reason), key mtc_dnc_date_added (date_added),
    constraint mtc_fk_dnc_lead foreign key (lead_id) references mtc_leads (id) on delete cascade) collate utf8mb4_unicode_ci`);
}

const T0 = '2026-01-05 09:00:00';
const EMAILS = ['Ann@Example.com', 'ann@example.com', 'unsub@example.com', 'old@example.com', 'manual@example.com', 'zero@example.com', 'keep@example.com', 'complain@example.com', 'refused@example.com'];

async function seed(db: CrmDb['db']): Promise<void> {
  await db('mtc_leads').insert(EMAILS.map((email, i) => ({ id: i + 1, firstname: `L${i + 1}`, email, date_added: T0, date_modified: T0 })));
  await db('mtc_lead_donotcontact').insert([
    { lead_id: 3, date_added: T0, reason: 1, channel: 'email', comments: 'User unsubscribed.' },
    { lead_id: 4, date_added: T0, reason: 2, channel: 'email', comments: 'Hard bounce' },
    { lead_id: 5, date_added: T0, reason: 3, channel: 'email', comments: 'set by hand' },
    { lead_id: 6, date_added: T0, reason: 0, channel: 'email', comments: null },
  ]);
}

/** Mautic's own test before it mails a contact: a do-not-contact row for email with a reason other than 0. */
async function doNotContact(db: CrmDb['db'], lead: number): Promise<number[]> {
  return (await db('mtc_lead_donotcontact').where({ lead_id: lead, channel: 'email' }).whereNot('reason', 0).orderBy('id').pluck('reason')).map(Number);
}

const MAIL = [
  { id: 'm1', hard: ['ann@example.com', 'unsub@example.com', 'old@example.com', 'manual@example.com', 'zero@example.com', 'nobody@example.com'] },
  { id: 'm2', soft: ['keep@example.com'] },
  { id: 'm3', complaint: 'complain@example.com' },
];

describe.skipIf(!up)(`crm: mautic on MariaDB${up ? '' : ' (skipped: MariaDB not reachable)'}`, () => {
  let t: CrmDb;
  let agent: Agent;
  let seeded: Record<string, unknown[]>;
  const crm = { preset: 'mautic', prefix: 'mtc_' };
  beforeAll(async () => {
    t = await crmDb('mysql', 'mautic');
    await schema(t.db);
    await seed(t.db);
    seeded = await snapshot(t.db, TABLES);
    agent = await crmAgent(t, crm);
  });
  afterAll(async () => { await closeAgent(agent).catch(() => {}); await t?.drop(); });

  it('--dry-run lists exactly the rows it would insert and writes nothing', async () => {
    const s = await runMail(agent, 'mautic', MAIL, true);
    const row = (lead: number, reason: number, comments: string) => JSON.stringify({ lead_id: lead, channel: 'email', date_added: '2026-11-30 10:00:00', reason, channel_id: null, comments });
    expect(s.write?.changes).toEqual([
      { key: 'mtc_lead_donotcontact (new row)', column: '(insert)', old: null, new: row(1, 2, 'bouncesync: hard bounce: userunknown 5.1.1') },
      { key: 'mtc_lead_donotcontact (new row)', column: '(insert)', old: null, new: row(2, 2, 'bouncesync: hard bounce: userunknown 5.1.1') },
      { key: 'mtc_lead_donotcontact (new row)', column: '(insert)', old: null, new: row(6, 2, 'bouncesync: hard bounce: userunknown 5.1.1') },
      { key: 'mtc_lead_donotcontact (new row)', column: '(insert)', old: null, new: row(8, 1, 'complaint (feedback report)') },
    ]);
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });

  it('bounces and a refusal become reason-2 rows, a complaint reason 1; unsubscribed, bounced and manual rows stay as they were', async () => {
    const s = await runMail(agent, 'mautic', MAIL);
    expect(s.problems).toEqual([]);
    expect(s.write?.rowsChanged).toBe(4);
    expect((await refuse(agent, 7, '9', 'refused@example.com')).write?.rowsChanged).toBe(1);
    expect(await doNotContact(t.db, 1)).toEqual([2]);
    expect(await doNotContact(t.db, 2)).toEqual([2]);
    expect(await doNotContact(t.db, 3)).toEqual([1]);
    expect(await doNotContact(t.db, 4)).toEqual([2]);
    expect(await doNotContact(t.db, 5)).toEqual([3]);
    expect(await doNotContact(t.db, 6)).toEqual([2]);
    expect(await doNotContact(t.db, 7)).toEqual([]);
    expect(await doNotContact(t.db, 8)).toEqual([1]);
    expect(await doNotContact(t.db, 9)).toEqual([2]);
    expect(await t.db('mtc_leads').orderBy('id')).toEqual(seeded.mtc_leads);
    // The rows that were there are untouched.
    expect((await t.db('mtc_lead_donotcontact').orderBy('id').limit(4))).toEqual(seeded.mtc_lead_donotcontact);
  });

  it('send reads the contacts Mautic would mail: none with a do-not-contact row for email (reason 0 does not count)', async () => {
    const source = await crmRecipientSource(agent.database.db, agent.database.adapter, (await crmOf(agent)).store, { params: {}, subject: 's', text: 't' }, 'news');
    const keys: unknown[] = [];
    for await (const r of source.recipients) keys.push(r.key);
    expect(keys).toEqual(['Leads:7']);
    expect(await source.count()).toBe(1);
  });

  it('a second run changes nothing: never a duplicate row', async () => {
    const before = await snapshot(t.db, TABLES);
    const again = await crmAgent(t, crm);
    try {
      expect((await runMail(again, 'mautic', MAIL)).write?.rowsChanged).toBe(0);
      expect((await refuse(again, 7, '9', 'refused@example.com')).write?.rowsChanged).toBe(0);
    } finally { await closeAgent(again); }
    expect(await snapshot(t.db, TABLES)).toEqual(before);
  });

  it('a crash after the table commit and before the ledger settled it: the next run inserts no second row', async () => {
    await t.db('mtc_leads').insert({ id: 10, firstname: 'L10', email: 'late@example.com', date_added: T0, date_modified: T0 });
    const settle = agent.ledger.settle.bind(agent.ledger);
    agent.ledger.settle = async () => { throw new Error('killed before the ledger commit'); };
    try {
      expect((await runMail(agent, 'mautic', [{ id: 'm9', hard: ['late@example.com'] }])).write?.error).toMatch(/killed/);
    } finally { agent.ledger.settle = settle; }
    expect(await doNotContact(t.db, 10)).toEqual([2]);
    const s = await runMail(agent, 'mautic', []);
    expect(s.write?.rowsChanged).toBe(0);
    expect(await doNotContact(t.db, 10)).toEqual([2]);
    // Its change was found applied from the table: undo of that run takes the row back.
    const { store } = await crmOf(agent);
    const runs = await changedRuns(agent);
    await undoCrm({ ...agent.database, crm: store, ledger: agent.ledger, lockTimeoutMs: 2000, runId: runs[runs.length - 1]! });
    expect(await doNotContact(t.db, 10)).toEqual([]);
    await t.db('mtc_leads').where({ id: 10 }).delete();
  });

  it('undo --run deletes only rows still as inserted; a row a person changed since is kept', async () => {
    const runs = await changedRuns(agent);
    const { store } = await crmOf(agent);
    const o = { ...agent.database, crm: store, ledger: agent.ledger, lockTimeoutMs: 2000 };
    await t.db('mtc_lead_donotcontact').where({ lead_id: 6, reason: 2 }).update({ comments: 'confirmed by support' });
    const s = await undoCrm({ ...o, runId: runs[0]! });
    expect(s.cells.length).toBe(3);
    expect(s.kept.map((k) => k.key)).toEqual(['mtc_lead_donotcontact lead_id=6']);
    await undoCrm({ ...o, runId: runs[1]! });
    const left = await t.db('mtc_lead_donotcontact').orderBy('id');
    expect(left.slice(0, 4)).toEqual(seeded.mtc_lead_donotcontact);
    expect(left.slice(4).map((r) => [r.lead_id, r.comments])).toEqual([[6, 'confirmed by support']]);
    await t.db('mtc_lead_donotcontact').where({ comments: 'confirmed by support' }).delete();
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });
});
