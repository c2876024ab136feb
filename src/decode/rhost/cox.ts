// Cox (cox.net) as the REMOTE server: refusals end with "AUP#<code>" from Cox's published list
// of email error codes; the code says what happened:
//
//   550 5.1.0 <sender@example.com> sender rejected. Refer to Error Codes section at
//   https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CDRBL
import type { Failure, Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

const CODE = /\bAUP#([0-9A-Z]{2,12})\b/;
const CODES: Record<string, Reason> = {
  CXBL: 'blocked',        // sending IP blocked for spam-like behaviour
  CDRBL: 'blocked',       // sending IP temporarily blocked (up to 24 hours)
  CXDNS: 'requireptr',    // reverse DNS of the sending IP fails
  CXSNDR: 'authfailure',  // SPF / DomainKeys / DKIM of the sending domain failed
  CXSMTP: 'rejected',     // SMTP protocol violation
  CXCNCT: 'toomanyconn',  // too many concurrent connections
  CXMXRT: 'toomanyconn',  // too many recipients sent, wait
  CXTHRT: 'securityerror', CXMJ: 'securityerror', // suspicious account activity
};

/** The reason Cox's AUP# code names, or undefined. */
function coxReason(f: Failure): Reason | undefined {
  const code = CODE.exec(f.diagnostic ?? '')?.[1];
  if (!code) return undefined;
  if (/^IPBL\d{4,5}$/.test(code)) return 'blocked';        // sending IP on a DNSBL (Spamhaus, CSI, ...)
  if (/^URLBL\d{3,4}$/.test(code)) return 'spamdetected';  // a URL in the message on a blocklist
  return CODES[code];
}

export const cox: ReplyTable = { name: 'cox', decoder: 'cox', reasonOf: coxReason };
