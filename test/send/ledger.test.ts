import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { normaliseMessageId, openSendLedger, type SendLedger } from '../../src/send/ledger.js';

let dir: string;
let ledger: SendLedger;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bs-sendledger-')); ledger = openSendLedger(join(dir, 'ledger.db')); });
afterEach(() => { vi.useRealTimers(); ledger.close(); rmSync(dir, { recursive: true, force: true }); });

describe('send ledger', () => {
  test('one row per campaign + row key; the id is stable and becomes the sendId', () => {
    const a = ledger.upsert('spring', '17', 'ann@corp.test');
    expect(a).toMatchObject({ campaign: 'spring', rowKey: '17', state: 'queued', attempts: 0 });
    expect(ledger.upsert('spring', '17', 'ann@corp.test').id).toBe(a.id);
    expect(ledger.upsert('autumn', '17', 'ann@corp.test').id).not.toBe(a.id);
  });

  test('a corrected address is followed only while the row was never tried', () => {
    const a = ledger.upsert('spring', '1', 'ann@old.test');
    expect(ledger.upsert('spring', '1', 'ann@new.test').address).toBe('ann@new.test');
    ledger.sending(a.id, '<m1@news.test>');
    ledger.sent(a.id, '250 ok');
    expect(ledger.upsert('spring', '1', 'ann@other.test').address).toBe('ann@new.test');
  });

  test('found by sendId and by Message-ID (with or without brackets, domain in any case)', async () => {
    const a = ledger.upsert('spring', '1', 'ann@corp.test');
    ledger.sending(a.id, '<Tok.1@News.Test>');
    expect((await ledger.bySendId(a.id))?.rowKey).toBe('1');
    expect((await ledger.byMessageId('Tok.1@news.test'))?.id).toBe(a.id);
    expect(await ledger.byMessageId('<other@news.test>')).toBeNull();
    expect(await ledger.bySendId(999)).toBeNull();
    expect(normaliseMessageId(' <a.B@X.Org> ')).toBe('a.B@x.org');
  });

  test('row keys keep their type (17 is not "17"); a row never handed to the server is not ours to match', async () => {
    const n = ledger.upsert('spring', 17, 'ann@corp.test');
    const t = ledger.upsert('spring', '17', 'bob@corp.test');
    expect(n.id).not.toBe(t.id);
    expect(await ledger.bySendId(n.id)).toBeNull();
    ledger.sending(n.id, '<m17@news.test>');
    expect(await ledger.bySendId(n.id)).toEqual({ id: n.id, campaign: 'spring', rowKey: 17, address: 'ann@corp.test', messageId: 'm17@news.test' });
    // The batch lookup matching uses answers as the single one: unsent and unknown ids left out.
    const many = await ledger.bySendIds?.([n.id, t.id, 999]);
    expect(many && [...many]).toEqual([[n.id, await ledger.bySendId(n.id)]]);
  });

  test('a row left "sending" by a crashed run becomes unknown, never queued again', () => {
    const a = ledger.upsert('spring', '1', 'ann@corp.test');
    ledger.sending(a.id, '<m@n.test>');
    expect(ledger.settleInterrupted('spring')).toBe(1);
    expect(ledger.get(a.id)?.state).toBe('unknown');
    expect(ledger.counts('spring')).toMatchObject({ unknown: 1, queued: 0 });
  });

  test('unknown rows: listed with when they were handed over; a resend stopped before the server saw it leaves them unknown', () => {
    // The ledger's clock, set: each step a second after the one before.
    const t0 = Date.UTC(2026, 11, 1, 10, 0, 0);
    vi.useFakeTimers({ toFake: ['Date'], now: t0 });
    const a = ledger.upsert('spring', '1', 'ann@corp.test');
    const b = ledger.upsert('spring', '2', 'bob@corp.test');
    vi.setSystemTime(t0 + 1000);
    ledger.sending(a.id, '<m1@n.test>');
    vi.setSystemTime(t0 + 2000);
    ledger.sending(b.id, '<m2@n.test>');
    vi.setSystemTime(t0 + 3000);
    expect(ledger.settleInterrupted('spring')).toBe(2);
    // Settling keeps the time of the claim: when the message may have left.
    const u = ledger.unknown('spring', 1);
    expect(u).toMatchObject({ count: 2, oldest: t0 + 1000, newest: t0 + 2000 });
    expect(u.first.map((r) => r.address)).toEqual(['ann@corp.test']);
    // Claimed again for a resend, then put back: unknown, not queued (a plain send must not take it).
    ledger.sending(a.id, '<m3@n.test>');
    ledger.requeue(a.id, 'unknown');
    expect(ledger.get(a.id)).toMatchObject({ state: 'unknown', attempts: 1 });
    ledger.sending(b.id, '<m4@n.test>');
    ledger.requeue(b.id);
    expect(ledger.get(b.id)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(ledger.unknown('spring').count).toBe(1);
  });

  test('refusals stay unrecorded until the pipeline took them', () => {
    const a = ledger.upsert('spring', '1', 'gone@corp.test');
    const b = ledger.upsert('spring', '2', 'full@corp.test');
    ledger.rejected(a.id, '550 5.1.1 unknown', 'userunknown', true);
    ledger.rejected(b.id, '552 5.2.2 full', 'mailboxfull', false);
    expect(ledger.unrecorded('spring').map((r) => r.id)).toEqual([a.id, b.id]);
    ledger.recorded(a.id);
    expect(ledger.unrecorded('spring').map((r) => r.id)).toEqual([b.id]);
    expect(ledger.get(a.id)).toMatchObject({ hard: true, recorded: true });
  });

  test('one sender per campaign: a live holder blocks, a dead one does not', () => {
    const release = ledger.lock('spring');
    release();
    const db = new Database(join(dir, 'ledger.db'));
    try {
      // pid 1 is alive on every Linux machine: another sender holds the campaign.
      db.prepare('INSERT OR REPLACE INTO send_locks (campaign, pid, since) VALUES (?, 1, 0)').run('spring');
      expect(() => ledger.lock('spring')).toThrow(/being sent by another process/);
      // A holder that has exited left its row behind (killed): the campaign is free again.
      const dead = spawnSync('true').pid!;
      db.prepare('INSERT OR REPLACE INTO send_locks (campaign, pid, since) VALUES (?, ?, 0)').run('spring', dead);
      expect(() => ledger.lock('spring')()).not.toThrow();
    } finally { db.close(); }
  });
});
