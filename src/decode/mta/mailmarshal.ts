// Trustwave / Marshal MailMarshal SMTP: a text notice, the reason before the recipients.
//
//   Your message:
//      From:    news@sender.example
//      Subject: March news
//
//   Could not be delivered because of
//
//   550 5.1.1 User unknown
//
//   The following recipients were affected:
//       kijitora@example.jp
//
//   Additional Information
//   ======================
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const ADDRESS = /^\s{0,12}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;

export const mailmarshal: Decoder = {
  name: 'mailmarshal',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().startsWith('undeliverable mail')) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const because = lower.indexOf('could not be delivered because of');
    const affected = lower.indexOf('the following recipients were affected:', because);
    if (because === -1 || affected === -1) return [];
    const diagnostic = text.slice(because + 33, affected).replace(/\s+/g, ' ').trim().slice(0, 1000);
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    const out: Failure[] = [];
    for (const line of text.slice(affected + 39, affected + 16384).split('\n')) {
      if (/^\s*additional information/i.test(line) || /^={3,}/.test(line.trim())) break;
      const m = ADDRESS.exec(line.slice(0, 600));
      if (m) {
        out.push({
          address: normalAddress(m[1]), action: 'failed', decodedBy: 'mailmarshal', diagnostic,
          ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
        });
      }
    }
    return out;
  },
};
