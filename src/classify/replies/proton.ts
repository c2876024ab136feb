// Proton Mail (proton.me, protonmail.com). Proton's SMTP errors page
// (https://proton.me/support/smtp-errors) could not be read here; these are Proton's replies as
// senders quote them. Proton's MX runs Postfix.
import type { DocumentedReply } from './types.js';

export const proton: DocumentedReply[] = [
  // The message scored above the spam threshold.
  { text: '550 5.7.1 Rejected by spam filter', at: 'DATA', reason: 'spamdetected', hard: false, source: 'https://smtpfieldmanual.com/provider/protonmail', evidence: 'observed' },
  // Given at RCPT TO to a client that greeted as "localhost"; the thread concludes Proton refuses
  // such a greeting, so the meaning is uncertain: a protocol complaint, nothing about the recipient.
  { text: '550 5.5.1 Protocol error', at: 'RCPT', reason: 'syntaxerror', hard: false, source: 'https://github.com/jeremydumais/CPP-SMTPClient-library/issues/57', evidence: 'observed' },
];
