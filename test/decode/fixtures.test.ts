// Decoder tests as a table over fixtures written for this project (test/fixtures/decode/*.eml).
// A bug report becomes one .eml and one row here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decode/index.js';
import { expectRow } from './expect-row.js';

const dir = join(import.meta.dirname, '../fixtures/decode');

type Row = {
  file: string;
  kind: string;
  recipients: Array<{ address: string; status?: string; replyCode?: string; reason: string; hard: boolean; decodedBy?: string }>;
  originalMessageId?: string | null;
  token?: string | null;
};

const table: Row[] = [
  { file: 'dsn-postfix-userunknown.eml', kind: 'bounce', recipients: [{ address: 'nobody-here@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'dsn' }], originalMessageId: '<campaign-7.row-42@sender.example>', token: 'a1b2c3d4e5f6g7h8i9' },
  { file: 'dsn-postfix-userunknown-crlf.eml', kind: 'bounce', recipients: [{ address: 'nobody-here@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true }], originalMessageId: '<campaign-7.row-42@sender.example>' },
  { file: 'dsn-postfix-userunknown-cr.eml', kind: 'bounce', recipients: [{ address: 'nobody-here@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true }], originalMessageId: '<campaign-7.row-42@sender.example>' },
  { file: 'qmail-two-recipients.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', reason: 'userunknown', hard: true, decodedBy: 'qmail' },
    { address: 'full@dest.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'qmail' },
  ], originalMessageId: '<campaign-7.row-43@sender.example>' },
  { file: 'arf-abuse.eml', kind: 'feedback', recipients: [{ address: 'reader@isp.example', reason: 'feedback', hard: false }], originalMessageId: '<campaign-7.row-44@sender.example>' },
  { file: 'arf-hotmail-jmrp.eml', kind: 'feedback', recipients: [{ address: 'reader@isp.example', reason: 'feedback', hard: false }], originalMessageId: '<campaign-7.row-47@sender.example>' },
  // A bounce that says Auto-Submitted: auto-replied, from a bare "mailer-daemon", its charset folded without ";".
  // This notice's shape is the "X6" system's, which has its own family decoder (src/decode/mta/x6.ts) now.
  { file: 'generic-autosubmitted-bounce.eml', kind: 'bounce', recipients: [{ address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'x6' }] },
  // The reason stated once, then the recipients listed alone on their lines.
  { file: 'generic-listed-recipients.eml', kind: 'bounce', recipients: [
    { address: 'left-company@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true },
    { address: 'also-gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true },
  ] },
  // The original returned as a part without a Content-Type (its own headers are the part's),
  // with Received: continuation lines that lost their indentation.
  { file: 'original-untyped-part.eml', kind: 'bounce', recipients: [{ address: 'moved-on@dest.example', hard: false, reason: 'filtered' }], originalMessageId: '<campaign-7.row-49@sender.example>', token: 'a9z8y7x6w5v4u3t2s1r0' },
  { file: 'autoreply-rfc3834.eml', kind: 'autoreply', recipients: [{ address: 'reader@dest.example', reason: 'vacation', hard: false }] },
  { file: 'autoreply-subject-german.eml', kind: 'autoreply', recipients: [{ address: 'leser@dest.example', reason: 'vacation', hard: false }] },
  { file: 'not-bounce-plain.eml', kind: 'not-bounce', recipients: [] },
  // Newsletters come from bounces@ addresses and talk about rejected codes: not a bounce.
  { file: 'not-bounce-newsletter.eml', kind: 'not-bounce', recipients: [] },
  // A read receipt (MDN) is a report, but not a delivery report.
  { file: 'not-bounce-read-receipt.eml', kind: 'not-bounce', recipients: [] },
  { file: 'autoreply-html-only.eml', kind: 'autoreply', recipients: [{ address: 'ana@dest.example', reason: 'vacation', hard: false }] },
  { file: 'qmail-no-mail-host.eml', kind: 'bounce', recipients: [
    { address: 'someone@no-mail-here.example', status: '5.4.4', reason: 'notaccept', hard: true, decodedBy: 'qmail' },
    { address: 'later@slow.example', status: '4.4.1', reason: 'networkerror', hard: false, decodedBy: 'qmail' },
  ], originalMessageId: '<campaign-7.row-46@sender.example>' },
  { file: 'autoreply-iso2022jp.eml', kind: 'autoreply', recipients: [{ address: 'yamada@dest.example', reason: 'vacation', hard: false }] },
  { file: 'dsn-delayed.eml', kind: 'delay', recipients: [{ address: 'slow@dest.example', status: '4.4.1', reason: 'expired', hard: false }] },
  { file: 'dsn-delivered.eml', kind: 'delivered', recipients: [{ address: 'happy@dest.example', reason: 'delivered', hard: false }] },
  { file: 'dsn-global-utf8.eml', kind: 'bounce', recipients: [{ address: 'jürgen@dest.example', status: '5.1.1', reason: 'userunknown', hard: true }] },
  { file: 'dsn-no-blank-lines.eml', kind: 'bounce', recipients: [
    { address: 'first@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true },
    { address: 'second@dest.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false },
  ] },
  { file: 'dsn-base64-latin1.eml', kind: 'bounce', recipients: [{ address: 'plein@dest.example', status: '5.2.2', replyCode: '552', reason: 'mailboxfull', hard: false }] },
  { file: 'dsn-blocked-5.7.1.eml', kind: 'bounce', recipients: [{ address: 'customer@dest.example', status: '5.7.1', replyCode: '554', reason: 'blocked', hard: false }] },
  { file: 'dsn-sender-rejected.eml', kind: 'bounce', recipients: [{ address: 'someone@dest.example', status: '5.1.8', reason: 'rejected', hard: false }] },
  { file: 'dsn-dns-tempfail.eml', kind: 'bounce', recipients: [{ address: 'reader@flaky.example', reason: 'networkerror', hard: false }] },
  { file: 'generic-unknown-system.eml', kind: 'bounce', recipients: [{ address: 'nobody@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'generic' }], originalMessageId: '<campaign-7.row-45@sender.example>' },
  { file: 'mime-missing-final-boundary.eml', kind: 'bounce', recipients: [{ address: 'cut@dest.example', status: '5.1.1', reason: 'userunknown', hard: true }] },
  { file: 'forwarded-quoted-dsn.eml', kind: 'bounce', recipients: [{ address: 'left@dest.example', status: '5.1.1', reason: 'userunknown', hard: true }] },
  { file: 'qmail-verp-crlf.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', reason: 'userunknown', hard: true },
    { address: 'full@dest.example', status: '5.2.2', reason: 'mailboxfull', hard: false },
  ], token: 'a7k2m9q3r8t1v5w6x4y2z0' },
  // Exim relaying Orange's refusal: Orange's own code (OFR_426, the account is blocked) names the
  // reason whichever decoder read the notice; not the "blocked" its words would suggest.
  { file: 'exim-relays-orange-code.eml', kind: 'bounce', recipients: [{ address: 'paused-account@orange.example', status: '5.1.1', replyCode: '550', reason: 'suspend', hard: false, decodedBy: 'exim' }], originalMessageId: '<campaign-12.row-3@sender.example>' },
  // A folded multi-line reply ("... Sender not 550 5.7.133 authenticated for group") is read as one
  // sentence, so Microsoft's own words name the reason instead of the bare x.7 status class.
  { file: 'dsn-folded-reply-microsoft.eml', kind: 'bounce', recipients: [{ address: 'all-staff@corp.example', status: '5.7.133', replyCode: '550', reason: 'filtered', hard: false, decodedBy: 'microsoft' }], originalMessageId: '<campaign-12.row-4@sender.example>' },
  // Hotmail's "the domain is not reachable. Please check the domain and try again" relayed in a
  // gateway's DSN: the "try again" is advice, not a temporary DNS failure: the domain is dead.
  { file: 'dsn-domain-not-reachable-try-again.eml', kind: 'bounce', recipients: [{ address: 'reader@no-longer-here.example', status: '5.5.0', replyCode: '554', reason: 'hostunknown', hard: true, decodedBy: 'dsn' }], originalMessageId: '<campaign-12.row-5@sender.example>' },
  // The GMX / 1&1 platform's wording passed on in another system's DSN: "for RCPT TO command" is
  // the recipient refused at RCPT (a dead mailbox); "for TEXT command" is after DATA (a filter).
  { file: 'dsn-nemesis-for-command.eml', kind: 'bounce', recipients: [
    { address: 'left-long-ago@dest.example', status: '5.0.0', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'dsn' },
    { address: 'strict-filter@dest.example', status: '5.0.0', replyCode: '550', reason: 'filtered', hard: false, decodedBy: 'dsn' },
  ], originalMessageId: '<campaign-12.row-6@sender.example>' },
  // An SES notification (bare JSON): SES's own "mail.messageId" is not ours; the original's
  // Message-ID is in "commonHeaders", our token among "mail.headers" (any case): matched by token.
  { file: 'ses-sns-original-headers.eml', kind: 'bounce', recipients: [{ address: 'quiet@dest.example', status: '5.7.1', replyCode: '554', reason: 'spamdetected', hard: false, decodedBy: 'amazonses' }], originalMessageId: '<campaign-12.row-7@sender.example>', token: 'z9y8x7w6v5' },
  // Exim with PIPELINING: "after pipelined MAIL FROM:<...>" is a refusal of our sender (its
  // "unknown user" is the sender's, never the recipient's: not hard); "after pipelined end of data" is DATA.
  { file: 'exim-pipelined-commands.eml', kind: 'bounce', recipients: [
    { address: 'someone@dest.example', status: '5.1.1', replyCode: '550', reason: 'rejected', hard: false, decodedBy: 'exim' },
    { address: 'reader@other.example', status: '5.7.1', replyCode: '550', reason: 'spamdetected', hard: false, decodedBy: 'exim' },
  ], originalMessageId: '<campaign-12.row-8@sender.example>' },
  // A DSN that reports one recipient in several blocks (any case) gives one report: the final
  // failure with the most telling evidence; a recipient only delayed stays one delayed report.
  { file: 'dsn-repeated-recipient.eml', kind: 'bounce', recipients: [
    { address: 'gone@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'dsn' },
    { address: 'slow@dest.example', status: '4.4.1', replyCode: '421', reason: 'expired', hard: false, decodedBy: 'dsn' },
  ], originalMessageId: '<campaign-12.row-9@sender.example>' },
  // Delivered on by an alias: the address as sent (Original-Recipient) is reported, not the host
  // it was forwarded to; an Original-Recipient that is not an address gives way to Final-Recipient.
  { file: 'dsn-original-recipient-forwarded.eml', kind: 'bounce', recipients: [
    { address: 'reader@dest.example', status: '5.2.2', reason: 'mailboxfull', hard: false, decodedBy: 'dsn' },
    { address: 'second@dest.example', status: '5.1.1', reason: 'userunknown', hard: true, decodedBy: 'dsn' },
  ], originalMessageId: '<campaign-12.row-10@sender.example>' },
  // A gateway passed the DSN on as an attached message: its report and its original count.
  { file: 'dsn-wrapped-by-gateway.eml', kind: 'bounce', recipients: [
    { address: 'left-last-year@dest.example', status: '5.1.1', reason: 'userunknown', hard: true },
  ], originalMessageId: '<campaign-12.row-11@sender.example>' },
  // A reply code in quotes ('said: "552 ..."') is the remote server's answer.
  { file: 'generic-quoted-reply-code.eml', kind: 'bounce', recipients: [
    { address: 'reader@dest.example', replyCode: '552', reason: 'mailboxfull', hard: false, decodedBy: 'generic' },
  ] },
  // The quota message of Postfix's widely used VDA patch (its virtual_maildir_limit_message):
  // the words of a full mailbox over the "5.2.3" Postfix puts in the Status field.
  { file: 'dsn-maildir-quota-message.eml', kind: 'bounce', recipients: [
    { address: 'hoarder@dest.example', status: '5.2.3', reason: 'mailboxfull', hard: false },
  ], originalMessageId: '<campaign-12.row-13@sender.example>' },
  // The words read as if the address inside them were not there: "User <x> does not exist".
  { file: 'dsn-address-inside-words.eml', kind: 'bounce', recipients: [
    { address: 'left@dest.example', status: '5.0.0', replyCode: '550', reason: 'userunknown', hard: true },
  ], originalMessageId: '<campaign-12.row-14@sender.example>' },
  // A warning that delivery goes on is a delay, not a failure, when no 5xx code says otherwise.
  { file: 'generic-delay-warning.eml', kind: 'delay', recipients: [
    { address: 'slow@dest.example', reason: 'expired', hard: false, decodedBy: 'generic' },
  ] },
  // A notice that calls the address the recipient ("Intended recipient: x") names it, whatever
  // words follow; not when the notice reports a delivery.
  { file: 'generic-labelled-recipient.eml', kind: 'bounce', recipients: [
    { address: 'reader@dest.example', reason: 'onhold', hard: false, decodedBy: 'generic' },
  ], originalMessageId: '<campaign-12.row-15@sender.example>' },
  { file: 'generic-labelled-recipient-delivered.eml', kind: 'not-bounce', recipients: [] },
  // MDaemon's notices come from MDaemon@<domain>: a bounce sender like mailer-daemon.
  { file: 'generic-mdaemon-sender.eml', kind: 'bounce', recipients: [
    { address: 'left@dest.example', reason: 'filtered', hard: false, decodedBy: 'generic' },
  ], originalMessageId: '<campaign-12.row-12@sender.example>' },
  // The sender the notice names ("not accepting mail from x") is never a recipient, and the
  // recipient refusing one sender says nothing about its domain (not "notaccept", not hard).
  { file: 'generic-sender-named.eml', kind: 'bounce', recipients: [
    { address: 'reader@dest.example', reason: 'onhold', hard: false, decodedBy: 'generic' },
  ] },
];

describe('decode fixtures', () => {
  it.each(table)('$file', (row) => {
    const got = decode(readFileSync(join(dir, row.file)));
    expectRow(got, row);
  });
});

describe('decode limits', () => {
  it('refuses a message over the size limit, unparsed', () => {
    const got = decode(Buffer.alloc(2048, 'a'), { maxBytes: 1024 });
    expect(got.kind).toBe('error');
    expect(got.error).toMatch(/over the 1024-byte limit/);
  });
});
