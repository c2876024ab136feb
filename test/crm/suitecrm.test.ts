// SuiteCRM's tables (written here from the column list in docs/writing-flags.md, not copied from
// the app) in a MariaDB database of their own, seeded the way the app leaves them: one address
// row shared by a contact and a lead, deleted contacts, links and address rows, mixed case, an
// address that opted out, one that bounced before. Returned mail and send-time refusals go
// through `crm: suitecrm`; the app's own primary-address query then shows the addresses invalid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAgent, type Agent } from '../../src/pipeline.js';
import { undoCrm } from '../../src/store/shapes/undo.js';
import { crmOf } from '../../src/crm/agent.js';
import { changedRuns, crmAgent, crmDb, reachable, refuse, runMail, snapshot, type CrmDb } from './harness.js';

const up = await reachable('mysql');
const TABLES = { email_addresses: 'id', email_addr_bean_rel: 'id', contacts: 'id', leads: 'id', prospects: 'id', accounts: 'id' };

async function schema(db: CrmDb['db']): Promise<void> {
  await db.raw(`create table email_addresses (
    id char(36) not null primary key, email_address varchar(100), email_address_caps varchar(100),
    invalid_email tinyint(1) default 0, opt_out tinyint(1) default 0, confirm_opt_in varchar(255) default 'not-opt-in',
    confirm_opt_in_date datetime, confirm_opt_in_sent_date datetime, confirm_opt_in_fail_date datetime, confirm_opt_in_token varchar(255),
    date_created datetime, date_modified datetime, deleted tinyint(1) default 0,
    key idx_ea_caps_opt_out_invalid (email_address_caps, opt_out, invalid_email))`);
  await db.raw(`create table email_addr_bean_rel (
    id char(36) not null primary key, email_address_id char(36) not null, bean_id char(36), bean_module varchar(100),
    primary_address tinyint(1) default 0, reply_to_address tinyint(1) default 0, date_created datetime, date_modified datetime, deleted tinyint(1) default 0,
    key idx_email_address_id (email_address_id), key idx_bean_id (bean_id, bean_module))`);
  for (const t of ['contacts', 'leads', 'prospects']) {
    await db.raw(`create table ${t} (id char(36) not null primary key, first_name varchar(100), last_name varchar(100), date_modified datetime, deleted tinyint(1) default 0)`);
  }
  await db.raw('create table accounts (id char(36) not null primary key, name varchar(150), date_modified datetime, deleted tinyint(1) default 0)');
}

