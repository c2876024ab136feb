// Outlook.com / Hotmail / Microsoft 365 / Exchange as the REMOTE server: their refusals carry
// Microsoft's own codes and fixed sentences (Microsoft's published NDR lists), which say more than
// the words around them:
//
//   550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.1 weren't sent. ... too many unwanted messages ...
//   451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.
//   550 5.7.606 Access denied, banned sending IP [192.0.2.1]
//   550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; Sender not authenticated for group
//
// Sentences only Exchange writes are read wherever they appear; the plainer ones ("message
// expired", "routing loop detected") only when the reply names a Microsoft host. None of these
// says the recipient's mailbox is gone: that is left to the rules.
import type { Failure, Reason } from '../../core/types.js';
import { remoteHost, type ReplyTable } from './table.js';

const CODES: Array<[RegExp, Reason]> = [
  [/\b(?:sc-00[1-4]|dy-00[12])\b/, 'blocked'],       // "Unfortunately, messages from x weren't sent": the sending IP
  [/\(s3(?:140|150)\)/, 'blocked'],                  // "part of their network is on our block list (S3150)"
  [/\b4\.7\.650\b/, 'badreputation'],                // "temporarily rate limited due to IP reputation"
  // Directory Based Edge Blocking: "550 5.4.1 Recipient address rejected: Access denied", "550 5.7.504
  // [x]: Recipient address rejected: Access denied": the page says the recipient does not exist in
  // the organisation (also relayed by gateways in front of it: "550 cuda_nsu 5.4.1 [x]: ...").
  [/\b5\.(?:4\.1|7\.504)\b.{0,120}recipient address rejected: access denied/, 'userunknown'],
  [/\b5\.7\.13[3-6]\b/, 'filtered'],                // a group or mailbox that takes mail only from some senders
  [/\b5\.6\.11\b/, 'notcompliantrfc'],              // "Invalid characters": bare line feeds in the message
  [/\b5\.7\.511\b/, 'blocked'],                     // "Access denied, banned sender": the sending IP, as 5.7.606
  [/\b5\.7\.70[58]\b/, 'blocked'],                  // "tenant has exceeded threshold", "traffic not accepted from this IP"
];
// Sentences only Exchange / Microsoft 365 writes.
const EXCHANGE: Array<[string, Reason]> = [
  ['access denied, banned sending ip', 'blocked'], ['access denied, bad helo', 'blocked'], ['access denied, rejected by recipient', 'blocked'],
  ['access denied, banned sender', 'rejected'], ['access denied, banned recipient', 'filtered'], ['using customer block list', 'blocked'],
  ['does not accept email over ipv6', 'policyviolation'],
  ['access denied, please try again later', 'blocked'],
  ['must have a reverse dns record', 'requireptr'],
  ['access denied, spam abuse detected', 'rejected'], ['access denied, bad outbound sender', 'rejected'],
  ['client blocked from sending from unregistered domains', 'blocked'],
  ['tenant recipient block policy', 'policyviolation'],   // the sender's own organisation blocks the recipient
  ['does not meet the required authentication level', 'authfailure'],
  // The recipient (a group, a mailbox, a public folder) takes mail only from some senders: its own restriction.
  ['sender was not authenticated by organization', 'filtered'], ['sender not in allowed-senders list', 'filtered'], ['sender not authenticated for group', 'filtered'],
  ['sender was not authenticated for mailbox', 'filtered'], ['sender was not authenticated for public folder', 'filtered'],
  ['delivery not authorized, message refused', 'policyviolation'],   // a mail flow (transport) rule
  ['must be rfc 5322 section 3.6.2 compliant', 'notcompliantrfc'],
  ['must pass either spf or dkim validation', 'authfailure'], ['does not pass dmarc verification', 'authfailure'],
  ['the message was rejected because of sender policy framework violation', 'authfailure'],
  ['failed dane validation', 'securityerror'], ['dnssec-invalid', 'securityerror'], ['certificate-host-mismatch', 'securityerror'],
  ['hop count exceeded - possible mail loop', 'systemerror'],
  ['tenantattribution; relay access denied', 'norelaying'],
  ['message too big for system', 'mesgtoobig'],
];
// Plainer sentences, read only in a Microsoft server's reply.
const HOSTED: Array<[string, Reason]> = [
  ['routing loop detected', 'networkerror'], ['queue expired; message expired', 'expired'], ['message expired', 'expired'],
  ['invalid characters', 'notcompliantrfc'], ['invalid message content', 'contenterror'],
  // A group or mailbox that takes mail only from some senders (Exchange Online's NDR list, 5.7.1).
  ['delivery not authorized', 'filtered'],
];

/** The reason a Microsoft code or sentence in the reply names, or undefined. */
function microsoftReason(f: Failure): Reason | undefined {
  const text = (f.diagnostic ?? '').toLowerCase();
  if (!text) return undefined;
  const code = CODES.find(([re]) => re.test(text))?.[1] ?? EXCHANGE.find(([w]) => text.includes(w))?.[1];
  if (code) return code;
  const host = remoteHost(f);
  const microsoft = /\.outlook\.com\b|postmaster\.live\.com|\.hotmail\.com\b/.test(text) || /(?:^|\.)(?:outlook\.com|hotmail\.com|live\.com|msn\.com)\.?$/.test(host);
  return microsoft ? HOSTED.find(([w]) => text.includes(w))?.[1] : undefined;
}

export const microsoft: ReplyTable = { name: 'microsoft', decoder: 'microsoft', reasonOf: microsoftReason };
