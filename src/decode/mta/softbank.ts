// SoftBank (SoftBank / Y!mobile carrier mail: softbank.ne.jp, i.softbank.jp, the older
// vodafone.ne.jp and disney.ne.jp hosts). Its notices are not documented, so this reads only
// what any of its shapes must carry: a standard DSN when there is one, or else
// the recipients written as "<address>" lines (with the reply after them) before the returned
// original. It sets no reason of its own: the shared rules decide, and without a named SMTP
// command a user-unknown wording is never taken as a dead address.
//
//   From: Mail Delivery Subsystem <MAILER-DAEMON@softbank.ne.jp>
//   <kijitora@softbank.ne.jp>: 550 Invalid recipient: <kijitora@softbank.ne.jp>
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const FROM = /^(?:mailer-daemon|postmaster)@(?:[a-z0-9-]+\.)*(?:softbank\.ne\.jp|softbank\.jp|vodafone\.ne\.jp|disney\.ne\.jp)$/;
const LINE = /^[ \t]*<([^<>\s@]{1,256}@[^<>\s@]{1,256})>:?[ \t]*(.{0,1000})$/;
const ORIGINAL = /^(?:received|return-path|message-id|from|to|subject|date):/i;

export const softbank: Decoder = {
  name: 'softbank',
  decode(mail: Mail): Failure[] {
    if (!FROM.test(mail.from)) return [];
    if (mail.dsn) return dsnFailures(mail.dsn, 'softbank').map(byRemoteHost);
    const out: Failure[] = [];
    let cur: { address: string; words: string[] } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur.address, cur.words.join(' '))); };
    for (const line of mail.text.slice(0, 32 * 1024).split('\n')) {
      if (ORIGINAL.test(line)) break; // the quoted original begins
      const m = LINE.exec(line.slice(0, 1300));
      if (m) { flush(); cur = { address: normalAddress(m[1]), words: m[2] ? [m[2]] : [] }; } else if (cur && line.trim() && cur.words.length < 3) cur.words.push(line.trim());
    }
    flush();
    return out.map(byRemoteHost);
  },
};

function toFailure(address: string, words: string): Failure {
  const diagnostic = words.replace(/\s+/g, ' ').trim().slice(0, 1000);
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  return { address, action: 'failed', decodedBy: 'softbank', ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) };
}
