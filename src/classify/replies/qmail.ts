// qmail's texts, from its source (notqmail, which keeps netqmail 1.06's texts): the SMTP server's
// replies (qmail-smtpd.c, which never checks a recipient's mailbox: a stock qmail accepts every
// address of its domains and reports an unknown one in its own bounce), and the reasons qmail
// gives in that bounce for a local delivery (qmail-local.c), a remote delivery (qmail-remote.c)
// and a delivery that ran out of time (qmail-send.c). The bounce texts have no SMTP stage.
import type { DocumentedReply } from './types.js';

const SRC = 'https://github.com/notqmail/notqmail/blob/master/';
const smtpd = `${SRC}qmail-smtpd.c`;
const local = `${SRC}qmail-local.c`;
const remote = `${SRC}qmail-remote.c`;

export const qmail: DocumentedReply[] = [
  { text: "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", at: 'RCPT', reason: 'norelaying', hard: false, source: smtpd },
  // control/badmailfrom: checked at RCPT TO, about the sender.
  { text: '553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)', at: 'RCPT', reason: 'rejected', hard: false, source: smtpd },
  { text: '552 sorry, that message size exceeds my databytes limit (#5.3.4)', at: 'DATA', reason: 'mesgtoobig', hard: false, source: smtpd },
  { text: '554 too many hops, this message is looping (#5.4.6)', at: 'DATA', reason: 'systemerror', hard: false, source: smtpd },
  { text: '451 qqt failure (#4.3.0)', at: 'DATA', reason: 'systemerror', hard: false, source: smtpd },
  { text: '421 unable to read controls (#4.3.0)', at: 'CONN', reason: 'systemerror', hard: false, source: smtpd },
  { text: '451 timeout (#4.4.2)', at: 'DATA', reason: 'networkerror', hard: false, source: smtpd },

  // qmail-local: no .qmail file for the address, a loop, a broken home directory.
  { text: 'Sorry, no mailbox here by that name. (#5.1.1)', reason: 'userunknown', hard: true, source: local },
  { text: 'This message is looping: it already has my Delivered-To line. (#5.4.6)', reason: 'systemerror', hard: false, source: local },
  { text: 'Uh-oh: home directory is writable. (#4.7.0)', reason: 'systemerror', hard: false, source: local },
  { text: 'Unable to chdir to maildir. (#4.2.1)', reason: 'systemerror', hard: false, source: local },

  // qmail-remote: what it met on the way to the recipient's server.
  { text: "Sorry, I couldn't find any host named nx.example.com. (#5.1.2)", reason: 'hostunknown', hard: true, source: remote },
  { text: "Sorry, I couldn't find any host by that name. (#4.1.2)", reason: 'networkerror', hard: false, source: remote },
  { text: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", reason: 'networkerror', hard: false, source: remote },
  // The name exists but gives neither MX nor address: DNS says something is wrong, not that the
  // domain is gone (the reference decoder calls it a network error too).
  { text: "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", reason: 'networkerror', hard: false, source: remote },
  { text: "Sorry. Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)", reason: 'networkerror', hard: false, source: remote },
  { text: 'Connected to 192.0.2.1 but sender was rejected. Remote host said: 553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)', at: 'MAIL', reason: 'rejected', hard: false, source: remote },
  { text: 'Connected to 192.0.2.1 but connection died. (#4.4.2)', reason: 'networkerror', hard: false, source: remote },
  // qmail-send gives up on a message deferred past queuelifetime, after the last reason.
  { text: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.", reason: 'expired', hard: false, source: `${SRC}qmail-send.c` },
];
