// An unnamed system ("X1" in the reference decoder's list; a sendmail look-alike from Japanese
// ISPs): one "address [reason]" line per recipient.
//
//   The original message was received at Thu, 3 Mar 2026 08:00:00 +0900 (JST)
//   from news@sender.example
//
//   ---The following addresses had delivery errors---
//
//   kijitora@example.jp [User unknown]
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const START = '---the following addresses had delivery errors---';
const LINE = /^\s{0,8}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s+\[(.{1,500})\]\s*$/;

export const x1: Decoder = {
  name: 'x1',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().startsWith('returned mail:')) return [];
    const text = mail.text;
    const at = text.toLowerCase().indexOf(START);
    if (at === -1) return [];
    const out: Failure[] = [];
    for (const line of text.slice(at + START.length, at + 16384).split('\n')) {
      if (/^-{3,}/.test(line.trim())) break;
      const m = LINE.exec(line.slice(0, 800));
      if (!m) continue;
      const diagnostic = m[2].trim();
      const status = findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic);
      out.push({
        address: normalAddress(m[1]), action: 'failed', decodedBy: 'x1', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    }
    return out;
  },
};
