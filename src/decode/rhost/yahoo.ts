// Yahoo as the REMOTE server (*.yahoodns.net; links to postmaster.yahooinc.com): its fixed
// refusals, from Yahoo's published list of SMTP error codes. A missing mailbox is left to the rules.
//   553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list
//   421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['yahoo requires all senders to authenticate with either spf or dkim', 'authfailure'],
  [" because the ip is in spamhaus's list", 'blocked'], ['not accepted from ip addresses on spamhaus xbl', 'blocked'],
  ['relaying denied for ', 'norelaying'],
  ['headers are not rfc compliant', 'notcompliantrfc'],
  ['not accepted for policy reasons', 'policyviolation'],
  ['temporarily deferred due to unexpected volume or user complaints', 'rejected'],
  ['due to unresolvable rfc.5321', 'rejected'], [' will be permanently deferred', 'rejected'],
  ['user is receiving mail too quickly', 'speeding'],
  [' is no longer valid.', 'suspend'], ['this mailbox is disabled', 'suspend'],
  ['syntax error in parameters or arguments', 'syntaxerror'],
  ['max message per connection reached', 'toomanyconn'],
];

export const yahoo = wordTable('yahoo', { says: /postmaster\.yahoo(?:inc)?\.com|senders\.yahooinc\.com/, hosts: /(?:^|\.)(?:yahoodns\.net|yahoo\.com)\.?$/ }, WORDS);
