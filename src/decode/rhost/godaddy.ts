// GoDaddy (smtp.secureserver.net) as the REMOTE server: its refusals end with one of GoDaddy's
// published bounceback codes "IBnnn", which names the reason:
//
//   550 5.1.0 192.0.2.1 is not allowed to send from <example.net> per it's SPF Record. Please
//   inspect your SPF settings, and try again. IB508 <http://x.co/srbounce>
import type { Failure, Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

const CODE = /\s(IB\d{3})\b/;
const CODES: Record<string, Reason> = {
  IB401: 'securityerror',   // authentication is not allowed on inbound mail
  IB501: 'notcompliantrfc', IB502: 'notcompliantrfc', // blank From: / an IP address as From:
  IB506: 'rejected',        // From: domain is invalid
  IB508: 'authfailure',     // invalid SPF record
  IB108: 'requireptr',      // reverse DNS for this IP failed
  IB212: 'spamdetected',    // content judged to be spam
  IB705: 'virusdetected',
  IB605: 'toomanyconn', IB007: 'toomanyconn', // too many recipients / sessions
  IB101: 'speeding', IB504: 'speeding', IB510: 'speeding', IB607: 'speeding', // rate limits
  IB110: 'blocked', IB111: 'blocked', IB112: 'blocked', IB113: 'blocked', // IP blocked for spam / invalid recipients
  IB103: 'badreputation',   // poor reputation on Cloudmark CSI
  IB104: 'blocked', IB105: 'blocked', IB106: 'blocked', // Spamhaus SBL / XBL / PBL
};

/** The reason GoDaddy's IBnnn code names, or undefined. */
function godaddyReason(f: Failure): Reason | undefined {
  const code = CODE.exec(f.diagnostic ?? '')?.[1];
  return code ? CODES[code] : undefined;
}

export const godaddy: ReplyTable = { name: 'godaddy', decoder: 'godaddy', reasonOf: godaddyReason };
