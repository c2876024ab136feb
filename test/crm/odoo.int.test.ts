// Odoo's tables (written here from the fields quoted in docs/writing-flags.md) in a PostgreSQL
// database of its own, seeded the way the app leaves them: a contact and a CRM lead sharing an
// address, an archived contact, an address that bounced before (on a contact and a mailing
// contact), one taken off the blocklist by a person, one on it. message_bounce is written as an
// absolute count: a second run, a retry or a crash at any step never counts twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmOf } from '../../src/flow/crm.js';
import { crmRecipientSource } from '../../src/send/crm-recipients.js';
import { closeAgent, type Agent } from '../../src/flow/flow.js';
import { undoCrm } from '../../src/store/shapes/undo.js';
import { changedRuns, crmAgent, crmDb, reachable, refuse, runMail, snapshot, type CrmDb } from '../helpers/crm/harness.js';

const up = await reachable('postgres');
const TABLES = { res_partner: 'id', crm_lead: 'id', mailing_contact: 'id', mail_blacklist: 'id' };

async function schema(db: CrmDb['db']): Promise<void> {
  await db.raw(`create table res_partner (id serial primary key, name varchar, email varchar, email_normalized varchar, active boolean default true,
    message_bounce integer default 0, create_date timestamp, write_date timestamp)`);
  await db.raw('create index res_partner__email_normalized_index on res_partner (email_normalized)');
  await db.raw(`create table crm_lead (id serial primary key, name varchar not null, email_from varchar, email_normalized varchar, active boolean default true,
    message_bounce integer default 0, create_date timestamp, write_date timestamp)`);
  await db.raw(`create table mailing_contact (id serial primary key, name varchar, email varchar, email_normalized varchar,
    message_bounce integer default 0, create_date timestamp, write_date timestamp)`);
  await db.raw(`create table mail_blacklist (id serial primary key, email varchar not null, active boolean default true, opt_out_reason_id integer,
    create_uid integer, create_date timestamp, write_uid integer, write_date timestamp, constraint mail_blacklist_unique_email unique (email))`);
}

const T0 = '2026-01-05 09:00:00';
const partner = (id: number, email: string, more: Record<string, unknown> = {}) => ({ id, name: `P${id}`, email, email_normalized: email.toLowerCase().replace(/^.*</, '').replace(/>$/, ''), active: true, message_bounce: 0, create_date: T0, write_date: T0, ...more });

