// Yahoo as the REMOTE server (*.yahoodns.net; links to postmaster.yahooinc.com): its fixed
// refusals, from Yahoo's published list of SMTP error codes. A missing mailbox is left to the rules.
//   553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list
//   421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints
// Its deferral codes name themselves ("[TS01]", "[TS03]", "[TSS04]": the sending IP's reputation, from
// complaints or volume; help.yahoo.com SLN3434 and SLN3436), and so did its older ones ("VS99-IP1",
// "VS1-IP": a block of the sending host; help.yahoo.com, "My email is being blocked", abuse-57).
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['yahoo requires all senders to authenticate with either spf or dkim', 'authfailure'],
  [" because the ip is in spamhaus's list", 'blocked'], ['not accepted from ip addresses on spamhaus xbl', 'blocked'],
  ['relaying denied for ', 'norelaying'],
  ['headers are not rfc compliant', 'notcompliantrfc'],
  ['not accepted for policy reasons', 'policyviolation'],
  ['temporarily deferred due to', 'badreputation'], ['permanently deferred', 'badreputation'],
  ['excessive unknown recipients', 'blocked'], ['deferred - see related help topic', 'blocked'],
  ['due to unresolvable rfc.5321', 'rejected'],
  ['user is receiving mail too quickly', 'speeding'],
  [' is no longer valid.', 'suspend'], ['this mailbox is disabled', 'suspend'],
  ['syntax error in parameters or arguments', 'syntaxerror'],
  ['max message per connection reached', 'toomanyconn'],
];

export const yahoo = wordTable('yahoo', { says: /postmaster\.yahoo(?:inc)?\.com|senders\.yahooinc\.com|\[tss?\d{2}\]|\bvs\d{1,2}-(?:ip|mf)\d?\b/, hosts: /(?:^|\.)(?:yahoodns\.net|yahoo\.com)\.?$/ }, WORDS);
