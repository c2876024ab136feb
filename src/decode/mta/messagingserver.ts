// Oracle (Sun, iPlanet) Communications Messaging Server: a notice with one block per recipient,
// followed by a DSN that the DSN reader takes. This decoder speaks only when the DSN part is
// missing (forwarded, stripped):
//
//   This report relates to a message you sent with the following header fields:
//   ...
//   Your message cannot be delivered to the following recipients:
//
//     Recipient address: kijitora@example.jp
//     Reason: Remote SMTP server has rejected address
//     Diagnostic code: smtp;550 5.1.1 <kijitora@example.jp>... User Unknown
//     Remote system: dns;mx.example.jp (TCP|192.0.2.1|47323|192.0.2.225|25)
//
// "Your message has been delayed ..." lists delayed recipients the same way.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = 'this report relates to a message you sent with the following header fields:';
const FIELD = /^\s{0,12}(recipient address|original address|reason|diagnostic code|remote system):\s*(.{0,1000})$/i;

export const messagingserver: Decoder = {
  name: 'messagingserver',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster/i.test(mail.header('from') ?? '') && !mail.subject.toLowerCase().startsWith('delivery notification:')) return [];
    if ((mail.dsn?.recipients.length ?? 0) > 0) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const sig = lower.indexOf(SIGNATURE);
    if (sig === -1) return [];
    const failed = lower.indexOf('cannot be delivered to the following recipients', sig);
    const delayed = lower.indexOf('has been delayed', sig);
    const start = failed !== -1 ? failed : delayed;
    if (start === -1) return [];
    const out: Failure[] = [];
    let cur: Record<string, string> | null = null;
    const flush = () => {
      if (!cur?.['recipient address']) return;
      const address = /<?([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?/.exec(cur['recipient address'])?.[1];
      if (!address) return;
      const code = (cur['diagnostic code'] ?? '').replace(/^[a-z-]{1,20};\s*/i, '');
      const diagnostic = (code || cur.reason || '').trim();
      const status = findStatus(diagnostic);
      const replyCode = findReplyCode(code);
      out.push({
        address: normalAddress(address), action: failed !== -1 ? 'failed' : 'delayed', decodedBy: 'messagingserver', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    };
    for (const raw of text.slice(start, start + 64 * 1024).split('\n')) {
      const f = FIELD.exec(raw.slice(0, 1100));
      if (!f) continue;
      const name = f[1].toLowerCase();
      if (name === 'recipient address') { flush(); cur = {}; }
      if (cur) cur[name] = f[2].trim();
    }
    flush();
    return out;
  },
};
