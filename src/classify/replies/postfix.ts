// Postfix's own replies, from its source (the SMTP server's reject texts are format strings in
// smtpd_check.c and smtpd.c; the defaults of the configurable ones are in mail_params.h and
// postconf(5)). Checked against the 3.7.11 release the relay tests run. Example values: the
// recipient nobody@example.com, the sender sender@example.org, the client 192.0.2.1.
// By default Postfix delays every reject until RCPT TO (smtpd_delay_reject = yes), so client,
// HELO and sender rejects reach the sender in reply to RCPT TO, not to the command they judge.
import type { DocumentedReply } from './types.js';

const SRC = 'https://github.com/vdukhovni/postfix/blob/master/postfix/src/';
const check = `${SRC}smtpd/smtpd_check.c`;
const smtpd = `${SRC}smtpd/smtpd.c`;
const screen = `${SRC}postscreen/postscreen_early.c`;

export const postfix: DocumentedReply[] = [
  // reject_unlisted_recipient and friends: the address is not in the table of this domain's users.
  { text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table', at: 'RCPT', reason: 'userunknown', hard: true, source: check },
  { text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table', at: 'RCPT', reason: 'userunknown', hard: true, source: check },
  { text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in relay recipient table', at: 'RCPT', reason: 'userunknown', hard: true, source: check },
  // show_user_unknown_table_name = no
  { text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: check },
  // An address in a virtual alias domain with no alias (the text is trivial-rewrite's, smtpd sends it).
  { text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual alias table', at: 'RCPT', reason: 'userunknown', hard: true, source: `${SRC}trivial-rewrite/resolve.c` },
  // reject_unknown_recipient_domain with unknown_address_reject_code = 550 (postconf(5) names 550 for a permanent reject).
  { text: '550 5.1.2 <nobody@nx.example.com>: Recipient address rejected: Domain not found', at: 'RCPT', reason: 'hostunknown', hard: true, source: check },
  // RFC 7505 null MX: the domain says it takes no mail at all.
  { text: '556 5.1.10 <nobody@nullmx.example.com>: Recipient address rejected: Domain nullmx.example.com does not accept mail (nullMX)', at: 'RCPT', reason: 'notaccept', hard: true, source: check },
  { text: '554 5.7.1 <nobody@example.net>: Relay access denied', at: 'RCPT', reason: 'norelaying', hard: false, source: check },
  // An access(5) REJECT for this recipient: the site's policy, which says nothing about the mailbox.
  // An access table's REJECT of the recipient address: that address takes no mail (the same words
  // from Exchange Online's edge blocking and Trend Micro's hosted email name a recipient that does not exist).
  { text: '554 5.7.1 <nobody@example.com>: Recipient address rejected: Access denied', at: 'RCPT', reason: 'userunknown', hard: true, source: check },

  // The sender, judged at RCPT TO (delayed reject): never about the recipient.
  { text: '550 5.7.27 <sender@nullmx.example.org>: Sender address rejected: Domain nullmx.example.org does not accept mail (nullMX)', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  { text: '450 4.1.8 <sender@nx.example.org>: Sender address rejected: Domain not found', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  { text: '550 5.1.8 <sender@nx.example.org>: Sender address rejected: Domain not found', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  { text: '554 5.7.1 <sender@example.org>: Sender address rejected: Access denied', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  { text: '553 5.7.1 <sender@example.org>: Sender address rejected: not owned by user alice', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  { text: '504 5.5.2 <sender>: Sender address rejected: need fully-qualified address', at: 'RCPT', reason: 'rejected', hard: false, source: check },
  // An unknown sender address in a domain this server owns (reject_unlisted_sender).
  { text: '550 5.1.0 <sender@example.com>: Sender address rejected: User unknown in local recipient table', at: 'RCPT', reason: 'rejected', hard: false, source: check },

  // The sending host: DNS blocklists (default_rbl_reply in mail_params.h), reverse DNS, access maps.
  { text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', at: 'RCPT', reason: 'blocked', hard: false, source: `${SRC}global/mail_params.h` },
  { text: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1', at: 'RCPT', reason: 'blocked', hard: false, source: `${SRC}global/mail_params.h` },
  { text: '554 5.7.1 Service unavailable; Sender address [sender@example.org] blocked using dbl.spamhaus.org', at: 'RCPT', reason: 'blocked', hard: false, source: `${SRC}global/mail_params.h` },
  { text: '550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org', at: 'CONN', reason: 'blocked', hard: false, source: screen },
  // postscreen's denylist: 5.3.2 is "system not accepting network messages", here about this client only.
  { text: '550 5.3.2 Service currently unavailable', at: 'CONN', reason: 'blocked', hard: false, source: `${SRC}postscreen/postscreen.c` },
  { text: '450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]', at: 'RCPT', reason: 'requireptr', hard: false, source: check },
  { text: '550 5.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]', at: 'RCPT', reason: 'requireptr', hard: false, source: check },
  { text: '450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]', at: 'RCPT', reason: 'requireptr', hard: false, source: check },
  { text: '554 5.7.1 <mail.example.org[192.0.2.1]>: Client host rejected: Access denied', at: 'RCPT', reason: 'blocked', hard: false, source: check },
  { text: '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', at: 'RCPT', reason: 'blocked', hard: false, source: check },
  { text: '450 4.7.1 <mail.example.invalid>: Helo command rejected: Host not found', at: 'RCPT', reason: 'blocked', hard: false, source: check },
  { text: '554 5.7.1 <mail.example.org>: Helo command rejected: Access denied', at: 'RCPT', reason: 'blocked', hard: false, source: check },
  { text: '554 5.7.1 Service unavailable; Helo command [mail.example.org] blocked using dbl.spamhaus.org', at: 'RCPT', reason: 'blocked', hard: false, source: `${SRC}global/mail_params.h` },
  // postscreen's "drop" action: a blocklisted client, or one that broke the protocol (talked
  // before its turn, pipelined without leave) is refused whatever it sends.
  { text: '521 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org', at: 'CONN', reason: 'blocked', hard: false, source: screen },
  { text: '521 5.3.2 Service currently unavailable', at: 'CONN', reason: 'blocked', hard: false, source: `${SRC}postscreen/postscreen.c` },
  { text: '521 5.5.1 Protocol error', at: 'CONN', reason: 'blocked', hard: false, source: screen },
  { text: '521 5.7.0 Error: I can break rules, too. Goodbye.', at: 'CONN', reason: 'blocked', hard: false, source: `${SRC}postscreen/postscreen_smtpd.c` },

  // Limits of the server, the message or the session.
  { text: '452 4.3.1 Insufficient system storage', at: 'MAIL', reason: 'systemfull', hard: false, source: check },
  { text: '552 5.3.4 Message size exceeds fixed limit', at: 'MAIL', reason: 'mesgtoobig', hard: false, source: check },
  { text: '552 5.3.4 Message size exceeds file system imposed limit', at: 'DATA', reason: 'mesgtoobig', hard: false, source: smtpd },
  { text: '552 5.3.4 Chunk exceeds message size limit', at: 'DATA', reason: 'mesgtoobig', hard: false, source: smtpd },
  { text: '535 5.7.8 Error: authentication failed: authentication failure', reason: 'securityerror', hard: false, source: `${SRC}smtpd/smtpd_sasl_glue.c` },
  { text: '421 4.7.0 mx.example.com Error: too many connections from 192.0.2.1', at: 'CONN', reason: 'toomanyconn', hard: false, source: smtpd },
  // smtpd_client_message_rate_limit and smtpd_client_recipient_rate_limit: a rate, per client.
  { text: '450 4.7.1 Error: too much mail from 192.0.2.1', at: 'MAIL', reason: 'speeding', hard: false, source: smtpd },
  { text: '450 4.7.1 Error: too many recipients from 192.0.2.1', at: 'RCPT', reason: 'speeding', hard: false, source: smtpd },
  // smtpd_recipient_limit: too many recipients in one message.
  { text: '452 4.5.3 Error: too many recipients', at: 'RCPT', reason: 'toomanyconn', hard: false, source: smtpd },
  { text: '530 5.7.0 Must issue a STARTTLS command first', at: 'MAIL', reason: 'failedstarttls', hard: false, source: smtpd },
  { text: '451 4.3.5 Server configuration error', at: 'RCPT', reason: 'systemerror', hard: false, source: check },
  { text: '451 4.3.0 <nobody@example.com>: Temporary lookup failure', at: 'RCPT', reason: 'systemerror', hard: false, source: check },
];
