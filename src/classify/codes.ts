// What the codes of a reply say by themselves, as data: the enhanced status codes (RFC 3463 and
// the IANA "SMTP Enhanced Status Codes" registry) that name a reason, the ones used too loosely to
// name it before the words, the words that overrule a status, and the basic reply codes (RFC 5321)
// that name a reason when nothing else does. How they are weighed is in ./index.ts.
import type { Reason } from '../core/types.js';

/** Reply codes that name a reason when nothing else did (no status, no words understood). */
export interface ReplyRule {
  id: string;
  reason: Reason;
  reply: string[];
}
export const REPLY_RULES: ReplyRule[] = [
  // RFC 7504: "556 5.1.10 Recipient address has null MX" / "556 Domain does not accept mail"
  { id: 'reply/556-no-mail', reason: 'notaccept', reply: ['556'] },
  // RFC 5321 §4.2.3: "421 <domain> Service not available, closing transmission channel" (the server
  // is going away for now), "451 Requested action aborted: local error in processing". Yahoo (help.yahoo.com, abuse-57): "421 Resources temporarily unavailable.
  // Please try again later."
  { id: 'reply/421-451-local', reason: 'systemerror', reply: ['421', '451'] },
  // "500 5.5.1 Command unrecognized", "501 Syntax error in parameters", "503 Bad sequence of commands",
  // "504 Command parameter not implemented"
  { id: 'reply/50x-syntax', reason: 'syntaxerror', reply: ['500', '501', '502', '503', '504'] },
];

/**
 * RFC 3463 codes that name a reason by themselves (after Sisimai's reading of the RFC), with the
 * meanings the IANA "SMTP Enhanced Status Codes" registry gives where the two differ: X.3.2 "System
 * not accepting network messages" (shutdown, load, maintenance: the system, not a domain that takes
 * no mail), X.3.0 "Other or undefined mail system status", X.1.4 "Destination mailbox address
 * ambiguous", X.4.4 "Unable to route" (the routing information was unavailable: NXDOMAIN's own
 * words say more, see hostunknown/domain), X.5.3 "Too many recipients", X.5.4 "Invalid command
 * arguments", X.5.1 "Invalid command", X.2.4 "Mailing list expansion problem", X.7.27 "Sender address has null MX" (the sender's domain, RFC 7505 §4.2).
 */
