// An unnamed system ("X6" in the reference decoder's list): one sentence per failure, the remote
// reply in brackets.
//
//   We had trouble delivering your message. Full details follow:
//
//   1 error(s):
//
//   SMTP Server <mx.example.jp> rejected recipient <kijitora@example.jp> (Error following RCPT
//   command). It responded as follows: [550 5.1.1 User unknown]
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = 'we had trouble delivering your message. full details follow:';
const ERROR = /rejected recipient <([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})> \(error following ([a-z]{4}) command\)\.? it responded as follows: \[([^\]\n]{0,1000})/gi;

export const x6: Decoder = {
  name: 'x6',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster/i.test(mail.header('from') ?? '')) return [];
    const text = mail.text;
    const at = text.toLowerCase().indexOf(SIGNATURE);
    if (at === -1) return [];
    const notice = text.slice(at, at + 32 * 1024).replace(/\s*\n\s*/g, ' ');
    const out: Failure[] = [];
    for (const m of notice.matchAll(ERROR)) {
      const diagnostic = m[3].trim();
      const status = findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic);
      out.push({
        address: m[1].toLowerCase(), action: 'failed', decodedBy: 'x6', diagnostic, command: m[2].toUpperCase(),
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    }
    return out;
  },
};
