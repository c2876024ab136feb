// The IMAP source against a real Dovecot: what is read, what is moved where, and when.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDovecot, type Dovecot } from '../helpers/servers/dovecot.js';
import { Checkpoints } from '../../src/ledger/checkpoints.js';
import { dovecotOrSkip, drain, folder, sourceFor, subject } from '../helpers/imap.js';
import { uidSet } from '../../src/sources/imap.js';
import { notABounce, poison, postfixDsn } from '../helpers/mail.js';

const missing = dovecotOrSkip('test/sources/imap.int.test.ts');

describe.skipIf(!!missing)('IMAP source on Dovecot', () => {
  let dc: Dovecot;
  let db: Database.Database;
  beforeAll(async () => { dc = await startDovecot(); });
  afterAll(async () => { await dc?.destroy(); });
  beforeEach(async () => {
    db = new Database(':memory:');
    for (const box of ['INBOX', 'Processed', 'Unrecognised', 'Quarantine']) await dc.doveadm('expunge', 'mailbox', box, 'all').catch(() => '');
  });
  afterEach(() => db.close());

  it('reads new mail without setting \\Seen and moves each message to the folder its outcome names', async () => {
    await dc.append([postfixDsn({ n: 1 }), postfixDsn({ n: 2 }), notABounce(3), poison('malformed', 4)]);
    const src = sourceFor(dc, db);
    const seen = await drain(src, (m) => {
      const s = subject(m);
      return s.startsWith('question') ? 'unrecognised' : s.startsWith('poison') ? 'quarantined' : 'processed';
    });
    await src.close();
    expect(seen).toHaveLength(4);
    expect(seen.every((m) => m.source === 'test' && /^[0-9a-f]{32}$/.test(m.id))).toBe(true);
    expect(await dc.count('INBOX')).toBe(0);
    const processed = await folder(dc, 'Processed');
    expect(processed.map((m) => m.subject)).toEqual(['Undelivered Mail Returned to Sender', 'Undelivered Mail Returned to Sender']);
    expect(processed.some((m) => m.seen)).toBe(false);
    expect((await folder(dc, 'Unrecognised')).map((m) => m.subject)).toEqual(['question 3']);
    expect((await folder(dc, 'Quarantine')).map((m) => m.subject)).toEqual(['poison malformed 4']);
  });

  it('leaves a message it was not told about in place, unread, and offers it again', async () => {
    await dc.append([postfixDsn({ n: 10 }), notABounce(11)]);
    const src = sourceFor(dc, db);
    await drain(src, (m) => (subject(m).startsWith('question') ? null : 'processed'));
    expect((await folder(dc, 'INBOX'))).toEqual([{ subject: 'question 11', seen: false, deleted: false }]);
    const again = await drain(src, () => 'unrecognised');
    await src.close();
    expect(again.map(subject)).toEqual(['question 11']);
    expect(await dc.count('INBOX')).toBe(0);
  });

  it('resumes from the checkpoint after a stop in the middle of the mailbox', async () => {
    await dc.append([postfixDsn({ n: 20 }), postfixDsn({ n: 21 }), postfixDsn({ n: 22 })]);
    const first = sourceFor(dc, db);
    const stop = new AbortController();
    const handled: string[] = [];
    for await (const m of first.pull(stop.signal)) {
      handled.push(m.raw.toString());
      await first.ack(m.id, 'processed');
      if (handled.length === 2) stop.abort(); // SIGTERM after the second message
    }
    await first.close();
    expect(handled).toHaveLength(2);
    const cp = (await Checkpoints.sqlite(db).get('test', 'INBOX'))!;
    expect(await dc.count('INBOX')).toBe(1);
    const left = Number(/uid: (\d+)/.exec(await dc.doveadm('fetch', 'uid', 'mailbox', 'INBOX', 'all'))?.[1]);
    expect(cp.lastUid).toBe(left - 1);
    const second = sourceFor(dc, db);
    const seen = await drain(second, () => 'processed');
    await second.close();
    expect(seen).toHaveLength(1);
    const all = [...handled, seen[0].raw.toString()].join();
    for (const n of [20, 21, 22]) expect(all).toContain(`user${n}@example.net`);
    expect((await Checkpoints.sqlite(db).get('test', 'INBOX'))!.lastUid).toBe(left);
  });

  it('does not read below the checkpoint', async () => {
    await dc.append([postfixDsn({ n: 23 }), postfixDsn({ n: 24 })]);
    const uidOf = async (n: number) => Number(/uid: (\d+)/.exec(await dc.doveadm('fetch', 'uid', 'mailbox', 'INBOX', 'text', `user${n}@example.net`))![1]);
    const [low, high] = [await uidOf(23), await uidOf(24)].sort((a, b) => a - b);
    const validity = /uidvalidity=(\d+)/.exec(await dc.doveadm('mailbox', 'status', 'uidvalidity', 'INBOX'))![1];
    await Checkpoints.sqlite(db).set('test', 'INBOX', { uidValidity: validity, lastUid: low });
    const highUser = (await uidOf(24)) === high ? 'user24@' : 'user23@';
    const src = sourceFor(dc, db);
    const seen = await drain(src, () => 'processed');
    await src.close();
    expect(seen.map((m) => m.raw.toString().includes(highUser))).toEqual([true]);
    expect(await dc.count('INBOX')).toBe(1);
  });

  it('after a UIDVALIDITY reset rescans the mailbox and hands out the same ids, so a keyed ledger counts nothing twice', async () => {
    db.exec('CREATE TABLE events (id TEXT PRIMARY KEY)');
    const record = db.prepare('INSERT OR IGNORE INTO events (id) VALUES (?)');
    await dc.append([postfixDsn({ n: 30 }), postfixDsn({ n: 31 }), postfixDsn({ n: 32 })]);
    const src = sourceFor(dc, db);
    // Committed to the ledger, but the process "crashed" before the move of #31 and #32.
    const firstIds = (await drain(src, (m) => { record.run(m.id); return m.raw.includes('user30@') ? 'processed' : null; })).map((m) => m.id);
    await src.close();
    const before = (await Checkpoints.sqlite(db).get('test', 'INBOX'))!;
    const validity = await dc.resetUidValidity();
    const src2 = sourceFor(dc, db);
    const secondIds = (await drain(src2, (m) => { record.run(m.id); return 'processed'; })).map((m) => m.id);
    await src2.close();
    expect((await Checkpoints.sqlite(db).get('test', 'INBOX'))!.uidValidity).toBe(String(validity));
    expect(before.uidValidity).not.toBe(String(validity));
    expect(secondIds.sort()).toEqual(firstIds.slice(1).sort());
    expect((db.prepare('SELECT count(*) n FROM events').get() as { n: number }).n).toBe(3);
    expect(await dc.count('INBOX')).toBe(0);
    expect(await dc.count('Processed')).toBe(3);
  });

  it('streams a big mailbox in bounded rounds and cuts a huge message at maxBytes + 1', async () => {
    await dc.append(Array.from({ length: 25 }, (_, i) => postfixDsn({ n: 100 + i })));
    await dc.append(poison('huge'));
    const src = sourceFor(dc, db, { batch: 7, batchBytes: 20_000, maxBytes: 1_000_000 });
    const seen = await drain(src, () => 'processed');
    await src.close();
    expect(seen).toHaveLength(26);
    expect(src.expected()).toBe(26);
    const huge = seen.find((m) => subject(m).startsWith('poison huge'))!;
    expect(huge.raw.length).toBe(1_000_001);
    expect(await dc.count('Processed')).toBe(26);
  });

  it('moves in large MOVE commands: nothing moves before moveBatch acks are queued, the rest once the mailbox is drained', async () => {
    await dc.append(Array.from({ length: 25 }, (_, i) => postfixDsn({ n: 200 + i })));
    const src = sourceFor(dc, db, { batch: 5, moveBatch: 12 });
    let inboxAtRound3 = -1;
    let k = 0;
    for await (const m of src.pull(new AbortController().signal)) {
      if (k++ === 10) inboxAtRound3 = await dc.count('INBOX'); // two rounds (10 messages) acked: fewer than 12
      await src.ack(m.id, 'processed');
    }
    await src.close();
    expect(inboxAtRound3).toBe(25);
    expect(await dc.count('INBOX')).toBe(0);
    expect(await dc.count('Processed')).toBe(25);
    expect((await Checkpoints.sqlite(db).get('test', 'INBOX'))!.lastUid).toBeGreaterThanOrEqual(25);
  });

  it('rejects a wrong password with IMAP_AUTH_FAILED and a fix', async () => {
    const src = sourceFor(dc, db, { password: 'wrong' });
    await expect(drain(src, () => 'processed')).rejects.toMatchObject({ code: 'IMAP_AUTH_FAILED', message: expect.stringContaining('Check sources[].imap.user and password') });
  });
});

