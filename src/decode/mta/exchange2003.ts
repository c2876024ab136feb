// Microsoft Exchange 5.5 / 2000 / 2003 (Internet Mail Service, IMC): a text notice, no DSN.
//
//   Your message
//
//     To:      kijitora@example.jp
//     Subject: March news
//     Sent:    Tue, 3 Mar 2026 08:00:00 +0000
//
//   did not reach the following recipient(s):
//
//   kijitora@example.jp on Tue, 3 Mar 2026 08:00:01 +0000
//       The recipient name is not recognized
//       The MTS-ID of the original message is: c=jp;a= ;p=example;l=EXCHANGE0000000000
//       MSEXCH:IMS:EXAMPLE:SITE:SERVER 0 (000C05A6) Unknown Recipient
//
// The IMS error number in parentheses names what happened; only the numbers below are read as a
// reason, the rest goes to the reason rules (with no SMTP command known, "not found" words are
// not taken as a dead mailbox).
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const STARTS = ['did not reach the following recipient(s):', 'the following recipient(s) could not be reached:'];
const ENTRY = /^\s{0,12}([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254}) on (.{4,80})$/;
const CODE = /\(([0-9A-F]{8})\)/;
const CODES: Record<string, Reason> = {
  // The IMS label after these numbers is a fixed list ("Host Unknown, Message exceeds size
  // limit, ...") whatever happened: nothing can be told from it, least of all a dead domain.
  '000B099C': 'onhold',
  '000B09AA': 'onhold',
  '000B09B6': 'onhold',
  '000C05A6': 'userunknown',   // "The recipient name is not recognized ... (000C05A6) Unknown Recipient"
  '000C0595': 'filtered',      // "Ambiguous Recipient"
  '000D06B5': 'mailboxfull',   // "No proxy for recipient" (the store refused it)
  '00120270': 'networkerror',  // "Too Many Hops"
  '00050311': 'contenterror',  // "Conversion to Internet format failed"
  '000502CC': 'contenterror',  // "Conversion to Internet format failed"
};

export const exchange2003: Decoder = {
  name: 'exchange2003',
  decode(mail: Mail): Failure[] {
    const mailer = mail.header('x-mailer') ?? '';
    const signed = mail.header('x-ms-embedded-report') !== undefined || /internet mail (?:service|connector)/i.test(mailer);
    const fromSystem = /postmaster|mailer-daemon|system administrator/i.test(mail.header('from') ?? '');
    if (!signed && !fromSystem && !mail.subject.toLowerCase().startsWith('undeliverable')) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const starts = STARTS.map((s) => lower.indexOf(s)).filter((i) => i !== -1);
    if (starts.length === 0) return [];
    const start = Math.min(...starts);
    const body = text.slice(text.indexOf('\n', start) + 1, start + 64 * 1024);
    const entries: Array<{ address: string; lines: string[] }> = [];
    let blanks = 0;
    for (const raw of body.split('\n')) {
      const line = raw.slice(0, 1000);
      const m = ENTRY.exec(line);
      if (m) { entries.push({ address: normalAddress(m[1]), lines: [] }); blanks = 0; continue; }
      if (!line.trim()) { if (entries.length && ++blanks >= 2) break; continue; }
      blanks = 0;
      if (entries.length) entries[entries.length - 1].lines.push(line.trim());
    }
    return entries.map(({ address, lines }) => {
      // The MTS-ID line (and its wrapped tail) identifies the message, not the error.
      const said = lines.filter((l) => !/^the mts-id of the original message is:/i.test(l) && !/^;l=/.test(l)).join(' ');
      const diagnostic = said.replace(/\s+/g, ' ').trim().slice(0, 1000);
      const code = CODE.exec(diagnostic)?.[1];
      const reason = code ? CODES[code] : undefined;
      const status = findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic.replace(CODE, ''));
      return {
        address, action: 'failed' as const, decodedBy: 'exchange2003', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
      };
    });
  },
};
