// Hostile and broken input: every case must come back as a value (never a throw), quickly.
// The per-test timeout is a guard against catastrophic backtracking, not a timing assertion:
// linear code finishes these in milliseconds; a backtracking regex would take minutes.
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decode/index.js';

const bounceHead = 'From: MAILER-DAEMON@mx.example\nTo: news@sender.example\nSubject: Undelivered Mail Returned to Sender\n';
const GUARD = 10_000;

describe('hostile input', () => {
  it('refuses a message over the default 10 MB limit without parsing it', () => {
    const got = decode(Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
    expect(got.kind).toBe('error');
    expect(got.error).toMatch(/over the 10485760-byte limit/);
  });

  it('decodes a message just under a configured limit', () => {
    const raw = Buffer.from(bounceHead + '\n<a@x.example>: 550 5.1.1 user unknown\n');
    expect(decode(raw, { maxBytes: raw.length }).kind).toBe('bounce');
  });

  // Poison messages: past the limits with nothing decodable they are errors (→ quarantine), quickly.
  it('gives up on 5,000 nested multiparts with a clear error', () => {
    let body = 'leaf';
    for (let i = 0; i < 5000; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n${body}\n--n${i}--\n`;
    const got = decode(Buffer.from(bounceHead + body));
    expect(got.kind).toBe('error');
    expect(got.error).toMatch(/nests deeper than 16 levels or has more than 256 parts/);
  }, GUARD);

  it('gives up on 100,000 parts with a clear error', () => {
    const parts = Array.from({ length: 100_000 }, () => '--p\nContent-Type: text/plain\n\nx').join('\n');
    const got = decode(Buffer.from(`${bounceHead}Content-Type: multipart/mixed; boundary="p"\n\n${parts}\n--p--\n`));
    expect(got.kind).toBe('error');
  }, GUARD);

  it('calls a multipart/report it cannot read an error (quarantine), not "not a bounce"', () => {
    const raw = `${bounceHead}MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\nContent-Transfer-Encoding: base64\n\n--\n%%%not base64%%%\n--x--\0\0\0\n`;
    const got = decode(Buffer.from(raw));
    expect(got.kind).toBe('error');
    expect(got.error).toMatch(/^malformed report/);
  }, GUARD);

  it('still decodes a real DSN whose tail goes past the part limit', () => {
    const dsn = 'Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; gone@d.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n';
    const junk = Array.from({ length: 300 }, () => '--r\nContent-Type: text/plain\n\nx').join('\n');
    const raw = `${bounceHead}Content-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n--r\nContent-Type: text/plain\n\nfailed\n--r\n${dsn}\n${junk}\n--r--\n`;
    const got = decode(Buffer.from(raw));
    expect(got.kind).toBe('bounce');
    expect(got.recipients.map((r) => [r.address, r.reason, r.hard])).toEqual([['gone@d.example', 'userunknown', true]]);
  }, GUARD);

  it.each([
    ['a 2 MB line of address-like text', 'a.a@a.a'.repeat(300_000)],
    ['a 2 MB run of "<"', '<'.repeat(2_000_000)],
    ['a 2 MB run of spaces then a letter', ' '.repeat(2_000_000) + 'x'],
    ['2 MB of blank lines', '\n'.repeat(2_000_000)],
    ['a 2 MB header value', 'X'.repeat(2_000_000)],
    ['2 MB of "5.5.5.5.5"', '5.'.repeat(1_000_000)],
    ['2 MB of "=?utf-8?q?"', '=?utf-8?q?'.repeat(200_000)],
    ['a 1 MB run of "-"', '-'.repeat(1_000_000)],
  ])('finishes on %s', (_name, junk) => {
    const raw = Buffer.from(`${bounceHead}X-Junk: ${junk.slice(0, 100_000)}\nContent-Type: text/html\n\n<p>${junk}</p>\n${junk}\n`);
    const got = decode(raw);
    expect(['bounce', 'not-bounce', 'error', 'delay']).toContain(got.kind);
  }, GUARD);

  it('caps the addresses the generic fallback looks at (20,000 "user unknown" lines)', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `u${i}@d.example.com user unknown`).join('\n');
    const got = decode(Buffer.from(`${bounceHead}\n${lines}\n`));
    expect(got.recipients.length).toBeLessThanOrEqual(1000);
  }, GUARD);

  it('finishes on 400,000 header lines that alternate with junk lines', () => {
    const got = decode(Buffer.from('Received: a\n' + 'junk line\nX-H: v\n'.repeat(200_000) + '\nbody'));
    expect(got.kind).toBe('not-bounce');
  }, GUARD);

  it('reads CR-only mail the same as LF mail', () => {
    const lf = `${bounceHead}\n<gone@x.example>:\n550 5.1.1 user unknown\n`;
    const a = decode(Buffer.from(lf));
    const b = decode(Buffer.from(lf.replace(/\n/g, '\r')));
    expect(b.recipients).toEqual(a.recipients);
    expect(a.recipients[0]?.address).toBe('gone@x.example');
  });

  it('turns binary garbage and an empty message into values, not throws', () => {
    const garbage = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256));
    expect(() => decode(garbage)).not.toThrow();
    expect(decode(Buffer.alloc(0)).kind).toBe('not-bounce');
  });

  it('reads a truncated multipart (no closing boundary, cut mid-field)', () => {
    const raw = `${bounceHead}Content-Type: multipart/report; boundary="t"\n\n--t\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; cut@x.example\nAction: failed\nStatus: 5.1`;
    const got = decode(Buffer.from(raw));
    expect(got.recipients[0]?.address).toBe('cut@x.example');
  });
});
