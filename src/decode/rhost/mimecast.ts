// Mimecast as the REMOTE server (a replying host or a link named mimecast): its fixed replies
// from Mimecast's published list of SMTP error codes ("Mimecast SMTP Error Codes", the reasons as
// src/classify/replies/mimecast.ts gives them). Only refusals that say nothing about the
// recipient are listed; "550 Invalid Recipient" is left to the rules.
//
//   554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554 [xxxx.us222]
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['host network not allowed', 'policyviolation'],               // Geographical Restriction policy
  ['anti-spoofing policy', 'policyviolation'],
  ['content examination policy', 'policyviolation'],
  ['administrative prohibition envelope blocked', 'rejected'],   // Blocked Senders policy
  ['envelope blocked', 'rejected'],
  ['block policy for', 'rejected'],
  ['spf sender invalid', 'authfailure'], ['dkim sender invalid', 'authfailure'], ['dmarc sender invalid', 'authfailure'],
  ['local ct ip reputation', 'badreputation'],
  ['internal resources are temporarily unavailable', 'badreputation'], ['internal resource temporarily unavailable', 'badreputation'], // greylisting / poor IP reputation
  ['recipient temporarily unavailable', 'blocked'],              // the sending IP is listed for too many invalid connections
  ['ip temporarily blacklisted', 'blocked'], ['sender address blocked', 'blocked'],
  ['maximum email size exceeded', 'mesgtoobig'],
  ['mail loop detected', 'systemerror'],
  ['open relay not allowed', 'norelaying'],
  ['this route requires', 'failedstarttls'],                     // TLS required / TLS 1.2 / cipher strength
  ['unable to process connection at this time', 'systemerror'], ['message ended early', 'systemerror'],
  ['account service is temporarily unavailable', 'toomanyconn'], ['exceeding outbound thread limit', 'toomanyconn'],
  ['email rejected due to security policies', 'virusdetected'],
];

export const mimecast = wordTable('mimecast', { says: /mimecast/, hosts: /mimecast/ }, WORDS);
