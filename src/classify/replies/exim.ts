// Exim's own replies, from its source (smtp_in.c, receive.c, route.c, acl.c) and the messages of
// its two common configurations: the upstream default configure file and Debian's exim4-config
// (the ACL and router files under /etc/exim4/conf.d, version 4.96 as the relay tests run it).
// Checked against the 4.96 release. Example values: recipient nobody@example.com, sender
// sender@example.org, client 192.0.2.1, server mx.example.com.
import type { DocumentedReply } from './types.js';

const SRC = 'https://github.com/Exim/exim/blob/master/src/src/';
const smtpIn = `${SRC}smtp_in.c`;
const receive = `${SRC}receive.c`;
const defaults = `${SRC}configure.default`;
const debianRcpt = 'Debian exim4-config 4.96: /etc/exim4/conf.d/acl/30_exim4-config_check_rcpt';
const debianData = 'Debian exim4-config 4.96: /etc/exim4/conf.d/acl/40_exim4-config_check_data';

export const exim: DocumentedReply[] = [
  // "require verify = recipient" with the local_user router's cannot_route_message (the same in
  // the upstream configure.default): no such user.
  { text: '550 Unknown user', at: 'RCPT', reason: 'userunknown', hard: true, source: 'Debian exim4-config 4.96: /etc/exim4/conf.d/router/900_exim4-config_local_user' },
  // No router would take the address (route.c's default message), given by recipient verification.
  { text: '550 Unrouteable address', at: 'RCPT', reason: 'userunknown', hard: true, source: `${SRC}route.c` },
  { text: '550 relay not permitted', at: 'RCPT', reason: 'norelaying', hard: false, source: defaults },
  // An ACL "deny" with no message of its own: some local policy, nothing about the mailbox.
  { text: '550 Administrative prohibition', at: 'RCPT', reason: 'policyviolation', hard: false, source: smtpIn },
  { text: '550 Rejected for too many bad recipients', at: 'RCPT', reason: 'policyviolation', hard: false, source: debianRcpt },
  { text: '550 restricted characters in address', at: 'RCPT', reason: 'policyviolation', hard: false, source: debianRcpt },
  // The sender, judged in the RCPT ACL.
  { text: '550 Sender verify failed', at: 'RCPT', reason: 'rejected', hard: false, source: `${SRC}acl.c` },
  { text: '550 Sender verification failed', at: 'RCPT', reason: 'rejected', hard: false, source: debianRcpt },
  { text: '550 sender envelope address sender@example.org is locally blacklisted here. If you think this is wrong, get in touch with postmaster', at: 'RCPT', reason: 'rejected', hard: false, source: debianRcpt },
  { text: '550 sender IP address 192.0.2.1 is locally blacklisted here. If you think this is wrong, get in touch with postmaster', at: 'RCPT', reason: 'blocked', hard: false, source: debianRcpt },
  { text: '550 [SPF] 192.0.2.1 is not allowed to send mail from example.org.', at: 'RCPT', reason: 'authfailure', hard: false, source: debianRcpt },
  { text: '451 Temporary DNS error while checking SPF record.  Try again later.', at: 'RCPT', reason: 'authfailure', hard: false, source: debianRcpt },
  // The default configure file's DNS blocklist example; the second line is the list's own text.
  { text: '550 rejected because 192.0.2.1 is in a black list at zen.spamhaus.org https://www.spamhaus.org/query/ip/192.0.2.1', at: 'RCPT', reason: 'blocked', hard: false, source: defaults },

  // The content, judged at the end of DATA.
  { text: '550 maximum allowed line length is 998 octets, got 1200', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: debianData },
  { text: '550 header syntax', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: debianData },
  { text: '550 No verifiable sender address in message headers', at: 'DATA', reason: 'rejected', hard: false, source: debianData },
  { text: '552 Message header is ridiculously long', at: 'DATA', reason: 'contenterror', hard: false, source: receive },
  { text: '552 A message header line is too long', at: 'DATA', reason: 'contenterror', hard: false, source: receive },

  // Limits of the server, the message or the session.
  { text: '552 Message size exceeds maximum permitted', at: 'DATA', reason: 'mesgtoobig', hard: false, source: receive },
  { text: '452 Space shortage, please try later', at: 'MAIL', reason: 'systemfull', hard: false, source: smtpIn },
  { text: '452 too many recipients', at: 'RCPT', reason: 'toomanyconn', hard: false, source: smtpIn },
  // recipients_max with recipients_max_reject set: refused instead of deferred.
  { text: '552 too many recipients', at: 'RCPT', reason: 'toomanyconn', hard: false, source: smtpIn },
  { text: '421 mx.example.com: Too many concurrent SMTP connections; please try again later', at: 'CONN', reason: 'toomanyconn', hard: false, source: smtpIn },
  { text: '451 Temporary local problem - please try later', at: 'RCPT', reason: 'systemerror', hard: false, source: smtpIn },
  { text: '554 SMTP service not available', at: 'CONN', reason: 'blocked', hard: false, source: smtpIn },
  { text: '535 Incorrect authentication data', reason: 'securityerror', hard: false, source: smtpIn },
];
