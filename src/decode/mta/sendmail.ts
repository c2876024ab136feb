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

const LIST = /^\s*-{3,} the following addresses had (permanent fatal|transient non-fatal) errors -{3,}/i;
const TRANSCRIPT = /^\s*-{3,} transcript of session follows -{3,}/i;
const STOP = /^\s*-{3,} |^--|^content-type:/i;
const LISTED = /^\s*<?([^\s<>()"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
const REASON = /^\s*\(reason: (.{1,1000})\)\s*$/i;
const PROGRAM = /^\s*"?[|/]/;
const EXPANDED = /^\s*\(expanded from:? <?([^\s<>()"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\)\s*$/i;
const OWN_LINE = /^([245]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3}) (.{0,1000})$/;

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

interface Notice {
  listed: Array<{ address: string; reason: string; program?: boolean }>;
  delayed: boolean;
  transcript: string[];
}

function readNotice(text: string): Notice {
  const notice: Notice = { listed: [], delayed: false, transcript: [] };
  let section: 'none' | 'list' | 'transcript' = 'none';
  for (const raw of text.split('\n', 5000)) {
    const line = raw.slice(0, 1000);
    const list = LIST.exec(line);
    if (list) { section = 'list'; notice.delayed = list[1].toLowerCase().startsWith('transient'); continue; }
    if (TRANSCRIPT.test(line)) { section = 'transcript'; continue; }
    if (STOP.test(line)) { section = 'none'; continue; }
    if (section === 'list') {
      const a = LISTED.exec(line);
      const r = REASON.exec(line);
      const last = notice.listed[notice.listed.length - 1];
      // A program or file ("|/usr/bin/procmail", "/var/mail/x") is listed under the address that
      // was expanded to it: "(expanded from: <kijitora@example.jp>)".
      const expanded = EXPANDED.exec(line);
      if (a) notice.listed.push({ address: a[1].toLowerCase(), reason: '' });
      else if (PROGRAM.test(line)) notice.listed.push({ address: '', reason: '', program: true });
      else if (r && last) last.reason = r[1];
      else if (expanded && last && !last.address) last.address = normalAddress(expanded[1]);
    } else if (section === 'transcript' && line.trim()) {
      notice.transcript.push(line.trim());
    }
  }
  return notice;
}

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

/** Sendmail's own last summary line in the transcript ("554 5.3.0 unknown mailer error 255"). */
const summary = (notice: Notice): string | undefined => notice.transcript.filter((l) => OWN_LINE.test(l)).pop();

/** The ">>> " command that drew the first error reply, in the session that mentions the address (or the only one). */
function commandFor(address: string, transcript: string[]): string | undefined {
  const sessions: string[][] = [[]];
  for (const l of transcript) {
    if (/^\.\.\. while talking to /i.test(l)) sessions.push([]);
    sessions[sessions.length - 1].push(l);
  }
  const used = sessions.filter((s) => s.length > 0);
  const session = used.find((s) => s.some((l) => asciiLower(l).includes(address))) ?? (used.length === 1 ? used[0] : undefined);
  if (!session) return undefined;
  let command: string | undefined;
  for (const l of session) {
    const sent = /^>>> ([A-Za-z]{4})\b/.exec(l);
    if (sent) command = sent[1].toUpperCase() === 'HELO' ? 'EHLO' : sent[1].toUpperCase();
    else if (/^<<< [45]\d\d/.test(l)) return command;
  }
  return undefined;
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
