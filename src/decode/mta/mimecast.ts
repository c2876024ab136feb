// Mimecast as the REMOTE server (a replying host or a link named mimecast): its fixed replies
// from Mimecast's published list of SMTP error codes. Only refusals that say nothing about the
// recipient are listed; "550 Invalid Recipient" is left to the rules.
//
//   554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554 [xxxx.us222]
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { remoteHostDecoder } from './remote-dsn.js';

const WORDS: Array<[string, Reason]> = [
  ['host network not allowed', 'policyviolation'],               // Geographical Restriction policy
  ['anti-spoofing policy', 'policyviolation'],
  ['content examination policy', 'policyviolation'],
  ['administrative prohibition envelope blocked', 'rejected'],   // Blocked Senders policy
  ['envelope blocked', 'rejected'],
  ['block policy for', 'rejected'],
  ['spf sender invalid', 'authfailure'], ['dkim sender invalid', 'authfailure'], ['dmarc sender invalid', 'authfailure'],
  ['local ct ip reputation', 'badreputation'],
  ['internal resources are temporarily unavailable', 'badreputation'], // greylisting / poor IP reputation
  ['ip temporarily blacklisted', 'blocked'], ['sender address blocked', 'blocked'],
  ['maximum email size exceeded', 'mesgtoobig'],
  ['mail loop detected', 'networkerror'],
  ['open relay not allowed', 'norelaying'],
  ['this route requires', 'securityerror'],                      // TLS required / TLS 1.2 / cipher strength
  ['unable to process connection at this time', 'systemerror'], ['message ended early', 'systemerror'],
  ['account service is temporarily unavailable', 'toomanyconn'], ['exceeding outbound thread limit', 'toomanyconn'],
  ['email rejected due to security policies', 'virusdetected'],
];

/** The reason Mimecast's reply names, when the reply is Mimecast's, or undefined. */
export function mimecastReason(f: Failure): Reason | undefined {
  const text = (f.diagnostic ?? '').toLowerCase();
  if (!text.includes('mimecast') && !/mimecast/i.test(f.remoteMta ?? '')) return undefined;
  return WORDS.find(([w]) => text.includes(w))?.[1];
}

export const mimecast = remoteHostDecoder('mimecast', mimecastReason);

// Mimecast's own notice (Subject "[Postmaster] Email Delivery Failure", Message-ID at
// *.mimecast.lan): each recipient and each part of the reason on a line of its own after "-- ":
//
//   An email that you attempted to send to the following address could not be delivered:
//   -- kijitora@example.org
//   The problem appears to be :
//   -- Recipient email address is possibly incorrect
//   Additional information follows :
//   -- 5.4.1 Recipient address rejected: Access denied.
const DASHED = /^-- (.{1,1000})$/;

export const mimecastNotice: Decoder = {
  name: 'mimecast',
  decode(mail: Mail): Failure[] {
    const ours = /\.mimecast\.lan>\s*$/i.test(mail.header('message-id') ?? '') || (mail.subject.includes('Email Delivery Failure') && /mimecast/i.test(mail.text.slice(0, 16 * 1024)));
    if (!ours) return [];
    const addresses: string[] = [];
    const words: string[] = [];
    for (const line of mail.text.slice(0, 32 * 1024).split('\n')) {
      const m = DASHED.exec(line.trimEnd());
      if (!m) continue;
      if (/^[^\s@<>]{1,256}@[^\s@<>]{1,256}$/.test(m[1])) addresses.push(m[1].toLowerCase()); else words.push(m[1].trim());
    }
    const diagnostic = words.join(' ').slice(0, 1000);
    const fromDsn = mail.dsn ? dsnFailures(mail.dsn, 'mimecast') : [];
    if (fromDsn.length) return fromDsn.map((f) => ({ ...f, ...(!f.diagnostic && diagnostic ? { diagnostic } : {}) }));
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    return addresses.map((address) => ({
      address, action: 'failed', decodedBy: 'mimecast', ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    }));
  },
};
