// Decoders of mail servers and gateways (Exim, Postfix, Sendmail, Domino, appliances ...): a table
// over fixtures written for the project in each system's shape (test/fixtures/decode/mta/
// <family>-*.eml). Each fixture is also decoded with CRLF and CR-only line ends, which must give
// the same answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decode/index.js';
import { expectRow } from './expect-row.js';

const dir = join(import.meta.dirname, '../fixtures/decode/mta');

type Want = { address: string; status?: string; replyCode?: string; reason?: string; hard: boolean; action?: string; decodedBy: string };
type Row = { file: string; kind: string; recipients: Want[]; originalMessageId?: string | null };

const table: Row[] = [
  // Exim: the RCPT TO refusal is a dead mailbox; a pipe's failure is the local program's, never hard.
  { file: 'exim-two-recipients.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-51@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'exim' },
    { address: 'full-filter@dest.example', reason: 'mailererror', hard: false, decodedBy: 'exim' },
  ] },
  // Refused at MAIL FROM: about the sender's host, not the address.
  { file: 'exim-sender-refused.eml', kind: 'bounce', recipients: [
    { address: 'reader@dest.example', status: '5.7.1', replyCode: '550', hard: false, decodedBy: 'exim' },
  ] },
  // Exim's own "Unrouteable address": no router took it (no such domain or local user).
  { file: 'exim-unrouteable.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-71@sender.example>', recipients: [
    { address: 'nobody@no-such-domain.example', reason: 'hostunknown', hard: true, decodedBy: 'exim' },
  ] },
  { file: 'exim-blank-separated.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-73@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'exim' },
    { address: 'full@other.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'exim' },
  ] },
  // Exim handing over to a local store by LMTP (Dovecot's quota answer).
  { file: 'exim-lmtp-full.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-76@sender.example>', recipients: [
    { address: 'full@sender.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'exim' },
  ] },
  { file: 'exim-delayed.eml', kind: 'delay', recipients: [
    { address: 'slow@dest.example', status: '4.3.0', replyCode: '451', action: 'delayed', hard: false, decodedBy: 'exim' },
  ] },
  { file: 'dragonfly-userunknown.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-53@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'dragonfly' },
  ] },
  // OpenSMTPD's DSN says only 5.0.0; the codes are in the text.
  { file: 'opensmtpd-two-recipients.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-54@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'opensmtpd' },
    { address: 'full@dest.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'opensmtpd' },
  ] },
  // Postfix without its DSN part: the same words after DATA come from a filter, not a dead mailbox.
  { file: 'postfix-text-only.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-55@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'postfix' },
    { address: 'filtered@dest.example', status: '5.7.1', replyCode: '550', reason: 'spamdetected', hard: false, decodedBy: 'postfix' },
  ] },
  // A localised bounce.cf template (Japanese): Postfix's subject and entries are the same.
  { file: 'postfix-localised-text.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-74@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'postfix' },
  ] },
  // A success report (DSN NOTIFY=SUCCESS) without its DSN part: delivered, not a failure.
  { file: 'postfix-success-report.eml', kind: 'delivered', recipients: [
    { address: 'reader@dest.example', reason: 'delivered', action: 'delivered', hard: false, decodedBy: 'postfix' },
  ] },
  { file: 'postfix-transcript.eml', kind: 'bounce', recipients: [
    { address: 'reader@sender.example', status: '4.3.0', replyCode: '451', hard: false, decodedBy: 'postfix' },
  ] },
  // Sendmail's Status said 5.1.1 for both; the remote's own code says the second was a block.
  { file: 'sendmail-status-from-remote.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-56@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'sendmail' },
    { address: 'listed@other.example', status: '5.7.1', replyCode: '550', reason: 'blocked', hard: false, decodedBy: 'sendmail' },
  ] },
  // "Final-Recipient: RFC822; @no-such-host.example": the address comes from the notice's list.
  { file: 'sendmail-host-only-recipient.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-75@sender.example>', recipients: [
    { address: 'reader@no-such-host.example', status: '5.1.2', replyCode: '550', reason: 'hostunknown', hard: true, decodedBy: 'sendmail' },
  ] },
  // A program the address expanded to failed: listed under "(expanded from: <address>)"; the
  // exit code is not a reply code, Sendmail's own line says "unknown mailer error".
  { file: 'sendmail-program-text-only.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-78@sender.example>', recipients: [
    { address: 'reader@dest.example', status: '5.3.0', replyCode: '554', reason: 'mailererror', hard: false, decodedBy: 'sendmail' },
  ] },
  { file: 'sendmail-text-only.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-57@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'sendmail' },
  ] },
  // Sendmail 5: the reply to MAIL FROM is about the sender; the one to RCPT TO about the mailbox.
  { file: 'v5sendmail-transcript.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-58@sender.example>', recipients: [
    { address: 'reader@other.example', replyCode: '501', hard: false, decodedBy: 'v5sendmail' },
    { address: 'gone@dest.example', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'v5sendmail' },
  ] },
  // Exchange 2003: the IMS number says "Unknown Recipient"; 000B099C's label says nothing sure.
  { file: 'exchange2003-unknown-recipient.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-59@sender.example>', recipients: [
    { address: 'gone@dest.example', reason: 'userunknown', hard: true, decodedBy: 'exchange2003' },
    { address: 'busy@dest.example', reason: 'onhold', hard: false, decodedBy: 'exchange2003' },
  ] },
  { file: 'imailserver-mailbox-full.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-60@sender.example>', recipients: [
    { address: 'full@dest.example', reason: 'mailboxfull', hard: false, decodedBy: 'imailserver' },
  ] },
  { file: 'imailserver-remote-reply.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'imailserver' },
  ] },
  { file: 'domino-not-listed.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', reason: 'userunknown', hard: true, decodedBy: 'domino' },
  ] },
  // Lotus Notes in Japanese (ISO-2022-JP): "not in the directory list".
  { file: 'notes-not-in-directory.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-61@sender.example>', recipients: [
    { address: 'gone@dest.example', reason: 'userunknown', hard: true, decodedBy: 'notes' },
  ] },
  // No SMTP command is known: "no such user" is a filter's word here, not proof of a dead mailbox.
  { file: 'apachejames-no-such-user.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', replyCode: '550', reason: 'filtered', hard: false, decodedBy: 'apachejames' },
  ] },
  // A list manager refusing a non-member: the list is named, nothing is dead.
  { file: 'fml-not-member.eml', kind: 'bounce', recipients: [
    { address: 'readers@lists.dest.example', reason: 'rejected', hard: false, decodedBy: 'fml' },
  ] },
  { file: 'mailmarshal-user-unknown.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'mailmarshal' },
  ] },
  // Its text part's Content-Type lacks the ";" before charset: still read as text/plain.
  { file: 'x1-delivery-errors.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', hard: false, decodedBy: 'x1' },
  ] },
  { file: 'x3-technical-details.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-63@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '553', reason: 'userunknown', hard: true, decodedBy: 'x3' },
  ] },
  // A gateway's notice that names nobody and attaches the bounce it got: the attached DSN is read.
  { file: 'x5-attached-bounce.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'x5' },
  ] },
  { file: 'x6-rejected-recipient.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'x6' },
  ] },
  // PowerMTA's own bounce category names the reason where Status says only 5.0.0.
  { file: 'powermta-bad-mailbox.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-64@sender.example>', recipients: [
    { address: 'gone@dest.example', replyCode: '554', reason: 'userunknown', hard: true, decodedBy: 'powermta' },
    { address: 'full@dest.example', status: '5.2.2', reason: 'mailboxfull', hard: false, decodedBy: 'powermta' },
  ] },
  { file: 'activehunter-no-mailbox.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-65@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'activehunter' },
  ] },
  { file: 'mailfoundry-no-such-user.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-66@sender.example>', recipients: [
    { address: 'gone@dest.example', replyCode: '550', hard: false, decodedBy: 'mailfoundry' },
  ] },
  // m-FILTER in Japanese; its "SMTP command" label says the reply answered RCPT.
  { file: 'mfilter-user-unknown.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-67@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'mfilter' },
  ] },
  // MX Logic's Exim writes the reply on the address's own line.
  { file: 'exim-mxlogic-inline.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-68@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'exim' },
  ] },
  { file: 'qmail-derived-full.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-69@sender.example>', recipients: [
    { address: 'full@dest.example', status: '5.2.2', reason: 'mailboxfull', hard: false, decodedBy: 'qmail' },
  ] },
  // Exchange 2007 without its DSN part: the administrators' section names each recipient and code.
  { file: 'exchange2007-text-only.eml', kind: 'bounce', originalMessageId: '<campaign-7.row-70@sender.example>', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'exchange2007' },
    // Expired; the attempt under QUEUE.Expired says what kept failing (4.4.1, no connection).
    { address: 'slow@dest.example', status: '4.4.1', reason: 'expired', hard: false, decodedBy: 'exchange2007' },
  ] },
  // Oracle Messaging Server's notice without its DSN part.
  { file: 'messagingserver-text-only.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'messagingserver' },
    { address: 'full@dest.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'messagingserver' },
  ] },
  // Courier without its DSN part: the transcript per recipient, or Courier's own words.
  { file: 'courier-text-only.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'courier' },
    { address: 'nobody@no-such-domain.example', reason: 'hostunknown', hard: true, decodedBy: 'courier' },
  ] },
];

