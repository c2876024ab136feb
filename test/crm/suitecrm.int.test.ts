// SuiteCRM's tables (test/helpers/crm/suitecrm-tables.ts) in a MariaDB database of their own, seeded the way the app leaves them: one address
// row shared by a contact and a lead, deleted contacts, links and address rows, mixed case, an
// address that opted out, one that bounced before. Returned mail and send-time refusals go
// through `crm: suitecrm`; the app's own primary-address query then shows the addresses invalid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAgent, type Agent } from '../../src/flow/flow.js';
import { undoCrm } from '../../src/store/shapes/undo.js';
import { crmOf } from '../../src/flow/crm.js';
import { id, primaryAddress, schema, seed, T0, TABLES } from '../helpers/crm/suitecrm-tables.js';
import { changedRuns, crmAgent, crmDb, reachable, refuse, runMail, snapshot, type CrmDb } from '../helpers/crm/harness.js';

const up = await reachable('mysql');
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
