// The Dovecot harness itself: other suites (IMAP source, sender end-to-end) build on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { startDovecot, type Dovecot } from './dovecot.js';
import { dovecotOrSkip } from '../imap.js';

const missing = dovecotOrSkip('test/helpers/servers/dovecot.int.test.ts');

const mail = (n: number) => `From: a@example.test\r\nTo: b@example.test\r\nSubject: harness ${n}\r\nMessage-ID: <h${n}@example.test>\r\n\r\nbody ${n}\r\n.leading dot\r\n`;

describe.skipIf(!!missing)('Dovecot test harness', () => {
  let dc: Dovecot;
  beforeAll(async () => { dc = await startDovecot(); });
  afterAll(async () => { await dc?.destroy(); });

  const login = () => new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: dc.user, pass: dc.password }, logger: false });

  it('serves appended and LMTP-delivered mail over IMAP, unread', async () => {
    await dc.append([mail(1), mail(2)]);
    await dc.deliver(dc.address, mail(3));
    expect(await dc.count()).toBe(3);
    const client = login();
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      const subjects: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true, flags: true, source: true })) {
        subjects.push(m.envelope!.subject!);
        expect(m.flags!.has('\\Seen')).toBe(false);
        if (m.envelope!.subject === 'harness 3') expect(m.source!.toString()).toContain('\r\n.leading dot\r\n');
      }
      expect(subjects.sort()).toEqual(['harness 1', 'harness 2', 'harness 3']);
    } finally {
      lock.release();
      await client.logout();
    }
  });

  it('refuses a wrong password, without the delay a production server adds', async () => {
    const client = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: dc.user, pass: 'wrong' }, logger: false });
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
    // Suites that try wrong passwords do not wait out a delay: read from the running config, not timed.
    const { stdout } = await promisify(execFile)('doveconf', ['-c', dc.config, '-h', 'auth_failure_delay']);
    expect(stdout.trim()).toBe('0');
  });

  it('stops and starts on the same port with the mail kept, and resets UIDVALIDITY', async () => {
    const before = await dc.doveadm('mailbox', 'status', 'uidvalidity', 'INBOX');
    await dc.stop();
    await expect(login().connect()).rejects.toBeTruthy();
    await dc.start();
    expect(await dc.count()).toBe(3);
    const next = await dc.resetUidValidity();
    const after = await dc.doveadm('mailbox', 'status', 'uidvalidity', 'INBOX');
    expect(after).toContain(`uidvalidity=${next}`);
    expect(after).not.toBe(before);
  });
});