describe.skipIf(!!missing)('IMAP source on a Dovecot without MOVE and IDLE, with TLS', () => {
  let dc: Dovecot;
  beforeAll(async () => { dc = await startDovecot({ tls: true, extraConfig: 'imap_capability = IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS ESEARCH NAMESPACE' }); });
  afterAll(async () => { await dc?.destroy(); });

  it('moves with COPY + \\Deleted + UID EXPUNGE of exactly its own messages', async () => {
    const db = new Database(':memory:');
    await dc.append([postfixDsn({ n: 1 }), postfixDsn({ n: 2 })]);
    await dc.append('From: x@example.org\r\nSubject: someone else deleted this\r\n\r\nx\r\n');
    await dc.doveadm('flags', 'add', '\\Deleted', 'mailbox', 'INBOX', 'subject', 'someone');
    const ca = await readFile(join(dc.dir, 'cert.pem'), 'utf8'); // STARTTLS is offered: verified against our CA
    const src = sourceFor(dc, db, { tls: { ca, servername: 'localhost' } });
    expect(await drain(src, () => 'processed')).toHaveLength(2);
    await src.close();
    // The other client's \Deleted message is still there: no plain EXPUNGE was sent.
    expect(await folder(dc, 'INBOX')).toEqual([{ subject: 'someone else deleted this', seen: false, deleted: true }]);
    expect(await dc.count('Processed')).toBe(2);
    const log = await readFile(join(dc.dir, 'dovecot.log'), 'utf8');
    expect(log).not.toMatch(/Error/);
  });

  it('refuses an untrusted certificate with IMAP_TLS_UNTRUSTED, and accepts it given as tls.ca', async () => {
    const db = new Database(':memory:');
    const tls = { secure: true, port: dc.tlsPort };
    await expect(drain(sourceFor(dc, db, tls), () => 'processed')).rejects.toMatchObject({ code: 'IMAP_TLS_UNTRUSTED' });
    const ca = await readFile(join(dc.dir, 'cert.pem'), 'utf8');
    const src = sourceFor(dc, db, { ...tls, tls: { ca, servername: 'localhost' } });
    await dc.append(postfixDsn({ n: 3 }));
    expect(await drain(src, () => 'processed')).toHaveLength(1);
    await src.close();
  });
});

describe('uidSet', () => {
  it('writes runs of UIDs as ranges, so a MOVE of thousands stays a short command', () => {
    expect(uidSet([1, 2, 3, 5, 7, 8, 10])).toBe('1:3,5,7:8,10');
    expect(uidSet([42])).toBe('42');
    expect(uidSet(Array.from({ length: 2000 }, (_, i) => 1001 + i))).toBe('1001:3000');
    expect(uidSet([9, 3, 4])).toBe('9,3:4'); // order kept: unsorted input stays correct, only longer
  });
});
