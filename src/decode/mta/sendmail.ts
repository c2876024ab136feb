// Sendmail (8.x): a text notice with a transcript, usually followed by an RFC 3464 DSN.
//
//      ----- The following addresses had permanent fatal errors -----
//   <kijitora@example.jp>
//       (reason: 550 5.1.1 <kijitora@example.jp>... User unknown)
//
//      ----- Transcript of session follows -----
//   ... while talking to mx.example.jp.:
//   >>> RCPT To:<kijitora@example.jp>
//   <<< 550 5.1.1 <kijitora@example.jp>... User unknown
//   550 5.1.1 <kijitora@example.jp>... User unknown
//
// Where the DSN misleads: Sendmail fills Status from its own mapping ("5.1.1" for a remote
// "550 5.7.1 IP address blacklisted", "4.4.7" for the last "450 4.7.1"), so the remote code in
// Diagnostic-Code wins; a Final-Recipient without a local part ("@mx.example.org") is replaced by
// the address the text names; the SMTP command comes from the ">>> " line of the transcript.
// Without a DSN part, the text alone is read. (Sendmail 5's format is ./v5sendmail.ts.)
import { asciiLower, normalAddress } from '../../core/address.js';
import type { Action, Failure } from '../../core/types.js';
import { findReplyCode, findStatus, isVague, pickStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { commandFor, OWN_LINE, readNotice, summary, type Notice } from './sendmail-notice.js';

export const sendmail: Decoder = {
  name: 'sendmail',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster/i.test(mail.header('from') ?? '')) return [];
    const text = mail.text;
    // includes(), not /-{3,} The following.../: that regex backtracks over every dash of a long
    // run of them (a line of 800,000 took 40 s); "three dashes, a space" is the same test.
    if (!text.includes('The original message was received at') && !text.includes('--- The following addresses had')) return [];
    const notice = readNotice(text);
    if (mail.dsn && mail.dsn.recipients.length > 0) return fromDsn(mail, notice);
    return notice.listed.filter((l) => l.address).map((l) => {
      // A program's "(reason: 255)" is its exit code; Sendmail's own last line says what it made of it.
      return toFailure(l.address, (l.program && summary(notice)) || l.reason, notice.delayed ? 'delayed' : 'failed', notice);
    });
  },
};

function fromDsn(mail: Mail, notice: Notice): Failure[] {
  const recipients = mail.dsn!.recipients;
  const out: Failure[] = [];
  recipients.forEach((r, i) => {
    let [f] = dsnFailures({ fields: {}, recipients: [r] }, 'sendmail');
    if (!f) {
      // "Final-Recipient: RFC822; @mx.example.org": the text names the address.
      const listed = notice.listed[i];
      if (!listed || !isAddress(listed.address)) return;
      f = toFailure(listed.address, listed.reason, r.action === 'delayed' ? 'delayed' : 'failed', notice, r.status);
    }
    out.push(enrich(f, notice, notice.listed[i]?.reason));
  });
  return out;
}

function enrich(f: Failure, notice: Notice, listedReason: string | undefined): Failure {
  const out = { ...f };
  // No Diagnostic-Code: the notice's "(reason: ...)" or the transcript's line about the address.
  if (!out.diagnostic) {
    const own = notice.transcript.find((l) => OWN_LINE.test(l) && asciiLower(l).includes(f.address));
    const said = (listedReason || own || '').replace(/\s+/g, ' ').trim();
    if (said) {
      out.diagnostic = said.slice(0, 1000);
      const replyCode = findReplyCode(said);
      if (replyCode && !out.replyCode) out.replyCode = replyCode;
    }
  }
  // A local program's exit code ("Diagnostic-Code: X-Unix; 255") says little; Sendmail's own
  // summary line in the transcript says what it made of it ("554 5.3.0 unknown mailer error 255").
  const own = summary(notice);
  if (f.diagnosticType && f.diagnosticType !== 'smtp' && own) out.diagnostic = `${f.diagnostic ?? ''} ${own}`.trim().slice(0, 1000);
  // The remote server's code beats Sendmail's own mapping in Status.
  const remote = findStatus(f.diagnostic);
  if (remote && remote !== f.status && remote[0] === (f.replyCode ?? remote)[0]) out.status = remote;
  // A vague Status and no code from the remote: Sendmail's own summary line may name one
  // ("554 5.3.0 unknown mailer error 255").
  if (isVague(out.status)) {
    const own = notice.transcript.map((l) => OWN_LINE.exec(l)).filter((m) => m && !isVague(m[2])).pop();
    if (own && own[2][0] === (out.status ?? own[2])[0]) out.status = own[2];
  }
  const command = commandFor(f.address, notice.transcript);
  if (command && !out.command) out.command = command;
  return out;
}

function toFailure(address: string, reason: string, action: Action, notice: Notice, dsnStatus?: string): Failure {
  // The transcript's own line about this address carries the code ("550 5.1.1 <a@b>... User unknown").
  const own = notice.transcript.find((l) => OWN_LINE.test(l) && asciiLower(l).includes(address));
  const diagnostic = (reason || own || '').replace(/\s+/g, ' ').trim().slice(0, 1000);
  const status = pickStatus(dsnStatus, diagnostic) ?? findStatus(own);
  const replyCode = findReplyCode(diagnostic) ?? findReplyCode(own);
  const command = commandFor(address, notice.transcript);
  return {
    address, action, decodedBy: 'sendmail', ...(diagnostic ? { diagnostic } : {}),
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(command ? { command } : {}),
  };
}
