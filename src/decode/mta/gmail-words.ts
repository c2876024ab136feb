import type { Reason } from '../../core/types.js';

// Google's own words (not the remote server's) that say what happened.
const OWN_WORDS: Array<[string, Reason]> = [
  // "The recipient server did not accept our requests to connect. Learn more at ..."
  ['did not accept our requests to connect', 'expired'],
  // "DNS Error: Could not contact DNS servers"
  ['could not contact dns servers', 'expired'],
  // "DNS Error: Domain name not found" / "DNS Error: DNS server returned answer with no data"
  ['dns error: domain name not found', 'hostunknown'],
  ['dns error: dns server returned answer with no data', 'hostunknown'],
  // "Technical details of permanent failure: Storage quota exceeded"
  ['storage quota exceeded', 'mailboxfull'],
  // "Your email to group x@example.com was rejected due to spam classification."
  ['rejected due to spam classification', 'spamdetected'],
  // "You're sending this from a different address or alias using the 'Send mail as' feature."
  ["'send mail as'", 'rejected'],
];

/** The reason Google's own words in a notice name (not the remote server's), or undefined. */
export function ownReason(text: string): Reason | undefined {
  const lower = text.toLowerCase();
  return OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
}
