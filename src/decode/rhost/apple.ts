// Apple iCloud Mail (mx*.mail.icloud.com, me.com, apple.com) as the REMOTE server: fixed replies,
// most with a link to support.apple.com. Only the refusals that say nothing about the recipient
// are listed; a missing or moved mailbox is left to the shared rules.
//
//   421 4.7.1 Messages to x@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137
//   550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ["'s dmarc policy", 'authfailure'], ['blocked for failing both spf and dkim', 'authfailure'],
  ['rejected due to having a domain present in the spamhaus', 'blocked'], ['rejected due to listing in spamhaus', 'blocked'],
  ['support.proofpoint.com/dnsbl-lookup', 'blocked'], ['not accepting connections', 'blocked'],
  ['due to local policy', 'policyviolation'],
  ['due to excessive volume', 'speeding'],
];

export const apple = wordTable('apple', { says: /support\.apple\.com/, hosts: /(?:^|\.)(?:icloud\.com|me\.com|apple\.com)\.?$/ }, WORDS);
