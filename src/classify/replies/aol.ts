// AOL, before its mail moved onto Yahoo's systems (2018; yahoo.ts holds the replies Yahoo now
// sends for aol.com): the codes AOL's postmaster pages documented, and replies senders quoted as
// received from AOL's servers. AOL's replies named a block code and the postmaster page about it
// ("554 RLY:B1 http://postmaster.info.aol.com/errors/554rlyb1.html"); the error list gives each code
// with that URL, so the texts here are the code followed by its URL where the list gives one.
import type { DocumentedReply } from './types.js';

const errors = 'http://postmaster.info.aol.com/errors/';
// A forum copy of AOL's "SMTP Error Messages" page (postmaster.aol.com/Postmaster.Errors.php).
const errorsCopy = 'http://community.hostcheetah.com/topic/267/aol-postmaster/';
const help = 'http://help.aol.com/help/microsites/search.do?cmd=displayKC&docType=kc&externalId=73062';
// A hosting provider's list of 421 replies its customers met; these name AOL's servers.
const inmotion = 'http://www.inmotionhosting.com/support/email/bounceback-errors/email-error-421';
const wttw2012 = 'https://wordtothewise.com/2012/10/mail-problems-at-aol';

export const aol: DocumentedReply[] = [
  // "The unknown user message means either the username doesn't exist on the AOL service or no
  // longer exists on the AOL service."
  { text: '550 Mailbox not found', at: 'RCPT', reason: 'userunknown', hard: true, source: help },
  // RTR: the sending IP is on a list of dynamic/residential ranges, or looks like a compromised host.
  { text: '554 RTR:DU http://postmaster.info.aol.com/errors/554rtrdu.html', reason: 'blocked', hard: false, source: errors },
  { text: '554 RTR:BB', reason: 'blocked', hard: false, source: errorsCopy },
  { text: '554 RTR:CH', reason: 'blocked', hard: false, source: errorsCopy },
  // An IP address not yet delegated or allocated.
  { text: '554 RTR:BG', reason: 'blocked', hard: false, source: errorsCopy },
  // The IP's reverse DNS name looks like a dynamic address (it has one: not a missing PTR).
  { text: '554 RTR:RD', reason: 'blocked', hard: false, source: errorsCopy },
  // A dynamic block of the IP once member complaints pass a threshold, lifted within 24 hours.
  { text: '554 RLY:B1 http://postmaster.info.aol.com/errors/554rlyb1.html', reason: 'blocked', hard: false, source: errors },
  // A domain in the message body drew complaints (spam or phishing): a block of content, not of anyone.
  { text: '554 HVU:B1 http://postmaster.info.aol.com/errors/554hvub1.html', at: 'DATA', reason: 'spamdetected', hard: false, source: 'http://postmaster-us.info.aol.com/errors/554hvub1.html' },

  // Observed: quoted as received from AOL's servers by third parties.
  // The page gives no meaning for DYN:T1; a 421 deferral of the sending host (meaning uncertain).
  { text: '421 4.7.1 : (DYN:T1) http://postmaster.info.aol.com/errors/421dynt1.html', reason: 'blocked', hard: false, source: inmotion, evidence: 'observed' },
  { text: '421 4.4.2 mx.aol.com Error: timeout exceeded', reason: 'networkerror', hard: false, source: inmotion, evidence: 'observed' },
  // The server ends the session after the client's errors in it: a refusal of the client for now.
  { text: '421 4.7.0 mx.aol.com Error: too many errors', reason: 'blocked', hard: false, source: inmotion, evidence: 'observed' },
  { text: '421 mx.aol.com Service unavailable - try again later', reason: 'systemerror', hard: false, source: inmotion, evidence: 'observed' },
  // CON:B1: "you've topped our thresholds, back off" (https://www.wordtothewise.com/2012/08/aol-bounces-and-false-positives).
  { text: '521 5.2.1 :(CON:B1) http://postmaster.info.aol.com/errors/554conb1.html', at: 'DATA', reason: 'toomanyconn', hard: false, source: wttw2012, evidence: 'observed' },
  // Seen during AOL's 2012 mail problems; the words refuse the connection, nothing about a recipient.
  { text: '554 mtain-dc03.r1000.mx.aol.com ESMTP not accepting connections', at: 'CONN', reason: 'blocked', hard: false, source: wttw2012, evidence: 'observed' },
];
