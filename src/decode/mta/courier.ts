// Courier mail server: a notice with the SMTP exchange per recipient, then a DSN that the DSN
// reader takes. This decoder speaks only when the DSN part is missing:
//
//   This is a delivery status notification from mx.example.org,
//   running the Courier mail server, version 1.1.
//   ...
//   Your message to the following recipients cannot be delivered:
//
//   <kijitora@example.jp>:
//       mx.example.jp [192.0.2.1]:
//   >>> RCPT TO:<kijitora@example.jp>
//   <<< 550 5.1.1 <kijitora@example.jp>... User Unknown
//
//   ---------------------------------------------------------------------------
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = 'running the courier mail server';
const LIST = /your message to the following recipients? (cannot be delivered|has been delayed|has not been delivered)[^:\n]{0,40}:/i;
const ENTRY = /^<([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>:\s*(.{0,1000})$/;

export const courier: Decoder = {
  name: 'courier',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster|courier mail server/i.test(mail.header('from') ?? '')) return [];
    if ((mail.dsn?.recipients.length ?? 0) > 0) return [];
    const text = mail.text;
    if (!text.toLowerCase().includes(SIGNATURE)) return [];
    const list = LIST.exec(text);
    if (!list) return [];
    const delayed = !list[1].toLowerCase().startsWith('cannot');
    const out: Failure[] = [];
    let cur: { address: string; lines: string[] } | null = null;
    const flush = () => {
      if (!cur) return;
      const sent = cur.lines.filter((l) => l.startsWith('>>> ')).pop();
      const replies = cur.lines.filter((l) => l.startsWith('<<< ')).map((l) => l.slice(4));
      // The server's reply lines, or Courier's own words ("No such domain.").
      const diagnostic = (replies.length ? replies : cur.lines.filter((l) => !l.startsWith('>>> ') && !/\]:$/.test(l))).join(' ').replace(/\s+/g, ' ').trim();
      const command = sent ? /^>>> ([a-z]{4})/i.exec(sent)?.[1].toUpperCase() : undefined;
      const status = findStatus(diagnostic);
      const replyCode = replies.length ? findReplyCode(diagnostic) : undefined;
      out.push({
        address: cur.address, action: delayed ? 'delayed' : 'failed', decodedBy: 'courier', diagnostic: diagnostic.slice(0, 1000),
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
        ...(command ? { command: command === 'HELO' ? 'EHLO' : command } : {}),
      });
      cur = null;
    };
    for (const raw of text.slice(list.index + list[0].length, list.index + 64 * 1024).split('\n')) {
      const line = raw.slice(0, 1000);
      if (/^-{10,}/.test(line.trim())) break;
      const m = ENTRY.exec(line);
      if (m) { flush(); cur = { address: normalAddress(m[1]), lines: m[2] ? [m[2]] : [] }; continue; }
      if (cur && line.trim()) cur.lines.push(line.trim());
    }
    flush();
    return out;
  },
};