const endings: Array<[string, (s: string) => string]> = [
  ['LF', (s) => s],
  ['CRLF', (s) => s.replace(/\n/g, '\r\n')],
  ['CR', (s) => s.replace(/\n/g, '\r')],
];

describe('mail server and gateway decoders', () => {
  for (const [name, convert] of endings) {
    it.each(table)(`$file (${name})`, (row) => {
      const got = decode(convert(readFileSync(join(dir, row.file), 'latin1')));
      expectRow(got, row);
    });
  }
});

// Each family's signature with a hostile body: long runs of what its patterns look for. The
// decoders must answer (here: nothing, or nothing hard) without a pattern running away.
describe('mail server and gateway decoders on hostile input', () => {
  const noise = (unit: string) => unit.repeat(Math.ceil(200_000 / unit.length));
  const heads = [
    'From: Mail Delivery System <Mailer-Daemon@x.example>\nX-Failed-Recipients: a@x.example\nSubject: Mail delivery failed\n\nThis message was created automatically by mail delivery software.\n\n  ',
    'From: Mail Delivery Subsystem <MAILER-DAEMON>\nSubject: Returned mail\n\n   ----- Transcript of session follows -----\n550 <',
    'From: MAILER-DAEMON <>\nSubject: Mail delivery failed\n\nThis is the DragonFly Mail Agent v0.13 at x.\n\nThere was an error delivering your mail to <',
    'From: postmaster@x.example\nSubject: Undeliverable: x\nX-MS-Embedded-Report: \n\ndid not reach the following recipient(s):\n\n',
    'From: mailer-daemon\nSubject: x\n\nWe had trouble delivering your message. Full details follow:\n\nrejected recipient <',
  ];
  const bodies = [noise('a@'), noise('a@b.'), noise('<a@b>... '), noise(' on '), noise('host x [1.2.3.4]: '), noise('.'.repeat(50) + '@')];
  it.each(heads.map((h, i) => [i, h] as const))('signature %i', (_i, head) => {
    for (const body of bodies) {
      const got = decode(`${head}${body}\n`);
      expect(got.recipients.every((r) => !r.hard)).toBe(true);
    }
  });
});
