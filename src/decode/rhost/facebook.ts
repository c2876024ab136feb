// Facebook (mailer-daemon@mx.facebook.com, "Sorry, your message could not be delivered", a
// standard DSN) and Facebook as the remote server: the reply carries one of Facebook's published
// response codes, which says what happened whatever the status code claims:
//
//   Diagnostic-Code: smtp; 550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused due to recipient preferences
//
// "5.1.1" there is not a missing mailbox: RCP-P2 is the recipient's preferences.
import type { Failure, Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

const CODE = /\b((?:RCP|INT|MSG|POL|DNS|CON)-[PT]\d)\b/;
const CODES: Record<string, Reason> = {
  'RCP-P1': 'userunknown', 'INT-P1': 'userunknown', 'INT-P3': 'userunknown', 'INT-P4': 'userunknown', // the address does not exist
  'RCP-P2': 'filtered', 'RCP-P3': 'filtered',          // the recipient's preferences / privacy settings
  'MSG-P1': 'mesgtoobig', 'INT-P2': 'mesgtoobig',     // over Facebook's size limit
  'MSG-P2': 'contenterror', 'MSG-P3': 'contenterror', 'POL-P6': 'contenterror', // attachment type, repeated header, blocked URL
  'POL-P1': 'blocked', 'POL-P2': 'blocked',           // sending IP on the Spamhaus PBL / no longer accepted
  'POL-P5': 'virusdetected',
  'POL-P7': 'policyviolation',                        // abuse or domain-authentication policy
  'POL-P3': 'blocked', 'POL-P4': 'blocked', 'POL-T1': 'blocked', 'POL-T2': 'blocked', 'POL-T3': 'blocked', // not accepting from this server for hours
  'DNS-P1': 'rejected', 'DNS-P2': 'rejected', 'DNS-T1': 'rejected', // MAIL FROM domain missing / no MX
  'DNS-P3': 'requireptr', 'DNS-T2': 'requireptr',     // no reverse DNS for the sending server
  'CON-T1': 'systemerror', 'CON-T2': 'toomanyconn', 'CON-T3': 'toomanyconn', 'CON-T4': 'toomanyconn',
  'RCP-T4': 'suspend',                                // the address is deactivated
  'RCP-T1': 'systemerror', 'MSG-T1': 'toomanyconn',
};

/** The reason Facebook's response code names, when the reply is Facebook's, or undefined. */
function facebookReason(f: Failure): Reason | undefined {
  const text = f.diagnostic ?? '';
  if (!/facebook/i.test(text) && !/facebook\.com\.?$/i.test(f.remoteMta ?? '') && !/@facebook\.com$/i.test(f.address)) return undefined;
  const code = CODE.exec(text)?.[1];
  if (!code) return undefined;
  return CODES[code] ?? (code.startsWith('INT-T') ? 'systemerror' : undefined);
}

export const facebook: ReplyTable = { name: 'facebook', decoder: 'facebook', reasonOf: facebookReason };