async function seed(db: CrmDb['db']): Promise<void> {
  await db('res_partner').insert([
    partner(1, '"Ann" <Ann@Example.com>'), partner(2, 'gone@example.com', { active: false }), partner(3, 'twice@example.com', { message_bounce: 2 }),
    partner(4, 'unlisted@example.com'), partner(5, 'listed@example.com'), partner(6, 'complain@example.com'), partner(7, 'soft@example.com'),
    partner(8, 'refused@example.com'), partner(9, 'keep@example.com'),
  ]);
  await db('crm_lead').insert([{ id: 1, name: 'Deal', email_from: 'ann@example.com', email_normalized: 'ann@example.com', active: true, message_bounce: 0, create_date: T0, write_date: T0 }]);
  await db('mailing_contact').insert([{ id: 1, name: 'Twice', email: 'Twice@example.com', email_normalized: 'twice@example.com', message_bounce: 1, create_date: T0, write_date: T0 }]);
  await db('mail_blacklist').insert([
    { id: 1, email: 'unlisted@example.com', active: false, create_date: T0, write_date: T0 },
    { id: 2, email: 'listed@example.com', active: true, create_date: T0, write_date: T0 },
  ]);
  for (const t of Object.keys(TABLES)) await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), 100)`, [t]);
}

const bounces = async (db: CrmDb['db']) => ({
  partners: Object.fromEntries((await db('res_partner').orderBy('id')).map((r) => [r.id, r.message_bounce])),
  lead: (await db('crm_lead').first()).message_bounce,
  mailing: (await db('mailing_contact').first()).message_bounce,
});

/** Odoo's is_blacklisted: an active blocklist row for the record's email_normalized. */
async function blacklisted(db: CrmDb['db']): Promise<string[]> {
  return (await db('res_partner as p').join('mail_blacklist as bl', 'bl.email', 'p.email_normalized').where('bl.active', true).orderBy('p.id').pluck('p.email_normalized')).map(String);
}

const MAIL = [
  { id: 'm1', hard: ['ANN@example.com', 'gone@example.com', 'twice@example.com', 'nobody@example.com'] },
  { id: 'm2', soft: ['soft@example.com'] },
  { id: 'm3', complaint: 'complain@example.com' },
  { id: 'm4', complaint: 'unlisted@example.com' },
  { id: 'm5', complaint: 'listed@example.com' },
];

describe.skipIf(!up)(`crm: odoo on PostgreSQL${up ? '' : ' (skipped: PostgreSQL not reachable)'}`, () => {
  let t: CrmDb;
  let agent: Agent;
  let seeded: Record<string, unknown[]>;
  beforeAll(async () => {
    t = await crmDb('postgres', 'odoo');
    await schema(t.db);
    await seed(t.db);
    seeded = await snapshot(t.db, TABLES);
    agent = await crmAgent(t, 'odoo');
  });
  afterAll(async () => { await closeAgent(agent).catch(() => {}); await t?.drop(); });

  it('check: the columns say Odoo 17 or later', async () => {
    expect((await crmOf(agent)).lines).toContain('version: mail_blacklist.opt_out_reason_id is there: Odoo 17 or later');
  });

  it('--dry-run lists exactly the changes and writes nothing', async () => {
    const s = await runMail(agent, 'odoo', MAIL, true);
    expect(s.write?.changes).toEqual([
      { key: 'res_partner 1', column: 'message_bounce', old: 0, new: 1 },
      { key: 'res_partner 3', column: 'message_bounce', old: 2, new: 3 },
      { key: 'res_partner 7', column: 'message_bounce', old: 0, new: 1 },
      { key: 'crm_lead 1', column: 'message_bounce', old: 0, new: 1 },
      { key: 'mailing_contact 1', column: 'message_bounce', old: 1, new: 2 },
      { key: 'mail_blacklist (new row)', column: '(insert)', old: null, new: JSON.stringify({ email: 'complain@example.com', active: true, create_date: '2026-11-30 10:00:00', write_date: '2026-11-30 10:00:00' }) },
    ]);
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });

  it('every record with the address counts each returned mail once; a complaint puts the address on the blocklist, never back on it', async () => {
    const s = await runMail(agent, 'odoo', MAIL);
    expect(s.problems).toEqual([]);
    expect((await refuse(agent, 3, '8', 'refused@example.com')).write?.rowsChanged).toBe(1);
    // A later bounce of Ann's in another message: counted on top.
    await runMail(agent, 'odoo', [{ id: 'm6', hard: ['ann@example.com'] }]);
    expect(await bounces(t.db)).toEqual({ partners: { 1: 2, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0, 7: 1, 8: 1, 9: 0 }, lead: 2, mailing: 2 });
    expect(await blacklisted(t.db)).toEqual(['listed@example.com', 'complain@example.com']);
    expect((await t.db('mail_blacklist').where({ email: 'unlisted@example.com' }).first()).active).toBe(false);
  });

  it('send reads the live records Odoo would mail: not archived, not on the blocklist', async () => {
    const source = await crmRecipientSource(agent.database.db, agent.database.adapter, (await crmOf(agent)).store, { params: {}, subject: 's', text: 't' }, 'news');
    const got: [unknown, string][] = [];
    for await (const r of source.recipients) got.push([r.key, r.address]);
    expect(got).toEqual([
      ['Contacts:1', 'ann@example.com'], ['Contacts:3', 'twice@example.com'], ['Contacts:4', 'unlisted@example.com'], ['Contacts:7', 'soft@example.com'],
      ['Contacts:8', 'refused@example.com'], ['Contacts:9', 'keep@example.com'], ['Leads:1', 'ann@example.com'], ['Mailing contacts:1', 'twice@example.com'],
    ]);
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot(t.db, TABLES);
    const s = await runMail(agent, 'odoo', [...MAIL, { id: 'm6', hard: ['ann@example.com'] }]);
    expect(s.alreadySeen).toBe(6);
    expect(s.write?.rowsChanged).toBe(0);
    expect(await snapshot(t.db, TABLES)).toEqual(before);
  });

  it('a crash after the table commit and before the ledger settled it: the next run counts nothing twice', async () => {
    const settle = agent.ledger.settle.bind(agent.ledger);
    agent.ledger.settle = async () => { throw new Error('killed before the ledger commit'); };
    try {
      const s = await runMail(agent, 'odoo', [{ id: 'm7', hard: ['keep@example.com'] }]);
      expect(s.write?.error).toMatch(/killed/);
    } finally { agent.ledger.settle = settle; }
    expect((await t.db('res_partner').where({ id: 9 }).first()).message_bounce).toBe(1);
    // The change is still prepared and the event pending; the next run settles and counts nothing more.
    const s = await runMail(agent, 'odoo', []);
    expect(s.write?.rowsChanged).toBe(0);
    expect((await t.db('res_partner').where({ id: 9 }).first()).message_bounce).toBe(1);
  });

  it('a crash after the ledger prepared and before the table commit: the next run writes it once', async () => {
    // The first statement inside the write transaction fails (as a killed process never commits).
    const adapter = agent.database.adapter;
    const lockTimeout = adapter.lockTimeout;
    adapter.lockTimeout = async () => { throw new Error('killed before the table commit'); };
    try {
      const s = await runMail(agent, 'odoo', [{ id: 'm8', hard: ['keep@example.com'] }]);
      expect(s.write?.error).toMatch(/killed/);
      expect(await agent.ledger.db('changes').where({ target: 'counter:res_partner', row_key: '9', state: 'prepared' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    } finally { adapter.lockTimeout = lockTimeout; }
    expect((await t.db('res_partner').where({ id: 9 }).first()).message_bounce).toBe(1);
    const s = await runMail(agent, 'odoo', []);
    expect(s.write?.rowsChanged).toBe(1);
    expect((await t.db('res_partner').where({ id: 9 }).first()).message_bounce).toBe(2);
  });

  it('a count Odoo set back (mail came in from the contact) is the new base', async () => {
    await t.db('res_partner').where({ id: 9 }).update({ message_bounce: 0 });
    await runMail(agent, 'odoo', [{ id: 'm9', hard: ['keep@example.com'] }]);
    expect((await t.db('res_partner').where({ id: 9 }).first()).message_bounce).toBe(1);
  });

  it('undo --run, newest run first, restores the tables exactly', async () => {
    const { store } = await crmOf(agent);
    const o = { ...agent.database, crm: store, ledger: agent.ledger, lockTimeoutMs: 2000 };
    for (const runId of (await changedRuns(agent)).reverse()) {
      const s = await undoCrm({ ...o, runId });
      if (s.kept.length) {
        // The reset to 0 above: undo keeps a value changed outside, and says so (a person decides).
        expect(s.kept.map((k) => [k.key, k.now, k.wrote, k.restore])).toEqual([['res_partner 9', 0, 2, 1]]);
        await t.db('res_partner').where({ id: 9 }).update({ message_bounce: s.kept[0]!.restore });
      }
    }
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });
});
