// What every decoder's recipients are held to (src/decode/recipients.ts): valid addresses only,
// one report per address, at most MAX_RECIPIENTS per message, the cap visible in the result.
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decode/index.js';
import { MAX_RECIPIENTS, settleRecipients, validAddress } from '../../src/decode/recipients.js';

describe('validAddress', () => {
  it.each([
    'kijitora@example.jp',
    'neko..nyaan.@docomo.ne.jp',           // issued by Japanese carriers, delivered and bounced as any other
    '"neko nyaan"@example.jp',
    'jürgen@dest.example',                 // RFC 6531
    'user@[192.0.2.1]',
    'user@[IPv6:2001:db8::1]',
    'o\'brien+tag@mail.example.co.uk',
    `${'a'.repeat(64)}@example.com`,
  ])('takes %s', (a) => expect(validAddress(a)).toBe(true));

  it.each([
    ['a NUL', 'kiji\u0000tora@example.jp'],
    ['a line break', 'kijitora@exam\nple.jp'],
    ['a C1 control', 'kijitora\u0085@example.jp'],
    ['undecodable bytes', 'kiji\ufffdtora@example.jp'],
    ['two @', 'neko@kijitora@example.jp'],
    ['no local part', '@example.jp'],
    ['no domain', 'kijitora@'],
    ['a dotless domain', 'kijitora@server'],
    ['a space', 'kiji tora@example.jp'],
    ['angle brackets', '<kijitora@example.jp>'],
    ['an empty label', 'kijitora@example..jp'],
    ['a label starting with "-"', 'kijitora@-example.jp'],
    ['an all-digit top label', 'kijitora@192.0.2.1'],
    ['a 65-octet local part', `${'a'.repeat(65)}@example.com`],
    ['a 64-octet label', `a@${'b'.repeat(64)}.com`],
    ['over 254 octets', `a@${Array(26).fill('bbbbbbbbb').join('.')}.com`],
    ['an unclosed quote', '"neko@example.jp'],
  ])('refuses %s', (_why, a) => expect(validAddress(a)).toBe(false));
});

describe('settleRecipients', () => {
  it('keeps one report per address (ASCII case aside), the most telling, filled from the others of the same outcome', () => {
    const { failures, found } = settleRecipients([
      { address: 'a@x.example', action: 'failed', status: '5.0.0', diagnostic: 'rejected', decodedBy: 'dsn' },
      { address: 'b@x.example', action: 'failed', decodedBy: 'dsn' },
      { address: 'a@x.example', action: 'failed', status: '5.1.1', decodedBy: 'dsn', remoteMta: 'mx.x.example' },
      { address: 'a@x.example', action: 'delayed', status: '4.4.1', replyCode: '421', decodedBy: 'dsn' },
      { address: 'A@X.Example', action: 'failed', decodedBy: 'other' },
      { address: 'a\u212a@x.example', action: 'failed', decodedBy: 'other' },
      { address: 'not an address', action: 'failed', decodedBy: 'dsn' },
    ]);
    expect(found).toBe(3);
    expect(failures).toEqual([
      { address: 'a@x.example', action: 'failed', status: '5.1.1', diagnostic: 'rejected', remoteMta: 'mx.x.example', decodedBy: 'dsn' },
      { address: 'b@x.example', action: 'failed', decodedBy: 'dsn' },
      { address: 'a\u212a@x.example', action: 'failed', decodedBy: 'other' },
    ]);
  });
});

/** A DSN naming `n` distinct recipients, each twice. */
function bigDsn(n: number): string {
  const blocks = Array.from({ length: n }, (_, i) => `Final-Recipient: rfc822; r${i}@dest.example\nAction: failed\nStatus: 5.1.1\n`);
  return [
    'From: MAILER-DAEMON@relay.dest.example', 'To: news@sender.example', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: text/plain', '', 'Not delivered.', '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.dest.example', '',
    [...blocks, ...blocks].join('\n'), '--B--', '',
  ].join('\n');
}

describe('recipients per message', () => {
  it(`reports at most ${MAX_RECIPIENTS}, and says how many distinct ones the message named`, () => {
    const got = decode(bigDsn(MAX_RECIPIENTS + 200));
    expect(got.recipients).toHaveLength(MAX_RECIPIENTS);
    expect(new Set(got.recipients.map((r) => r.address)).size).toBe(MAX_RECIPIENTS);
    expect(got.recipients[0].address).toBe('r0@dest.example');
    expect(got.recipientsFound).toBe(MAX_RECIPIENTS + 200);
  });

  it('says nothing more when the message is within the cap', () => {
    const got = decode(bigDsn(3));
    expect(got.recipients.map((r) => r.address)).toEqual(['r0@dest.example', 'r1@dest.example', 'r2@dest.example']);
    expect(got.recipientsFound).toBeUndefined();
  });

  it('drops what is not an address', () => {
    const got = decode(bigDsn(2).replace('r0@dest.example', 'r0\u0000@dest.example').replace('r0@dest.example', 'r0\u0000@dest.example'));
    expect(got.recipients.map((r) => r.address)).toEqual(['r1@dest.example']);
  });
});
