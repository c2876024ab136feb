// Postfix. Its usual bounce is a good RFC 3464 DSN, which the DSN reader takes; this decoder
// speaks only where the DSN is missing or empty:
//
// 1. plain text (old Postfix, or the DSN part lost on the way):
//
//      This is the mail system at host mx.example.jp.          (older: "This is the Postfix program")
//      ...
//      <kijitora@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1
//          <kijitora@example.jp>: Recipient address rejected: User unknown (in reply
//          to RCPT TO command)
//
// 2. "--- Delivery report unavailable ---": no recipient at all; the returned original's To says
//    whom it was for (a failure of unknown reason, never hard).
//
// 3. "Postfix SMTP server: errors from ..." to the postmaster: a session transcript; the last
//    error reply refused the RCPT TO addresses of that session.
import { normalAddress } from '../../core/address.js';
import type { Action, Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import { addressIn, type Mail } from '../mail.js';

const STARTS = ['this is the mail system at host', 'this is the postfix program at host'];
const SUBJECTS: Array<[string, Action]> = [
  ['undelivered mail returned to sender', 'failed'],
  ['delayed mail (still being retried)', 'delayed'],
  ['successful mail delivery report', 'delivered'],
];
const ENDS = ['--- delivery report unavailable ---', '-- delivery report follows --', 'content-description: delivery report', 'content-description: undelivered message', '--- undelivered message follows ---'];
// "<kijitora@example.jp>: text" or "<kijitora@example.jp> (expanded from <alias@example.jp>): text"
const ENTRY = /^<([^<>\s]{1,256}@[^<>\s]{1,256})>(?: \(expanded from <[^<>]{0,300}>\))?:\s*(.*)$/;
const RCPT = /^\s*in:\s+rcpt to:\s*<([^<>\s]{1,256}@[^<>\s]{1,256})>/i;
const OUT_ERROR = /^\s*out:\s+([45]\d\d[ -].{0,500})$/i;

export const postfix: Decoder = {
  name: 'postfix',
  decode(mail: Mail): Failure[] {
    if (!/^(?:mailer-daemon|postmaster|double-bounce)@/.test(mail.from)) return [];
    if ((mail.dsn?.recipients.length ?? 0) > 0) return [];
    if (mail.subject.toLowerCase().startsWith('postfix smtp server: errors from')) return transcript(mail.text);
    const text = mail.text;
    const lower = text.toLowerCase();
    // Postfix's own subjects stand for its notice when the body's first lines are localised
    // (bounce.cf templates); the "<address>: ..." entries are the same.
    const subject = mail.subject.toLowerCase();
    const kind = SUBJECTS.find(([s]) => subject.startsWith(s))?.[1];
    const starts = STARTS.map((s) => lower.indexOf(s)).filter((i) => i !== -1);
    if (starts.length === 0 && !kind) return [];
    const start = starts.length ? Math.min(...starts) : 0;
    if (lower.includes('--- delivery report unavailable ---', start)) return unavailable(mail);
    const ends = ENDS.map((s) => lower.indexOf(s, start)).filter((i) => i !== -1);
    const body = text.slice(start, ends.length ? Math.min(...ends) : undefined);
    const out: Failure[] = [];
    let cur: { address: string; lines: string[] } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur.address, cur.lines.join(' '), kind)); cur = null; };
    for (const raw of body.split('\n')) {
      const line = raw.slice(0, 1000);
      const m = ENTRY.exec(line);
      if (m) {
        flush();
        cur = { address: normalAddress(m[1]), lines: [m[2]] };
      } else if (cur && /^\s/.test(line) && line.trim()) {
        cur.lines.push(line.trim());
      } else {
        flush();
      }
    }
    flush();
    return out;
  },
};

function toFailure(address: string, text: string, kind: Action | undefined): Failure {
  const diagnostic = text.replace(/\s+/g, ' ').trim().slice(0, 1000);
  // A remote answer follows "said:"; Postfix's own words ("Host not found") carry no code.
  const said = diagnostic.search(/ said: /i);
  const remote = said === -1 ? diagnostic : diagnostic.slice(said + 7);
  const status = findStatus(remote);
  const replyCode = said === -1 ? undefined : findReplyCode(remote);
  return {
    address, action: kind && kind !== 'failed' ? kind : status?.startsWith('4') ? 'delayed' : 'failed', decodedBy: 'postfix', diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
  };
}

function unavailable(mail: Mail): Failure[] {
  const to = mail.originalHeader('to');
  const address = to && to.split(',').length === 1 ? addressIn(to) : undefined;
  return address ? [{ address, action: 'failed', decodedBy: 'postfix', reason: 'undefined' }] : [];
}

function transcript(text: string): Failure[] {
  const rcpts: string[] = [];
  let error: string | undefined;
  const lines = text.split('\n', 2000);
  for (let i = 0; i < lines.length; i++) {
    const r = RCPT.exec(lines[i]);
    if (r) rcpts.push(normalAddress(r[1]));
    const e = OUT_ERROR.exec(lines[i]);
    if (e) error = e[1].trim();
  }
  if (!error || rcpts.length === 0) return [];
  const status = findStatus(error);
  const replyCode = findReplyCode(error);
  return [...new Set(rcpts)].map((address) => ({
    address, action: 'failed', decodedBy: 'postfix', diagnostic: error,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
  }));
}
