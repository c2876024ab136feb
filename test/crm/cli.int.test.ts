// The commands as a person runs them against SuiteCRM's tables (test/helpers/crm/suitecrm-tables.ts) on MariaDB,
// with a config of three keys (database, crm, sources) plus the sender's: check, send through the
// preset (a recipient refused at RCPT TO is flagged where SuiteCRM keeps it), run --once over a
// folder of real DSNs (dry run first), a second run, and undo --run of both, dry run first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as checkCommand } from '../../src/cli/commands/check.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import { cli } from '../helpers/harness.js';
import { dsn } from '../helpers/mail.js';
import { reply, startRemote, type Remote } from '../helpers/servers/remote.js';
import { sendCli } from '../helpers/send-workspace.js';
import { crmDb, reachable, snapshot, type CrmDb } from '../helpers/crm/harness.js';
import { id, primaryAddress, schema, seed, TABLES } from '../helpers/crm/suitecrm-tables.js';

const up = await reachable('mysql');

describe.skipIf(!up)(`bouncesync with crm: suitecrm on MariaDB${up ? '' : ' (skipped: MariaDB not reachable)'}`, () => {
  let t: CrmDb;
  let remote: Remote;
  let dir: string;
  let seeded: Record<string, unknown[]>;
  const file = () => join(dir, 'bouncesync.yaml');
  beforeAll(async () => {
    process.env.BOUNCESYNC_LOG = 'silent';
    process.env.TEST_SECRET = 'crm-cli-secret-0123456789';
    t = await crmDb('mysql', 'suitecrm');
    await schema(t.db);
    await seed(t.db);
    seeded = await snapshot(t.db, TABLES);
    remote = await startRemote({ rcpt: (to) => (to === 'keep@example.com' ? reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`) : undefined) });
    dir = mkdtempSync(join(tmpdir(), 'bs-crm-cli-'));
    mkdirSync(join(dir, 'returned'));
    writeFileSync(join(dir, 'news.txt'), 'Hello {{first_name}}\n');
    const c = t.connection as { host: string; port: number; user: string; database: string };
    writeFileSync(file(), [
      `database: { client: mysql, connection: "mysql://${c.user}@${c.host}:${c.port}/${c.database}" }`,
      'crm: suitecrm',
      'sources: [ { folder: ./returned } ]',
      'ledger: { sqlite: ./events.sqlite }',
      'send:',
      `  smtp: { host: 127.0.0.1, port: ${remote.port}, requireTLS: false }`,
      '  from: "News <news@corp.test>"',
      '  returnPath: "bounces+{token}@corp.test"',
      '  secret: "${TEST_SECRET}"',
      '  ledger: ./sends.sqlite',
      'campaigns:',
      '  news: { subject: "Hello {{first_name}}", text: news.txt }',
      '',
    ].join('\n'));
  });
  afterAll(async () => { await remote?.close(); await t?.drop(); rmSync(dir, { recursive: true, force: true }); });

  it('check prints what the preset maps and that the account may write it', async () => {
    const { code, out } = await cli(checkCommand, '--config', file());
    expect(code).toBe(0);
    expect(out).toContain('crm: suitecrm (SuiteCRM 7.x / 8.x, SugarCRM CE 6.5)');
    expect(out).toContain('addresses: "email_addresses" looked up by email_address_caps (upper-cased), live where deleted = 0, linked through "email_addr_bean_rel"');
    expect(out).toContain('set:email_addresses: UPDATE right: yes');
  });

  it('send mails the records SuiteCRM would mail, each at its primary address, and flags a refused one', async () => {
    const { code, out } = await sendCli(dir, '--campaign', 'news');
    expect(code).toBe(0);
    expect(out).toMatch(/refused 1 \(flagged as dead 1\)/);
    // Not the deleted contact, the opted-out or invalid address, nor the contact whose link is deleted.
    expect(remote.rcpts.map((r) => r.to).sort()).toEqual(['Ann.Shared@example.com', 'Ann.Shared@example.com', 'DUP@example.com', 'complain@example.com', 'keep@example.com']);
    expect(await primaryAddress(t.db, 'Contacts', id(6, 'c'))).toBe('refused@example.com'); // keep@ is invalid now: its other address is used
  });

  it('run --once: the dry run lists exactly what the run then writes; a second run writes nothing', async () => {
    writeFileSync(join(dir, 'returned', 'ann.eml'), dsn({ to: 'news@corp.test', failed: 'ann.shared@example.com', status: '5.1.1', code: '550', text: 'User unknown', id: 'dsn-1' }));
    const dry = await cli(runCommand, '--once', '--dry-run', '--config', file());
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`  row "email_addresses ${id(1, 'e')}": invalid_email 0 → 1`);
    expect(dry.out).toContain('rows that would change 1');
    expect((await t.db('email_addresses').where({ id: id(1, 'e') }).first()).invalid_email).toBe(0);

    const ran = await cli(runCommand, '--once', '--config', file());
    expect(ran.out).toContain('rows changed 1');
    expect(await primaryAddress(t.db, 'Contacts', id(1, 'c'))).toBeNull();
    expect(await primaryAddress(t.db, 'Leads', id(1, 'l'))).toBeNull();

    writeFileSync(join(dir, 'returned', 'ann-again.eml'), dsn({ to: 'news@corp.test', failed: 'Ann.Shared@Example.com', status: '5.1.1', code: '550', text: 'User unknown', id: 'dsn-2' }));
    const again = await cli(runCommand, '--once', '--config', file());
    expect(again.out).toContain('rows changed 0  unchanged 1');
  });

  it('undo --run of each run (dry run first) restores the tables exactly', async () => {
    const { out } = await cli((await import('../../src/cli/commands/events.js')).run, '--config', file());
    const runs = [...new Set([...out.matchAll(/^\S+\s+(\d{8}-\d{6}-\w+)/gm)].map((m) => m[1]!))];
    expect(runs.length).toBe(3); // the send's, and two runs of returned mail
    const listed = await cli((await import('../../src/cli/commands/events.js')).run, '--config', file(), '--run', runs[1]!);
    expect(listed.out).toMatch(new RegExp(`^set:email_addresses row "${id(1, 'e')}"  applied  invalid_email 0 → 1, date_modified \\S+ → "[\\d-]+ [\\d:]+"$`, 'm'));
    for (const runId of runs.reverse()) {
      const before = await snapshot(t.db, TABLES);
      const dry = await cli(undoCommand, '--config', file(), '--run', runId, '--dry-run');
      expect(dry.code).toBe(0);
      expect(await snapshot(t.db, TABLES)).toEqual(before);
      expect((await cli(undoCommand, '--config', file(), '--run', runId)).code).toBe(0);
    }
    expect(await snapshot(t.db, TABLES)).toEqual(seeded);
  });
});
