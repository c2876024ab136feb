// `bouncesync send` as the operator runs it: a YAML config file, templates next to it, a real
// SQLite table and a real SMTP exchange (the programmable remote). Dry run first, then the send,
// then a run that meets a sender block (exit code 3).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { sendFromConfig } from '../../src/runner/send.js';
import { createContacts, createTestDb, type TestDb } from '../helpers/databases.js';
import { sendCli, sendConfig } from '../helpers/send-workspace.js';
import { reply, startRemote, type Remote } from '../helpers/servers/remote.js';

let dir: string;
let t: TestDb;
let remote: Remote;
let blocked = false;
beforeAll(async () => {
  process.env.BOUNCESYNC_LOG = 'silent';
  dir = mkdtempSync(join(tmpdir(), 'bs-send-cli-'));
  t = await createTestDb('sqlite', 'sendcli');
  await createContacts(t.db);
  await t.db('contacts').insert([
    { id: 1, email: 'ann@corp.test', name: 'Ann & Co', list_id: 1, email_bounced: 0 },
    { id: 2, email: 'gone@corp.test', name: 'Gone', list_id: 1, email_bounced: 0 },
    { id: 3, email: 'bob@corp.test', name: 'Bob', list_id: 1, email_bounced: 0 },
    { id: 4, email: 'cat@corp.test', name: 'Cat', list_id: 1, email_bounced: 1 },
  ]);
  remote = await startRemote({
    rcpt: (to) => {
      if (blocked) return reply(554, '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.example.test');
      return to.startsWith('gone') ? reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`) : undefined;
    },
  });
  writeFileSync(join(dir, 'spring.txt'), 'Hello {{name}}\n');
  writeFileSync(join(dir, 'spring.html'), '<p>Hello {{name}}</p>\n');
  writeFileSync(join(dir, 'bouncesync.yaml'), sendConfig({ crm: (t.connection as { filename: string }).filename, port: remote.port, rate: '{ perSecond: 50, concurrency: 1 }', block: '{ count: 2, seconds: 60 }', html: true }));
  process.env.TEST_SECRET = 'cli-test-secret-0123456789';
});
afterAll(async () => { await remote?.close(); await t?.drop(); rmSync(dir, { recursive: true, force: true }); });

const cli = (...args: string[]) => sendCli(dir, ...args);

describe('bouncesync send', () => {
  test('--dry-run shows what would go out and sends nothing', async () => {
    const { code, out } = await cli('--campaign', 'spring', '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('recipients 3  would send 3  already done 0');
    expect(out).toContain('To: ann@corp.test');
    expect(out).toMatch(/Envelope from: bounces\+a[0-9a-z]+@corp\.test/);
    expect(out).toContain('Subject: Hello Ann & Co');
    expect(remote.rcpts).toEqual([]);
  });

  test('sends, flags the dead address at once, prints a summary; a second run sends nothing', async () => {
    const first = await cli('--campaign', 'spring');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/sent 2 .* refused 1 \(flagged as dead 1\)/);
    expect(await t.db('contacts').where({ id: 2 }).first()).toMatchObject({ email_bounced: 1, bounce_reason: 'userunknown', bounce_status: '5.1.1' });
    expect(remote.messages.map((m) => m.to[0]).sort()).toEqual(['ann@corp.test', 'bob@corp.test']);
    expect(remote.messages[0]!.raw.toString()).toContain('<p>Hello Ann &amp; Co</p>');
    const second = await cli('--campaign', 'spring', '--json');
    expect(JSON.parse(second.out)).toMatchObject({ sent: 0, seen: 2, skipped: 2 });
    // The progress bar's total: rows the campaign's query returns now (the dead one is flagged, so 2 of 3).
    let total = -1;
    await sendFromConfig(loadConfig(join(dir, 'bouncesync.yaml')), { campaign: 'spring', total: (n) => { total = n; } });
    expect(total).toBe(2);
  });

  test('a sender block pauses with exit code 3 and says why', async () => {
    await t.db('contacts').insert([5, 6, 7].map((id) => ({ id, email: `p${id}@corp.test`, name: 'P', list_id: 1, email_bounced: 0 })));
    blocked = true;
    const { code, out } = await cli('--campaign', 'spring');
    expect(code).toBe(3);
    expect(out).toMatch(/PAUSED: 2 recipients were refused with "554 5\.7\.1".*Nobody was flagged/);
    expect(await t.db('contacts').whereIn('id', [5, 6, 7]).sum({ n: 'email_bounced' }).first()).toMatchObject({ n: 0 });
  });

  test('usage mistakes come back as coded errors that say the fix', async () => {
    await expect(cli()).rejects.toMatchObject({ code: 'SEND_USAGE' });
    await expect(cli('--campain', 'spring')).rejects.toMatchObject({ code: 'SEND_USAGE', message: expect.stringContaining('--campaign NAME') });
    expect(await cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: bouncesync send') });
    await expect(cli('--campaign', 'autumn')).rejects.toMatchObject({ code: 'SEND_NO_CAMPAIGN', message: expect.stringContaining('Use one of: spring') });
  });
});
