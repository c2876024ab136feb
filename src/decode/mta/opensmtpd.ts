// OpenSMTPD: a text notice (one "address: reason" line per recipient), newer versions add a DSN
// whose Status is only "5.0.0" / "4.0.0": the real code is in the text.
//
//       Hi!
//
//       This is the MAILER-DAEMON, please DO NOT REPLY to this email.
//
//       An error has occurred while attempting to deliver a message for
//       the following list of recipients:
//
//   kijitora@example.jp: 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown
//   neko@example.org: Domain does not exist
//
//       Below is a copy of the original message:
//
// "A message is delayed for more than 4 hours for the following list of recipients:" is a delay.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus, pickStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = /this is the mailer-daemon, please do not reply to this e-?mail/;
const LIST = 'list of recipients:';
const ENDS = ['below is a copy of the original message', 'please note that this is only a temporary failure report'];
const LINE = /^([^\s<>:@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254}):\s*(.{0,1000})$/;

export const opensmtpd: Decoder = {
  name: 'opensmtpd',
  decode(mail: Mail): Failure[] {
    if (!/^(?:mailer-daemon|postmaster)@/.test(mail.from)) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const sig = SIGNATURE.exec(lower);
    if (!sig) return [];
    const list = lower.indexOf(LIST, sig.index);
    if (list === -1) return [];
    const delayed = lower.slice(sig.index, list).includes('is delayed');
    const ends = ENDS.map((s) => lower.indexOf(s, list)).filter((i) => i !== -1);
    const block = text.slice(list + LIST.length, ends.length ? Math.min(...ends) : undefined);
    const dsn = mail.dsn?.recipients ?? [];
    const out: Failure[] = [];
    for (const line of block.split('\n')) {
      const m = LINE.exec(line.trim());
      if (!m) continue;
      const address = normalAddress(m[1]);
      const diagnostic = m[2].trim();
      const fromDsn = dsn.find((r) => (r.finalRecipient && normalAddress(r.finalRecipient)) === address)?.status;
      const status = pickStatus(fromDsn, diagnostic) ?? findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic);
      out.push({
        address, action: delayed ? 'delayed' : 'failed', decodedBy: 'opensmtpd', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    }
    return out;
  },
};
