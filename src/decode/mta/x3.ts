// An unnamed system ("X3" in the reference decoder's list): a framed text notice, and sometimes a
// delivery-status part with no recipient in it.
//
//         This is an automatically generated Delivery Status Notification.
//
//   Delivery to the following recipients failed permanently:
//   (or "Delevery to the following recipients was aborted after 5.0 hour(s):")
//
//     * kijitora@example.jp
//
//   ==========================================================================
//                               Technical details:
//
//   SMTP:RCPT host 192.0.2.1: 553 5.3.0 <kijitora@example.jp>... No such user here
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = 'this is an automatically generated delivery status notification';
const LIST = /(?:delivery|delevery) to the following recipients? (failed permanently|was aborted after[^:\n]{0,40}|has been delayed[^:\n]{0,40}):/i;
const ITEM = /^\s{0,8}\*\s+<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
const COMMAND = /^smtp:([a-z]{4})\b/i;

export const x3: Decoder = {
  name: 'x3',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().startsWith('delivery status notification')) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    if (!lower.includes(SIGNATURE)) return [];
    const list = LIST.exec(text);
    if (!list) return [];
    // With a DSN that names the recipients, it is read instead, the remote code in Diagnostic-Code
    // over the Status field ("Status: 5.1.1" for "552 5.2.2 Over quota").
    const dsn = mail.dsn ? dsnFailures(mail.dsn, 'x3') : [];
    if (dsn.length) return dsn.map((f) => ({ ...f, ...(findStatus(f.diagnostic) ? { status: findStatus(f.diagnostic) } : {}) }));
    const after = text.slice(list.index + list[0].length, list.index + 32 * 1024);
    const addresses: string[] = [];
    const lines = after.split('\n');
    let i = 0;
    for (; i < lines.length; i++) {
      const m = ITEM.exec(lines[i].slice(0, 600));
      if (m) addresses.push(normalAddress(m[1]));
      else if (/^={5,}/.test(lines[i].trim())) break;
    }
    // "Technical details:" then one line about each failure.
    const details = after.toLowerCase().indexOf('technical details:');
    const said = details === -1 ? '' : after.slice(details + 18).split(/\n\s*={5,}/, 1)[0].replace(/\s+/g, ' ').trim().slice(0, 1000);
    const aborted = list[1].toLowerCase().startsWith('was aborted');
    // The notice's own words for giving up after hours of trying.
    const reason: Reason | undefined = aborted && !findStatus(said) ? 'expired' : undefined;
    const status = findStatus(said);
    const replyCode = findReplyCode(said.replace(/^smtp:[a-z]{4} host [^\s:]{1,255}:/i, ''));
    const command = COMMAND.exec(said)?.[1].toUpperCase();
    return addresses.map((address) => ({
      address, action: list[1].toLowerCase().startsWith('has been delayed') ? 'delayed' as const : 'failed' as const, decodedBy: 'x3',
      ...(said ? { diagnostic: said } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      ...(command ? { command } : {}), ...(reason ? { reason } : {}),
    }));
  },
};
