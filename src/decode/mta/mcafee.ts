// McAfee Email Gateway / Email and Web Security appliance (X-NAI-Header: Modified by McAfee ...).
// A relay's report of what the server behind it answered to each recipient, as text and as a
// small DSN (Original-Recipient only, no Status):
//
//       --- The following addresses had delivery problems ---
//   <kijitora@example.co.jp>   (Unknown user kijitora@example.co.jp)
//
//   Original-Recipient: <kijitora@example.co.jp>
//   Action: failed
//   Diagnostic-Code: smtp; 550 Unknown user kijitora@example.co.jp
//
// The gateway relays recipient by recipient and reports the answers it got at RCPT TO; a
// failure after DATA is reported in the other shape ("did not reach the following recipient").
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const HEAD = '--- the following addresses had delivery problems ---';
const USER_X_UNKNOWN = /\buser \([^()\s]{1,256}@[^()\s]{1,256}\) unknown\./i;
const LINE = /^<([^<>\s]{1,256}@[^<>\s]{1,256})>\s+\((.{1,1000})\)\s*$/;

export const mcafee: Decoder = {
  name: 'mcafee',
  decode(mail: Mail): Failure[] {
    if (!/mcafee/i.test(mail.header('x-nai-header') ?? '')) return [];
    const text = mail.text;
    const at = text.toLowerCase().indexOf(HEAD);
    if (at === -1) return [];
    const fromDsn = mail.dsn ? dsnFailures(mail.dsn, 'mcafee') : [];
    const found = fromDsn.length ? fromDsn : fromText(text.slice(at + HEAD.length, at + 64 * 1024));
    return found.map((f) => byRemoteHost({
      ...f, command: f.command ?? 'RCPT',
      // The gateway's own wording, which no shared phrase covers: "User (kijitora@example.jp) unknown."
      ...(!f.reason && USER_X_UNKNOWN.test(f.diagnostic ?? '') ? { reason: 'userunknown' as const } : {}),
    }));
  },
};

function fromText(text: string): Failure[] {
  const out: Failure[] = [];
  for (const line of text.split('\n', 200)) {
    const m = LINE.exec(line.trim());
    if (!m || !isAddress(m[1])) continue;
    const diagnostic = m[2].trim();
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    out.push({ address: normalAddress(m[1]), action: 'failed', decodedBy: 'mcafee', diagnostic, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) });
  }
  return out;
}
