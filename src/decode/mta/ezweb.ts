// au / EZweb (KDDI's mobile mail, Postmaster@ezweb.ne.jp or @au.com, "Mail System Error - Returned Mail"):
// a Japanese paragraph, then English, then the recipients; sometimes a DSN as well.
//
//   The user(s) account is disabled.
//
//   <kijitora@ezweb.ne.jp>
//
// or, when a remote server refused, the SMTP transcript:
//
//   Each of the following recipients was rejected by a remote mail server.
//       Recipient: <kijitora@ezweb.ne.jp>
//       >>> RCPT TO:<kijitora@ezweb.ne.jp>
//       <<< 550 <kijitora@ezweb.ne.jp>: User unknown
//
// A recipient "rejected by a remote mail server" with no transcript is EZweb's own domain
// filter (the owner refuses this sender): filtered. EZweb's English sentences say the rest.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const OWN_WORDS: Array<[string, Reason]> = [
  ['the user(s) account is disabled', 'suspend'],
  ['the user(s) account is temporarily limited', 'suspend'],
  ['the user(s) account is temporarily over quota', 'mailboxfull'],
  // "Your message was not delivered within 0 days and 1 hours. Remote host is not responding."
  ['your message was not delivered within', 'expired'],
];
const RECIPIENT = /^\s*(?:recipient:\s*)?<([^<>\s]{1,256}@[^<>\s]{1,256})>:?\s*(.*)$/i;
const TRANSCRIPT = /^\s*(>>>|<<<)\s?(.*)$/;
const COMMANDS: Array<[RegExp, string]> = [[/^rcpt to/i, 'RCPT'], [/^mail from/i, 'MAIL'], [/^data/i, 'DATA'], [/^(?:ehlo|helo)/i, 'EHLO']];

export const ezweb: Decoder = {
  name: 'ezweb',
  decode(mail: Mail): Failure[] {
    if (!/^postmaster@(?:[a-z0-9-]+\.)*(?:ezweb\.ne\.jp|au\.com)$/.test(mail.from)) return [];
    const text = mail.text;
    const lower = text.slice(0, 32 * 1024).toLowerCase();
    // "X-SPASIGN: NG": au's spam filter refused it (the recipient's own setting).
    const own = (mail.header('x-spasign') ?? '').trim().toUpperCase() === 'NG' ? 'filtered' : OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
    if (mail.dsn) {
      const found = dsnFailures(mail.dsn, 'ezweb');
      if (found.length) return found.map((f) => (own && f.action === 'failed' ? { ...f, reason: own } : byRemoteHost(f)));
    }
    const byRemote = lower.includes('rejected by a remote mail server');
    const out: Failure[] = [];
    let cur: { address: string; said: string[]; command?: string } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur, own, byRemote)); };
    for (const line of text.slice(0, 32 * 1024).split('\n')) {
      if (/^(?:received|return-path|from|to|subject|message-id|date):/i.test(line)) break; // the quoted original
      const r = RECIPIENT.exec(line.slice(0, 600));
      if (r) { flush(); cur = { address: normalAddress(r[1]), said: r[2] ? [r[2]] : [] }; continue; }
      const t = TRANSCRIPT.exec(line.slice(0, 1000));
      if (t && cur) {
        if (t[1] === '>>>') cur.command = COMMANDS.find(([re]) => re.test(t[2]))?.[1];
        else cur.said.push(t[2]);
      }
    }
    flush();
    return out.map(byRemoteHost);
  },
};

function toFailure(cur: { address: string; said: string[]; command?: string }, own: Reason | undefined, byRemote: boolean): Failure {
  const diagnostic = cur.said.join(' ').replace(/\s+/g, ' ').trim().slice(0, 1000);
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  const reason: Reason | undefined = own ?? (byRemote && !diagnostic ? 'filtered' : undefined);
  return {
    address: cur.address, action: 'failed', decodedBy: 'ezweb',
    ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    ...(cur.command ? { command: cur.command } : {}), ...(reason ? { reason } : {}),
  };
}
