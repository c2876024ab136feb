// Outlook.com / Hotmail / Microsoft 365 as the REMOTE server: their refusals carry Microsoft's
// own codes, which say more than the words around them (Microsoft's published list):
//
//   550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.1 weren't sent. ... too many unwanted messages ...
//   550 DY-001 (...) Unfortunately, messages from 192.0.2.1 weren't sent. ... dynamic IP
//   451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.
//   550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. ... (S3150)
//
// SC-/DY- and S3140/S3150 are blocks of the sending IP; 4.7.650 is its reputation. None says
// anything about the recipient.
import type { Failure, Reason } from '../../core/types.js';
import { remoteHostDecoder } from './remote-dsn.js';

const CODES: Array<[RegExp, Reason]> = [
  [/\b(?:sc-00[1-4]|dy-00[12])\b/, 'blocked'],
  [/\(s3(?:140|150)\)/, 'blocked'],
  [/\b4\.7\.650\b/, 'badreputation'],
];

/** The reason a Microsoft code in the reply names, or undefined. */
export function microsoftReason(f: Failure): Reason | undefined {
  const text = (f.diagnostic ?? '').toLowerCase();
  if (!text) return undefined;
  return CODES.find(([re]) => re.test(text))?.[1];
}

export const microsoft = remoteHostDecoder('microsoft', microsoftReason);