const T0 = '2026-01-05 09:00:00';
const id = (n: number, kind: string) => `${kind}0000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const address = (n: number, email: string, more: Record<string, unknown> = {}) => ({ id: id(n, 'e'), email_address: email, email_address_caps: email.toUpperCase(), invalid_email: 0, opt_out: 0, date_created: T0, date_modified: T0, deleted: 0, ...more });
let rel = 0;
const link = (ea: number, bean: string, module: string, more: Record<string, unknown> = {}) => ({ id: id(++rel, 'r'), email_address_id: id(ea, 'e'), bean_id: bean, bean_module: module, primary_address: 1, date_created: T0, date_modified: T0, deleted: 0, ...more });

async function seed(db: CrmDb['db']): Promise<void> {
  await db('contacts').insert([1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: id(n, 'c'), first_name: `C${n}`, last_name: 'Test', date_modified: T0, deleted: n === 2 ? 1 : 0 })));
  await db('leads').insert([1, 2].map((n) => ({ id: id(n, 'l'), first_name: `L${n}`, last_name: 'Lead', date_modified: T0, deleted: 0 })));
  await db('email_addresses').insert([
    address(1, 'Ann.Shared@Example.com'),                  // contact 1 and lead 1 share it
    address(2, 'gone@example.com'),                        // only on a deleted contact
    address(3, 'optout@example.com', { opt_out: 1 }),      // a person opted out
    address(4, 'old@example.com', { invalid_email: 1 }),   // bounced before
    address(5, 'dup@example.com', { deleted: 1 }),         // a deleted duplicate row ...
    address(6, 'DUP@example.com'),                         // ... and the live one, other case
    address(7, 'keep@example.com'),                        // never bounces
    address(8, 'unlinked@example.com'),                    // its link was deleted
    address(9, 'complain@example.com'),                    // lead 2 complains
    address(10, 'refused@example.com'),                    // refused during sending
  ]);
  await db('email_addr_bean_rel').insert([
    link(1, id(1, 'c'), 'Contacts'), link(1, id(1, 'l'), 'Leads'), link(2, id(2, 'c'), 'Contacts'), link(3, id(3, 'c'), 'Contacts'),
    link(4, id(4, 'c'), 'Contacts'), link(5, id(5, 'c'), 'Contacts', { primary_address: 0 }), link(6, id(5, 'c'), 'Contacts'),
    link(7, id(6, 'c'), 'Contacts'), link(8, id(7, 'c'), 'Contacts', { deleted: 1 }), link(9, id(2, 'l'), 'Leads'), link(10, id(6, 'c'), 'Contacts', { primary_address: 0 }),
  ]);
}

/** SuiteCRM's getPrimaryAddress(): the address its screens and send paths use for a record. */
async function primaryAddress(db: CrmDb['db'], module: string, bean: string): Promise<string | null> {
  const [row] = await db('email_addresses as ea').join('email_addr_bean_rel as ear', 'ea.id', 'ear.email_address_id')
    .where({ 'ear.bean_module': module, 'ear.bean_id': bean, 'ear.deleted': 0, 'ea.invalid_email': 0, 'ea.deleted': 0 }).orderBy('ear.primary_address', 'desc').select('ea.email_address');
  return row ? String(row.email_address) : null;
}

const MAIL = [
  { id: 'm1', hard: ['ann.shared@EXAMPLE.com', 'gone@example.com', 'optout@example.com'] },
  { id: 'm2', hard: ['old@example.com', 'dup@example.com', 'unlinked@example.com', 'nobody@example.com'] },
  { id: 'm3', soft: ['keep@example.com'] },
  { id: 'm4', complaint: 'complain@example.com' },
];

describe.skipIf(!up)(`crm: suitecrm on MariaDB${up ? '' : ' (skipped: MariaDB at 127.0.0.1:3306 not reachable)'}`, () => {
  let t: CrmDb;
  let agent: Agent;
  let seeded: Record<string, unknown[]>;
  beforeAll(async () => {
    t = await crmDb('mysql', 'suitecrm');
    await schema(t.db);
    await seed(t.db);
    seeded = await snapshot(t.db, TABLES);
    agent = await crmAgent(t, 'suitecrm');
  });
  afterAll(async () => { await closeAgent(agent).catch(() => {}); await t?.drop(); });

  it('check: every table and column found, the version the columns suggest, the choices made', async () => {
    const { lines } = await crmOf(agent);
    expect(lines).toContain('version: email_addresses.confirm_opt_in is there: SuiteCRM 7.10 or later (or 8.x)');
    expect(lines).toContain('hard bounce: email_addresses: invalid_email = 1; date_modified = the bounce\'s time when another column changes');
    expect(lines.some((l) => l.startsWith('choice: SuiteCRM clears opt_out'))).toBe(true);
  });

  it('--dry-run lists exactly the changes and writes nothing', async () => {
    const s = await runMail(agent, 'suite', MAIL, true);
    expect(s.write?.changes).toEqual([
      { key: `email_addresses ${id(1, 'e')}`, column: 'invalid_email', old: 0, new: 1 },
      { key: `email_addresses ${id(1, 'e')}`, column: 'date_modified', old: new Date(`${T0}Z`), new: '2026-11-30 10:00:00' },
      { key: `email_addresses ${id(3, 'e')}`, column: 'invalid_email', old: 0, new: 1 },
      { key: `email_addresses ${id(3, 'e')}`, column: 'date_modified', old: new Date(`${T0}Z`), new: '2026-11-30 10:00:00' },
      { key: `email_addresses ${id(6, 'e')}`, column: 'invalid_email', old: 0, new: 1 },
      { key: `email_addresses ${id(6, 'e')}`, column: 'date_modified', old: new Date(`${T0}Z`), new: '2026-11-30 10:00:00' },
      { key: `email_addresses ${id(9, 'e')}`, column: 'opt_out', old: 0, new: 1 },
      { key: `email_addresses ${id(9, 'e')}`, column: 'date_modified', old: new Date(`${T0}Z`), new: '2026-11-30 10:00:00' },
    ]);
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });

  it('returned mail and a send-time refusal flag the shared address row; the app\'s primary-address query skips it for the contact and the lead', async () => {
    expect(await primaryAddress(t.db, 'Contacts', id(1, 'c'))).toBe('Ann.Shared@Example.com');
    const s = await runMail(agent, 'suite', MAIL);
    expect(s.problems).toEqual([]);
    expect(s.write?.rowsChanged).toBe(4);
    const r = await refuse(agent, 1, `Contacts:${id(6, 'c')}`, 'refused@example.com');
    expect(r.write?.rowsChanged).toBe(1);

    expect(await primaryAddress(t.db, 'Contacts', id(1, 'c'))).toBeNull();
    expect(await primaryAddress(t.db, 'Leads', id(1, 'l'))).toBeNull();
    expect(await primaryAddress(t.db, 'Contacts', id(6, 'c'))).toBe('keep@example.com'); // the soft bounce changed nothing
    const rows = Object.fromEntries((await t.db('email_addresses').orderBy('id')).map((r) => [r.email_address, [r.invalid_email, r.opt_out, r.deleted]]));
    expect(rows).toEqual({
      'Ann.Shared@Example.com': [1, 0, 0], 'gone@example.com': [0, 0, 0], 'optout@example.com': [1, 1, 0], 'old@example.com': [1, 0, 0],
      'dup@example.com': [0, 0, 1], 'DUP@example.com': [1, 0, 0], 'keep@example.com': [0, 0, 0], 'unlinked@example.com': [0, 0, 0],
      'complain@example.com': [0, 1, 0], 'refused@example.com': [1, 0, 0],
    });
    // Only email_addresses changed, and only its mapped columns.
    const now = await snapshot(t.db, TABLES);
    for (const table of Object.keys(TABLES).filter((x) => x !== 'email_addresses')) expect(now[table]).toEqual(seeded[table]);
  });

  it('a second run of the same mail and refusal changes nothing', async () => {
    const before = await snapshot(t.db, TABLES);
    const again = await crmAgent(t, 'suitecrm');
    try {
      // A fresh ledger: the events are new to it, the rows already as wanted.
      const s = await runMail(again, 'suite', MAIL);
      expect(s.write?.rowsChanged).toBe(0);
      expect((await refuse(again, 1, `Contacts:${id(6, 'c')}`, 'refused@example.com')).write?.rowsChanged).toBe(0);
    } finally { await closeAgent(again); }
    const s2 = await runMail(agent, 'suite', MAIL);
    expect(s2.alreadySeen).toBe(4);
    expect(s2.write?.rowsChanged).toBe(0);
    expect(await snapshot(t.db, TABLES)).toEqual(before);
  });

  it('undo --run restores the tables exactly (dry run first: lists, writes nothing)', async () => {
    const runs = await changedRuns(agent);
    const { store } = await crmOf(agent);
    const o = { ...agent.database, crm: store, ledger: agent.ledger, lockTimeoutMs: 2000 };
    const before = await snapshot(t.db, TABLES);
    const dry = await undoCrm({ ...o, runId: runs[0]!, dryRun: true });
    expect(dry.cells.length).toBeGreaterThan(0);
    expect(await snapshot(t.db, TABLES)).toEqual(before);
    for (const runId of [...runs].reverse()) await undoCrm({ ...o, runId });
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });
});
