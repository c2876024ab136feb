// Zimbra: its MTA is Postfix (see postfix.ts); these are the replies of its mailbox server's LMTP
// service, which the MTA passes back when the mailbox refuses a message (LmtpReply.java).
import type { DocumentedReply } from './types.js';

const lmtp = 'https://github.com/Zimbra/zm-mailbox/blob/develop/store/src/java/com/zimbra/cs/lmtpserver/LmtpReply.java';

export const zimbra: DocumentedReply[] = [
  { text: '550 5.1.1 No such user here', at: 'RCPT', reason: 'userunknown', hard: true, source: lmtp },
  { text: '552 5.2.2 Over quota', reason: 'mailboxfull', hard: false, source: lmtp },
  { text: '452 4.2.2 Over quota', reason: 'mailboxfull', hard: false, source: lmtp },
  { text: '450 4.2.1 Mailbox disabled, not accepting messages', at: 'RCPT', reason: 'suspend', hard: false, source: lmtp },
  { text: '450 4.2.0 Mailbox is not on this server', at: 'RCPT', reason: 'systemerror', hard: false, source: lmtp },
  { text: '451 4.0.0 Temporary message delivery failure try again', reason: 'systemerror', hard: false, source: lmtp },
  // 4.2.2 here is not a full mailbox: the server takes mail only over TLS.
  { text: '451 4.2.2 Server accepts messages only on TLS connection', reason: 'failedstarttls', hard: false, source: lmtp },
  // 4.3.2: the LMTP service is switched off, nothing about the recipient.
  { text: '421 4.3.2 Service not available, closing transmission channel', reason: 'systemerror', hard: false, source: lmtp },
  // The mailbox's own filter (Sieve "reject") refused the message.
  { text: '550 5.7.1 Message rejected', at: 'DATA', reason: 'filtered', hard: false, source: lmtp },
];
