// Receivers' own reply codes and words (src/decode/rhost/): read only in that receiver's replies,
// known by its codes, its links or its host name; a code a table does not list is left to the rules.
import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/core/types.js';
import { REPLY_TABLES } from '../../src/decode/rhost/index.js';
import { entryLines } from '../../src/decode/entry.js';
import { decode } from '../../src/decode/index.js';

const f = (diagnostic: string, remoteMta?: string): Failure => ({ address: 'a@x.example', action: 'failed', decodedBy: 'dsn', diagnostic, ...(remoteMta ? { remoteMta } : {}) });
const table = (name: string) => REPLY_TABLES.find((t) => t.name === name)!;

describe('receivers\' reply tables', () => {
  it.each<[string, string, string | undefined, string | undefined]>([
    ['aol', '554 RTR:BB', undefined, 'blocked'],
    ['aol', '521 5.2.1 :(CON:B1) http://postmaster.info.aol.com/errors/554conb1.html', undefined, 'toomanyconn'],
    ['aol', '550 5.2.1 Mailbox disabled, contact: postmaster', undefined, undefined],
    ['netease', '451 DT:SPM ,please try again', undefined, 'spamdetected'],
    ['netease', '421 HL:REP', undefined, 'blocked'],
    ['netease', '550 to:<a@x.example> abc:def', undefined, undefined],
    ['sophos', "XGEMAIL_0011 Message rejected because the recipient's email address doesn't exist in the Sophos Email protected domain.", undefined, 'userunknown'],
    ['sophos', 'XGEMAIL_0099 Something new', undefined, undefined],
    ['trendmicro', '554 5.7.1 <a@x.example>: Recipient address rejected: BLOCK-SEND-ER.', undefined, 'rejected'],
    ['trendmicro', '554 5.7.1 <a@x.example>: Recipient address rejected: Access denied', undefined, undefined],
    ['tonline', '554 IP=192.0.2.25 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)', undefined, 'blocked'],
    // Yandex's words mean what its help page says only in Yandex's replies.
    ['yandex', '550 5.7.1 Policy rejection on the target address', 'mx.yandex.ru', 'suspend'],
    ['yandex', '550 5.7.1 Policy rejection on the target address', 'mx.example.com', undefined],
    ['yahoo', '421 4.7.0 [TS01] Messages from 192.0.2.25 temporarily deferred due to user complaints -', undefined, 'badreputation'],
    ['microsoft', '550 5.4.1 Recipient address rejected: Access denied', undefined, 'userunknown'],
    ['microsoft', '550 5.7.136 Sender was not authenticated', undefined, 'filtered'],
    // A code Orange lists with no reason of its own leaves the reason to the rules; an unknown one is "undefined".
    ['orange', '550 5.2.0 Mail rejete. Mail rejected. ofr_513 [513]', undefined, undefined],
    ['orange', '421 4.2.1 Service refuse. LPN006_107', undefined, 'undefined'],
  ])('%s: %s (%s) → %s', (name, diagnostic, host, reason) => {
    expect(table(name).reasonOf(f(diagnostic, host))).toBe(reason);
  });
});

describe('a notice entry folded over lines', () => {
  it('keeps an indented line that starts with the address the remote named', () => {
    const lines = ['<nobody@example.com>: host mx.example.com[192.0.2.25] said: 550', ' <neko@example.net>: User unknown (in reply to RCPT TO command)', ''];
    expect(entryLines(lines, 0, 'nobody@example.com', () => true)).toEqual(lines.slice(0, 2));
  });
  it('still ends at the next entry at the margin', () => {
    const lines = ['<a@example.com>: host mx said: 550 User unknown', '<b@example.com>: host mx said: 550 User unknown'];
    expect(entryLines(lines, 0, 'a@example.com', () => true)).toEqual(lines.slice(0, 1));
  });
  it('so the command is found for a DSN whose diagnostic does not name it', () => {
    const raw = [
      'From: MAILER-DAEMON@relay.example.net', 'To: sender@example.org', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '', '--b', 'Content-Type: text/plain', '',
      '<nobody@example.com>: host mx.example.com[192.0.2.25] said: 550', ' <neko@example.net>: User unknown (in reply to RCPT TO command)', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example.net', '',
      'Final-Recipient: rfc822; nobody@example.com', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 550 <neko@example.net>: User unknown', '', '--b--', '',
    ].join('\r\n');
    const [r] = decode(raw).recipients;
    expect([r.reason, r.hard, r.command]).toEqual(['userunknown', true, 'RCPT']);
  });
});

describe('one DSN, replies of several receivers', () => {
  it('reads each recipient\'s reply with its own receiver\'s table', () => {
    const entry = (to: string, diag: string) => [`Final-Recipient: rfc822; ${to}`, 'Action: failed', 'Status: 5.0.0', `Diagnostic-Code: smtp; ${diag}`, ''];
    const raw = [
      'From: MAILER-DAEMON@relay.example.net', 'To: sender@example.org', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Two recipients failed.', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example.net', '',
      ...entry('full@orange.example', '552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]'),
      ...entry('gone@tenant.example', '550 5.4.1 Recipient address rejected: Access denied'),
      '--b--', '',
    ].join('\r\n');
    const got = decode(raw).recipients.map((r) => [r.address, r.reason, r.hard, r.decodedBy]);
    expect(got).toEqual([['full@orange.example', 'mailboxfull', false, 'franceptt'], ['gone@tenant.example', 'userunknown', true, 'microsoft']]);
  });
});
