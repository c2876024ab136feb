// Tencent (QQ Mail, Foxmail: mx*.qq.com) as the REMOTE server: its refusals are fixed English
// sentences, each with a help page at service.mail.qq.com/detail/122/<n>:
//
//   550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722
//
// "Mailbox not found" is left to the shared rules (a dead mailbox only when answered at RCPT TO).
import type { Failure, Reason } from '../../core/types.js';
import { remoteHost, type ReplyTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['spf check failed', 'authfailure'], ['dmarc check failed', 'authfailure'],
  ['suspected bounce attacks', 'blocked'], ['suspected spam ip', 'blocked'], ['connection denied', 'blocked'],
  ['message too large', 'mesgtoobig'],
  ['mail is rejected by recipients', 'filtered'],   // the recipient's block list or filters
  ['spam is embedded in the email', 'spamdetected'], ['mail content denied', 'spamdetected'],
  ['suspected spam sender', 'blocked'], ['suspected spam', 'rejected'],
  // The recipient gets too much mail to take more for now (smtpfieldmanual.com/provider/qq); sic:
  // Tencent's spelling, and as senders quote it.
  ['mailbox unavailable or access denined', 'speeding'], ['mailbox unavailable or access denied', 'speeding'],
  ['error: content rejected', 'spamdetected'],   // QQ Mail's anti-spam (qqmailbox.com/transceivers/169.html)
  ['is a deactivated mailbox', 'suspend'],
  ['bad address syntax', 'syntaxerror'],
  ['ip frequency limited', 'toomanyconn'], ['domain frequency limited', 'toomanyconn'],
  ['sender frequency limited', 'speeding'],   // one sender's rate (smtpfieldmanual.com/provider/qq) ['connection frequency limited', 'toomanyconn'],
];

/** The reason Tencent's reply names, when the reply is Tencent's, or undefined. */
function tencentReason(f: Failure): Reason | undefined {
  const text = (f.diagnostic ?? '').toLowerCase();
  const ours = text.includes('mail.qq.com') || /(?:^|\.)qq\.com\.?$/.test(remoteHost(f)) || /@(?:qq|foxmail)\.com$/.test(f.address);
  return ours ? WORDS.find(([w]) => text.includes(w))?.[1] : undefined;
}

export const tencent: ReplyTable = { name: 'tencent', decoder: 'tencent', reasonOf: tencentReason };
