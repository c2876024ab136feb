// Apache James: a text notice that names the envelope in "Message details:".
//
//   Error: Invalid user address
//
//   Error message below:
//   550 - Requested action not taken: no such user here
//
//   Message details:
//     Subject: March news
//     MAIL FROM: news@sender.example
//     RCPT TO: kijitora@example.jp
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const RCPT = /^\s*rcpt to:\s*<?([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/i;

export const apachejames: Decoder = {
  name: 'apachejames',
  decode(mail: Mail): Failure[] {
    // James runs on Java: its Message-ID says ".JavaMail.", its Received line "JAMES SMTP Server".
    const javamail = (mail.header('message-id') ?? '').includes('.JavaMail.');
    if (!javamail && mail.subject !== '[BOUNCE]' && !mail.headerAll('received').some((r) => r.includes('JAMES SMTP Server'))) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const below = lower.indexOf('error message below:');
    const details = lower.indexOf('message details:', below);
    if (below === -1 || details === -1) return [];
    const said = text.slice(below + 'error message below:'.length, details).replace(/\s+/g, ' ').trim().slice(0, 1000);
    const error = /^error:\s*(.{1,200})$/im.exec(text.slice(0, below))?.[1].trim();
    const diagnostic = [error, said].filter(Boolean).join(': ');
    const status = findStatus(said);
    const replyCode = findReplyCode(said);
    const out: Failure[] = [];
    for (const line of text.slice(details, details + 4096).split('\n')) {
      const m = RCPT.exec(line.slice(0, 600));
      if (m) {
        out.push({
          address: normalAddress(m[1]), action: 'failed', decodedBy: 'apachejames', diagnostic,
          ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
        });
      }
    }
    return out;
  },
};
