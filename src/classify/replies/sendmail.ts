// Sendmail's replies, from the 8.17.1.9 source: the server's own texts (srvrsmtp.c, recipient.c,
// daemon.c, queue.c, milter.c) and the configuration's rule-set texts (cf/m4/proto.m4 and the
// cf/feature files), which most sites run unchanged. Sendmail puts the address before an address
// error ("<nobody@example.com>... User unknown"). Example values: recipient nobody@example.com,
// sender sender@example.org, client 192.0.2.1.
import type { DocumentedReply } from './types.js';

const SRC = 'sendmail 8.17.1.9 source (https://ftp.sendmail.org/), ';
const proto = `${SRC}cf/m4/proto.m4`;
const srvr = `${SRC}sendmail/srvrsmtp.c`;

export const sendmail: DocumentedReply[] = [
  // A local recipient the aliases and passwd file do not know (EX_NOUSER).
  { text: '550 5.1.1 <nobody@example.com>... User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: `${SRC}sendmail/recipient.c` },
  { text: '550 5.1.1 <nobody@example.com>... Addressee unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: srvr },
  // FEATURE(`redirect'): the address.REDIRECT alias of a user who left.
  { text: '551 5.1.1 <nobody@example.com>... User has moved; please try <nobody@example.net>', at: 'RCPT', reason: 'hasmoved', hard: true, source: `${SRC}cf/feature/redirect.m4` },
  // FEATURE(`blocklist_recipients'): the site switched this mailbox off.
  { text: '550 5.2.1 <nobody@example.com>... Mailbox disabled for this recipient', at: 'RCPT', reason: 'suspend', hard: false, source: proto },
  { text: '550 5.7.1 <nobody@example.net>... Relaying denied', at: 'RCPT', reason: 'norelaying', hard: false, source: proto },
  { text: '550 5.7.1 <nobody@example.net>... Relaying denied. Proper authentication required.', at: 'RCPT', reason: 'norelaying', hard: false, source: proto },
  { text: '550 5.7.1 <nobody@example.net>... Relaying denied. IP name lookup failed [192.0.2.1]', at: 'RCPT', reason: 'norelaying', hard: false, source: proto },
  { text: '550 5.7.1 <nobody@example.net>... Relaying denied. IP name possibly forged mail.example.org', at: 'RCPT', reason: 'norelaying', hard: false, source: proto },
  // An access database REJECT: for the recipient it is the site's policy, for the sender a refusal of the sender.
  { text: '550 5.7.1 <nobody@example.com>... Access denied', at: 'RCPT', reason: 'policyviolation', hard: false, source: proto },
  { text: '550 5.7.1 <sender@example.org>... Access denied', at: 'MAIL', reason: 'rejected', hard: false, source: proto },
  { text: '553 5.1.8 <sender@nx.example.org>... Domain of sender address sender@nx.example.org does not exist', at: 'MAIL', reason: 'rejected', hard: false, source: proto },
  { text: '451 4.1.8 Domain of sender address sender@example.org does not resolve', at: 'MAIL', reason: 'rejected', hard: false, source: proto },
  { text: '553 5.5.4 <sender>... Domain name required for sender address sender', at: 'MAIL', reason: 'rejected', hard: false, source: proto },
  { text: '553 5.5.4 <sender@example>... Real domain name required for sender address', at: 'MAIL', reason: 'rejected', hard: false, source: proto },
  // The sending host: FEATURE(`dnsbl') and FEATURE(`require_rdns').
  { text: '550 5.7.1 Rejected: 192.0.2.1 listed at zen.spamhaus.org', at: 'RCPT', reason: 'blocked', hard: false, source: proto },
  { text: '550 5.7.1 Fix reverse DNS for 192.0.2.1', at: 'RCPT', reason: 'requireptr', hard: false, source: proto },
  { text: '451 4.1.8 Client IP address 192.0.2.1 does not resolve', at: 'RCPT', reason: 'requireptr', hard: false, source: proto },
  { text: '451 4.1.8 Possibly forged hostname for 192.0.2.1', at: 'RCPT', reason: 'requireptr', hard: false, source: proto },
  // FEATURE(`conncontrol') and FEATURE(`ratecontrol') with their default reply code, 452.
  { text: '452 4.3.2 Too many open connections.', at: 'RCPT', reason: 'toomanyconn', hard: false, source: `${SRC}cf/feature/conncontrol.m4` },
  { text: '452 4.3.2 Connection rate limit exceeded.', at: 'RCPT', reason: 'toomanyconn', hard: false, source: `${SRC}cf/feature/ratecontrol.m4` },
  { text: '421 4.4.5 Too many SMTP sessions for this host', at: 'CONN', reason: 'toomanyconn', hard: false, source: `${SRC}sendmail/daemon.c` },
  { text: '452 4.5.3 Too many recipients', at: 'RCPT', reason: 'toomanyconn', hard: false, source: srvr },
  { text: '552 5.2.3 Message size exceeds fixed maximum message size (10000000)', at: 'MAIL', reason: 'mesgtoobig', hard: false, source: srvr },
  { text: '552 5.2.3 Message size exceeds maximum value', at: 'DATA', reason: 'mesgtoobig', hard: false, source: srvr },
  { text: '452 4.4.5 Insufficient disk space; try again later', at: 'MAIL', reason: 'systemfull', hard: false, source: srvr },
  { text: '421 4.3.1 Out of disk space for temp file', at: 'DATA', reason: 'systemfull', hard: false, source: `${SRC}sendmail/collect.c` },
  { text: '554 5.4.6 Too many hops 26 (25 max): from <sender@example.org> via mx.example.com, to <nobody@example.com>', at: 'DATA', reason: 'systemerror', hard: false, source: `${SRC}sendmail/deliver.c` },
  // A milter's reject: a filter of the site (spam, policy) that gives no reason.
  { text: '550 5.7.1 Command rejected', at: 'DATA', reason: 'policyviolation', hard: false, source: `${SRC}sendmail/milter.c` },
  { text: '530 5.7.0 Authentication required', at: 'MAIL', reason: 'securityerror', hard: false, source: srvr },
  { text: '553 5.3.0 header syntax error, line "X-Broken header"', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: `${SRC}sendmail/headers.c` },
];
