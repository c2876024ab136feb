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
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const CODES: Array<[RegExp, Reason]> = [
  [/^[45]\.4\.(?:7|316)$/, 'expired'],        // message expired / gave up ("5.4.316 Message expired, connection refused")
  [/^(?:4\.4\.312|5\.4\.(?:6|8|14|3\d\d)|5\.7\.25)$/, 'networkerror'], // DNS, routing loop, hop count
  [/^(?:5\.5\.6|5\.6\.11|5\.0\.350)$/, 'contenterror'], // invalid content / bare line feeds
  [/^4\.7\.26$/, 'authfailure'],               // unauthenticated (SPF / DKIM) over IPv6
  [/^5\.7\.509$/, 'authfailure'],              // "does not pass DMARC verification"
  [/^5\.7\.(?:1|1[23]|124|13[3-6]|511)$/, 'rejected'], // not authorized: restricted group, sender not allowed, banned sender
  [/^5\.7\.50[1-3]$/, 'spamdetected'],         // "Access denied, spam abuse detected"
  [/^5\.7\.50[4-5]$/, 'filtered'],             // "Recipient address rejected: Access denied" (recipient filtering)
  [/^5\.7\.(?:50[6-7]|510|23)$/, 'blocked'],   // bad HELO, rejected by recipient domain, no IPv6, SPF
  [/^5\.7\.508$/, 'toomanyconn'],
  [/^5\.7\.512$/, 'policyviolation'],          // message must be RFC 5322 section 3.6.2 compliant
  [/^5\.7\.57$/, 'securityerror'],             // client was not authenticated to send anonymous mail
  [/^(?:5\.7\.60[6-9]|5\.7\.6[1-4]\d|4\.7\.5\d\d|4\.7\.6\d\d|4\.7\.8[5-9]\d)$/, 'blocked'], // "banned sending IP"
  [/^5\.7\.7[0-4]\d$/, 'toomanyconn'],         // tenant exceeded its threshold
];
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
  // Every message Microsoft 365 handles carries the CrossTenant headers (a relay's own bounce of
  // such a message too); a notice of Microsoft 365 says it is one (X-MS-Exchange-Message-Is-Ndr),
  // or comes from a postmaster and names an outlook.com server as its author.
  const text = mail.text.slice(0, 64 * 1024).toLowerCase();
  const byMicrosoft = /generating server: \S+\.outlook\.com/.test(text) || /@(?:[a-z0-9-]+\.)*(?:outlook\.com|onmicrosoft\.com)$/.test(mail.from);
  if (mail.header('x-ms-exchange-message-is-ndr') !== undefined) return byMicrosoft || mail.headers.some((h) => h.name.startsWith('x-ms-exchange-crosstenant-'));
  return /^(?:postmaster|mailer-daemon|microsoftexchange[0-9a-f]*)@/.test(mail.from) && byMicrosoft;
}

// Where the administrators' details start, in the languages Exchange Online writes.
const MARKS = ['diagnostic information for administrators:', 'error details', 'diagnostische gegevens voor beheerders:', 'para administradores:'];
const ENDS = ['original message headers', 'message hops', 'oorspronkelijke berichtkoppen', 'alhos originais da mensagem'];
const LISTED = /^(?:([^\s<>@]{1,256}@[^\s<>@]{1,256})<mailto:[^<>\s]{1,520}>|recipient address:\s+([^\s<>@]{1,256}@[^\s<>@]{1,256}))\s*$/i;

function fromText(text: string): Failure[] {
  const lower = text.toLowerCase();
  const ends = ENDS.map((e) => lower.indexOf(e)).filter((i) => i !== -1);
  const body = text.slice(0, ends.length ? Math.min(...ends) : 64 * 1024);
  const at = Math.min(...MARKS.map((m) => body.toLowerCase().indexOf(m)).filter((i) => i !== -1), body.length);
  const listed = [...new Set(body.slice(0, at).split('\n').map((l) => LISTED.exec(l.trim().slice(0, 1100))).flatMap((m) => (m ? [normalAddress(m[1] ?? m[2])] : [])))];
  const details = body.slice(at).split('\n').map((l) => l.trim());
  const out: Failure[] = [];
  // Per recipient: its own line in the details, then (maybe after the host) what the server returned.
  for (let i = 0; i < details.length; i++) {
    if (!/^[^\s<>@"]{1,256}@[^\s<>@"]{1,256}$/.test(details[i])) continue;
    const said = returned(details.slice(i + 1, i + 4).join(' '));
    if (said) out.push(toFailure(normalAddress(details[i]), said));
  }
  if (out.length || listed.length === 0) return out;
  // One reply for everyone listed ("Reported error: 550 5.1.10 ...").
  const said = returned(details.join(' ')) ?? /reported error:\s*(.{1,1000})/i.exec(details.join(' '))?.[1];
  return listed.filter(isAddress).map((address) => toFailure(address, said ?? ''));
}

function returned(text: string): string | undefined {
  return RETURNED.exec(text)?.[1] ?? /#(\d{3} [^#]{1,1000})##/.exec(text)?.[1];
}

function toFailure(address: string, said: string): Failure {
  const diagnostic = said.replace(/\s+/g, ' ').trim();
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  return { address, action: 'failed', decodedBy: 'office365', ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) };
}
