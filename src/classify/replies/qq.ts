// QQ Mail and Tencent Exmail (qq.com, foxmail.com, exmail.qq.com). Tencent's help pages, which the
// replies link to, were not available here; these are the replies as senders quote them, with the
// manual's notes on each from those pages.
import type { DocumentedReply } from './types.js';

const manual = 'https://smtpfieldmanual.com/provider/qq';
// A copy of QQ Mail's help page on returned mail (its table of reply texts; the explanations did not survive).
const help = 'https://qqmailbox.com/transceivers/169.html';

export const qq: DocumentedReply[] = [
  { text: '550 Mailbox not found. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728', at: 'RCPT', reason: 'userunknown', hard: true, source: manual, evidence: 'observed' },
  // Which address has bad syntax (the sender's or the recipient's) the reply does not say.
  { text: '501 Bad address syntax. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000730', reason: 'syntaxerror', hard: false, source: manual, evidence: 'observed' },
  // The recipient's personal block list or one of their filters.
  { text: '550 Mail is rejected by recipients', reason: 'filtered', hard: false, source: manual, evidence: 'observed' },
  // The manual: the recipient is receiving a large number of mails in a short time and sending to
  // them is temporarily prohibited (the words alone would say less).
  { text: '550 Mailbox unavailable or access denied', at: 'RCPT', reason: 'speeding', hard: false, source: manual, evidence: 'observed' },
  // Content sent in large numbers and reported as spam by many users.
  { text: '550 Mail content denied. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726', at: 'DATA', reason: 'spamdetected', hard: false, source: manual, evidence: 'observed' },
  { text: '550 Sender frequency limited. http://service.exmail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000723', reason: 'speeding', hard: false, source: manual, evidence: 'observed' },
  // Much spam came from the sender's domain or mail operator.
  { text: '550 Suspected spam sender.', reason: 'blocked', hard: false, source: manual, evidence: 'observed' },
  { text: '550 DMARC check failed http://service.mail.qq.com/cgi-bin/help?subtype=1&&no=1001508&&id=16.', at: 'DATA', reason: 'authfailure', hard: false, source: manual, evidence: 'observed' },
  { text: '500 Error: bad syntax', reason: 'syntaxerror', hard: false, source: help, evidence: 'observed' },
  // Refused for its content (QQ's anti-spam); the copy keeps no explanation, so the meaning is uncertain.
  { text: '550 Error: content rejected', at: 'DATA', reason: 'spamdetected', hard: false, source: help, evidence: 'observed' },
];
