// Zoho: the SMTP replies Zoho documents for ZeptoMail, its sending service (the replies a sender
// relaying through it gets). Zoho Mail's own inbound replies are not on a page found here.
import type { DocumentedReply } from './types.js';

export const zoho: DocumentedReply[] = [
  // The TLS requirement: failedstarttls, as Postfix's same reply (postfix.ts).
  { text: '530 Must issue a STARTTLS command first.', at: 'MAIL', reason: 'failedstarttls', hard: false, source: 'https://zstatic.zohostatic.com/zeptomail/help/api/smtp-error-codes.html' },
  { text: '535 Authentication Failed.', reason: 'securityerror', hard: false, source: 'https://zstatic.zohostatic.com/zeptomail/help/api/smtp-error-codes.html' },
  // The page: "Sending email from Invalid 'from' address domain."
  { text: '553 Relaying disallowed as sender@example.org.', at: 'MAIL', reason: 'rejected', hard: false, source: 'https://zstatic.zohostatic.com/zeptomail/help/api/smtp-error-codes.html' },
  { text: '552 5.7.1 virus Win.Test.EICAR_HDB-1 detected by Zoho Mail.', at: 'DATA', reason: 'virusdetected', hard: false, source: 'https://zstatic.zohostatic.com/zeptomail/help/api/smtp-error-codes.html' },
];
