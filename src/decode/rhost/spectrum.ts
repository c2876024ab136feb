// Spectrum / Charter (charter.net) as the REMOTE server: refusals carry "AUP#I-<nnnn>" (incoming)
// or "AUP#O-<nnnn>" (outgoing) from Spectrum's published list of email error codes:
//
//   550 5.1.0 <sender@example.com> sender rejected. Please see
//   https://www.spectrum.net/support/internet/understanding-email-error-codes for more information. AUP#In-1310
import type { Failure, Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

const CODE = /\bAUP#[-A-Za-z]{0,4}(\d{4})\b/;
// [first, last, reason]: Spectrum's codes come in ranges.
const RANGES: Array<[number, number, Reason]> = [
  [1000, 1000, 'blocked'],          // sending IP blocked for suspicious activity
  [1010, 1080, 'rejected'],         // sending account blocked or limited
  [1090, 1090, 'systemerror'],      // cannot be processed now
  [1100, 1150, 'requireptr'],       // DNS / reverse DNS of the sending IP
  [1160, 1190, 'policyviolation'],  // against the domain's security policies
  [1200, 1250, 'blocked'],          // Cloudmark CSI / Spamhaus listing
  [1260, 1260, 'networkerror'],     // no IPv6
  [1300, 1340, 'toomanyconn'],      // connection limits
  [1350, 1490, 'speeding'],         // message / recipient rate limits
  [1500, 1520, 'rejected'],         // sending as another address
  [1530, 1530, 'mesgtoobig'],       // over 20 MB
  [1540, 1550, 'speeding'],         // too many messages per session / recipients per message
  [1560, 1560, 'policyviolation'],  // too many invalid recipients
  [1580, 1580, 'speeding'],
];

/** The reason Spectrum's AUP# code names, or undefined. */
function spectrumReason(f: Failure): Reason | undefined {
  const m = CODE.exec(f.diagnostic ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return RANGES.find(([a, b]) => n >= a && n <= b)?.[2];
}

export const spectrum: ReplyTable = { name: 'spectrum', decoder: 'spectrum', reasonOf: spectrumReason };
