// Yahoo Mail and AOL (AOL's mail runs on Yahoo's; its postmaster pages now point to Yahoo's Sender
// Hub): the replies Yahoo's sender and help pages quote. The Sender Hub's error page explains the
// families of errors (TS*, PH*, ...) without their wire texts; older help articles quote them.
import type { DocumentedReply } from './types.js';

export const yahoo: DocumentedReply[] = [
  // The Sender Hub's sample failure notice: Yahoo answers each recipient after the message (qmail-style).
  { text: '554 delivery error: dd This user doesn\'t have a yahoo.com account (testing123@yahoo.com) [-5] - mta123.mail.mud.yahoo.com', at: 'DATA', reason: 'userunknown', hard: true, source: 'https://senders.yahooinc.com/smtp-error-codes/' },
  // Yahoo Mail help, "My email is being blocked by Yahoo! Mail" (2008): its list of common SMTP replies.
  // Deferral pages: a block of the sending IP, not a verdict on any address.
  { text: '553 VS99-IP1 deferred - see related help topic', reason: 'blocked', hard: false, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  // Excessive unknown recipients from the sending server: Yahoo deprioritizes that server.
  { text: '451 VS1-IP Excessive unknown recipients - possible Open Relay More information (#4.1.8)', reason: 'blocked', hard: false, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  { text: '451 VS1-MF Excessive unknown recipients - possible Open Relay More information (#4.4.5)', reason: 'blocked', hard: false, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  { text: '554 delivery error: dd This user doesn\'t have a yahoo.com account (neko@yahoo.com).', at: 'DATA', reason: 'userunknown', hard: true, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  { text: '554 delivery error: dd Sorry, your message to (neko@yahoo.com) cannot be delivered. This account is over quota.', at: 'DATA', reason: 'mailboxfull', hard: false, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  { text: '421 Resources temporarily unavailable. Please try again later.', reason: 'systemerror', hard: false, source: 'http://help.yahoo.com/l/in/yahoo/mail/original/abuse/abuse-57.html' },
  // Open relays and open proxies are refused ("Error: 553 Mail from x.x.x.x not allowed").
  { text: '553 Mail from 192.0.2.25 not allowed', at: 'MAIL', reason: 'blocked', hard: false, source: 'https://help.yahoo.com/kb/SLN5066.html' },
  // The page: the message failed DKIM, SPF or DMARC checks.
  { text: '554 5.7.9 Message not accepted for policy reasons', at: 'DATA', reason: 'authfailure', hard: false, source: 'https://help.yahoo.com/kb/SLN7253.html' },
  // Unusual traffic or complaints about the sending IP: its reputation.
  { text: '421 4.7.0 [TS01] Messages from 192.0.2.25 temporarily deferred due to user complaints -', reason: 'badreputation', hard: false, source: 'https://help.yahoo.com/mkb/article.php?locale=en_US&page=content&y=PROD_MAIL_ML&id=SLN3434' },
  // A high volume characteristic of unsolicited bulk mail from the sending IP.
  { text: '421 4.7.1 [TS03] All messages from 192.0.2.25 permanently deferred', reason: 'badreputation', hard: false, source: 'http://help.yahoo.com/kb/index?page=content&y=PROD_MAIL_MOBILE&locale=en_US&id=SLN3436' },
];
