// Microsoft 365 / Exchange Online (X-MS-Exchange-Message-Is-Ndr, the CrossTenant headers, a
// "Generating server" in *.outlook.com). Usually a standard DSN as well; without one, the text:
//
//   Delivery has failed to these recipients or groups:
//   kijitora@example.com<mailto:kijitora@example.com>
//   ...
//   Diagnostic information for administrators:
//   Generating server: AB1CD000.e0.prod.outlook.com
//
//   kijitora@example.com
//   Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
//
// Exchange Online's own codes name the reason more exactly than its words (Microsoft's list of
// NDR codes); codes of a dead address are left to the rules, which know 5.1.x already.
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from './remote.js';

const CODES: Array<[RegExp, Reason]> = [
  [/^[45]\.4\.(?:7|316)$/, 'expired'],        // message expired / gave up ("5.4.316 Message expired, connection refused")
  [/^(?:4\.4\.312|5\.4\.(?:6|8|14|3\d\d))$/, 'networkerror'], // DNS, routing loop, hop count
  [/^5\.(?:5\.6|6\.11)$/, 'contenterror'],   // invalid content / bare line feeds
  [/^5\.7\.50[1-3]$/, 'spamdetected'],       // "Access denied, spam abuse detected"
  [/^5\.7\.50[4-5]$/, 'filtered'],           // "Recipient address rejected: Access denied" (recipient filtering)
  [/^5\.7\.50[6-7]$/, 'blocked'],            // "Access denied, [$SenderIPAddress] is banned" / "rejected by recipient domain"
  [/^5\.7\.508$/, 'toomanyconn'],
  [/^5\.7\.(?:509|512)$/, 'securityerror'],  // DMARC reject / message must be RFC 5322 section 3.6.2 compliant
  [/^5\.7\.511$/, 'rejected'],               // "Access denied, banned sender"
  [/^(?:5\.7\.60[6-9]|5\.7\.6[1-4]\d|4\.7\.5\d\d|4\.7\.8[5-9]\d)$/, 'blocked'], // "banned sending IP"
  [/^5\.7\.7[0-4]\d$/, 'toomanyconn'],       // tenant exceeded its threshold
];
const MARK = 'diagnostic information for administrators:';
const RETURNED = /remote server returned '([^']{1,1000})'/i;

export const office365: Decoder = {
  name: 'office365',
  decode(mail: Mail): Failure[] {
    if (!isOffice365(mail)) return [];
    const found = mail.dsn ? dsnFailures(mail.dsn, 'office365') : fromText(mail.text);
    return found.map((f) => {
      const reason = f.status && f.action === 'failed' ? CODES.find(([re]) => re.test(f.status!))?.[1] : undefined;
      return reason ? { ...f, reason } : byRemoteHost(f);
    });
  },
};

function isOffice365(mail: Mail): boolean {
  if (mail.header('x-ms-exchange-message-is-ndr') === undefined && !mail.headers.some((h) => h.name.startsWith('x-ms-exchange-crosstenant-'))) return false;
  const text = mail.text.slice(0, 64 * 1024).toLowerCase();
  return /generating server: \S+\.outlook\.com/.test(text) || /@(?:[a-z0-9-]+\.)*(?:outlook\.com|onmicrosoft\.com)$/.test(mail.from) || mail.headers.some((h) => h.name.startsWith('x-ms-exchange-crosstenant-'));
}

function fromText(text: string): Failure[] {
  const at = text.toLowerCase().indexOf(MARK);
  if (at === -1) return [];
  const end = text.toLowerCase().indexOf('original message headers', at);
  const lines = text.slice(at + MARK.length, end === -1 ? at + 16 * 1024 : end).split('\n').map((l) => l.trim());
  const out: Failure[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isAddress(lines[i]) || /\s/.test(lines[i])) continue;
    // The recipient's line, then (maybe after the remote host's name) what the server returned.
    const next = lines.slice(i + 1, i + 4).join(' ');
    const said = RETURNED.exec(next)?.[1] ?? /#(\d{3} [^#]{1,1000})##/.exec(next)?.[1];
    if (!said) continue;
    const status = findStatus(said);
    const replyCode = findReplyCode(said);
    out.push({ address: lines[i].toLowerCase(), action: 'failed', decodedBy: 'office365', diagnostic: said, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) });
  }
  return out;
}