export const STATUS_NAMES: Record<string, Reason> = {
  '2.1.5': 'delivered',
  '4.1.6': 'hasmoved', '4.1.7': 'rejected', '4.1.8': 'rejected', '4.1.9': 'systemerror',
  '4.2.1': 'suspend', '4.2.2': 'mailboxfull', '4.2.3': 'exceedlimit', '4.2.4': 'systemerror',
  '4.3.0': 'systemerror', '4.3.1': 'systemfull', '4.3.2': 'systemerror', '4.3.3': 'systemerror', '4.3.5': 'systemerror',
  '4.4.1': 'expired', '4.4.2': 'networkerror', '4.4.3': 'systemerror', '4.4.4': 'networkerror', '4.4.5': 'systemfull',
  '4.4.6': 'networkerror', '4.4.7': 'expired', '4.4.8': 'networkerror', '4.5.3': 'toomanyconn', '4.5.5': 'systemerror',
  '4.6.0': 'contenterror', '4.6.2': 'contenterror', '4.6.5': 'contenterror',
  '4.7.1': 'blocked', '4.7.2': 'blocked', '4.7.5': 'securityerror', '4.7.6': 'securityerror', '4.7.7': 'securityerror',
  '4.7.12': 'securityerror', '4.7.15': 'securityerror', '4.7.16': 'mesgtoobig', '4.7.24': 'authfailure', '4.7.25': 'requireptr', '4.7.26': 'authfailure',
  '5.1.0': 'userunknown', '5.1.1': 'userunknown', '5.1.2': 'hostunknown', '5.1.3': 'userunknown', '5.1.4': 'systemerror',
  '5.1.6': 'hasmoved', '5.1.7': 'rejected', '5.1.8': 'rejected', '5.1.9': 'systemerror', '5.1.10': 'notaccept',
  '5.2.0': 'filtered', '5.2.1': 'filtered', '5.2.2': 'mailboxfull', '5.2.3': 'exceedlimit', '5.2.4': 'systemerror',
  '5.3.0': 'systemerror', '5.3.1': 'systemfull', '5.3.2': 'systemerror', '5.3.3': 'systemerror', '5.3.4': 'mesgtoobig', '5.3.5': 'systemerror',
  '5.4.0': 'networkerror', '5.4.3': 'systemerror', '5.4.4': 'networkerror',
  '5.5.1': 'syntaxerror', '5.5.2': 'syntaxerror', '5.5.3': 'toomanyconn', '5.5.4': 'syntaxerror', '5.5.5': 'systemerror', '5.5.6': 'syntaxerror',
  '5.6.0': 'contenterror', '5.6.1': 'contenterror', '5.6.2': 'contenterror', '5.6.3': 'contenterror', '5.6.5': 'contenterror',
  '5.6.6': 'contenterror', '5.6.7': 'contenterror', '5.6.8': 'contenterror', '5.6.9': 'contenterror',
  '5.7.0': 'securityerror', '5.7.1': 'securityerror', '5.7.2': 'securityerror', '5.7.3': 'securityerror', '5.7.4': 'securityerror',
  '5.7.5': 'securityerror', '5.7.6': 'securityerror', '5.7.7': 'securityerror', '5.7.8': 'securityerror', '5.7.9': 'securityerror',
  '5.7.10': 'securityerror', '5.7.11': 'securityerror', '5.7.13': 'suspend', '5.7.14': 'securityerror', '5.7.15': 'securityerror',
  '5.7.16': 'mesgtoobig', '5.7.17': 'hasmoved', '5.7.18': 'hasmoved', '5.7.19': 'securityerror', '5.7.20': 'authfailure',
  '5.7.21': 'authfailure', '5.7.22': 'authfailure', '5.7.23': 'authfailure', '5.7.24': 'authfailure', '5.7.25': 'requireptr',
  '5.7.26': 'authfailure', '5.7.27': 'rejected', '5.7.28': 'speeding', '5.7.29': 'authfailure', '5.7.30': 'securityerror',
};

/**
 * Codes used too loosely in the wild for their name to come before the words: the name is taken
 * only when no words name a reason. 4.7.1 (a temporary refusal of any kind: greylisting, a rate, a
 * missing PTR, a busy service), 4.4.5 (congestion, a full disk, too many sessions), 4.7.28 / 5.7.28
 * ("mail flood": a rate, or a block of the source, as the words say), 5.7.27 (Sendmail writes it for
 * a recipient domain's null MX, "550 Host does not accept mail"; Gmail for a failed SPF check), 5.5.6
 * (X.5.6 is an AUTH line too long; Exchange writes it for "Invalid message content").
 */
export const LOOSE_STATUS: ReadonlySet<string> = new Set(['4.7.1', '4.4.5', '4.7.28', '5.7.28', '5.7.27', '5.5.6']);

/**
 * Words that overrule the reason a status names: the status and the words disagree, and the words
 * say what happened. "550 5.2.2 Submission quota exceeded" is the sender's quota, not a full
 * mailbox; "552 5.3.4 ... exceeds Google's header name limit" a limit other than the size.
 */
export const OVERRULED_BY: Partial<Record<Reason, Reason[]>> = {
  mailboxfull: ['speeding'],
  // Exchange's "5.1.6 Recipient addresses in single label domains not accepted"; qmail's "sorry, no
  // mailbox here by that name. (#5.7.17)" (X.7.17 is RFC 7293's "mailbox owner has changed").
  hasmoved: ['hostunknown', 'userunknown'],
  mesgtoobig: ['exceedlimit'],
};
