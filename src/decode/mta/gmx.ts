// GMX and mail.com (MAILER-DAEMON@gmx.net / @mail.gmx.com / @mail.com), and 1&1 (einsundeins.ts),
// which runs the same mail platform. Exim-like plain text, no DSN:
//
//   This message was created automatically by mail delivery software.
//   ... The following address failed:          (or "The following address(es) failed:")
//
//   "kijitora@example.jp":
//   SMTP error from remote server after RCPT command:
//   host: mx.example.jp
//   5.1.1 <kijitora@example.jp>... User Unknown
//
//   --- The header of the original message is following. ---
//
// 1&1 writes the same on one line: "SMTP error from remote server for TEXT command, host: ...
// reason: 550 5.2.0 ...". TEXT is the message body, i.e. after DATA.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const START = 'this message was created automatically by mail delivery software';
const END = '--- the header of the original message is following. ---';
const RECIPIENT = /^"?([^"<>\s]{1,256}@[^"<>\s:]{1,256}?)"?:?\s*$/;
const COMMAND = /smtp error from remote server (?:after|for) (RCPT|MAIL|DATA|TEXT|EHLO|HELO)\b/i;
const HOST = /host:\s*([A-Za-z0-9.-]{1,255})/;

export const gmx: Decoder = {
  name: 'gmx',
  decode(mail: Mail): Failure[] {
    if (!/^mailer-daemon@(?:[a-z0-9-]+\.)*(?:gmx\.[a-z]{2,3}|gmx\.co\.uk|mail\.com)$/.test(mail.from)) return [];
    return decodeNemesis(mail, 'gmx');
  },
};

/** The GMX / 1&1 platform's notice, recipient by recipient. */
export function decodeNemesis(mail: Mail, decodedBy: string): Failure[] {
  const text = mail.text;
  const lower = text.toLowerCase();
  const start = lower.indexOf(START);
  if (start === -1) return [];
  const end = lower.indexOf(END, start);
  const lines = text.slice(start, end === -1 ? start + 16 * 1024 : end).split('\n');
  const out: Failure[] = [];
  let cur: { address: string; words: string[] } | null = null;
  const flush = () => { if (cur) out.push(toFailure(cur.address, cur.words.join(' '), decodedBy)); };
  for (const line of lines) {
    const m = RECIPIENT.exec(line.trim().slice(0, 600));
    if (m) { flush(); cur = { address: normalAddress(m[1]), words: [] }; } else if (cur && line.trim()) cur.words.push(line.trim());
  }
  flush();
  return out.map(byRemoteHost);
}

function toFailure(address: string, words: string, decodedBy: string): Failure {
  const diagnostic = words.replace(/\s+/g, ' ').replace(/^for the following reason:\s*/i, '').trim().slice(0, 1000);
  const verb = COMMAND.exec(diagnostic)?.[1]?.toUpperCase();
  const command = verb === 'TEXT' ? 'DATA' : verb === 'HELO' ? 'EHLO' : verb;
  const remoteMta = HOST.exec(diagnostic)?.[1];
  // The remote reply follows "reason:" (1&1) or the host line (GMX).
  const cut = Math.max(diagnostic.toLowerCase().lastIndexOf('reason:'), remoteMta ? diagnostic.indexOf(remoteMta) + remoteMta.length : -1);
  const reply = cut > 0 ? diagnostic.slice(cut) : diagnostic;
  const status = findStatus(reply);
  const replyCode = findReplyCode(reply);
  return {
    address, action: 'failed', decodedBy, diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(command ? { command } : {}), ...(remoteMta ? { remoteMta } : {}),
  };
}
