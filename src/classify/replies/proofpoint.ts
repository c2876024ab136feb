// Proofpoint (Protection Server and Essentials). Proofpoint's help pages quote few of its replies;
// these are its replies as senders quote them. Proofpoint's gateways run Postfix-style recipient
// checks ("Recipient address rejected: ..."); Apple's mail servers filter with Proofpoint too (the
// Proofpoint block list reply seen from Apple is in icloud.ts).
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const { code421: m421, code550: m550, code554: m554 } = fieldManual;

export const proofpoint: DocumentedReply[] = [
  { text: '550 5.1.1 <neko@example.com>: Recipient address rejected: User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  { text: '550 5.1.1 User Unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  { text: '550 5.1.1 - This is not a valid email address. Please verify that you have the correct email address for your recipient.', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  // Proofpoint Essentials' recipient discovery found the address invalid (a reseller's help page:
  // "the user is on the SMTP Discovery Invalid list", https://www.spambrella.com/faq/email-delivery-error-codes/).
  { text: '550 5.7.1 <neko@example.com>: Recipient address rejected: User email address is marked as invalid.', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  { text: '550 5.7.1 Relaying denied', at: 'RCPT', reason: 'norelaying', hard: false, source: m550, evidence: 'observed' },
  { text: '554 5.7.1 <neko@example.com>: Relay access denied', at: 'RCPT', reason: 'norelaying', hard: false, source: m554, evidence: 'observed' },
  // The gateway is still verifying the address with the protected server: try again later.
  { text: '421 4.1.1 <neko@example.com>: Recipient address rejected: unverified address: Address verification in progress', at: 'RCPT', reason: 'systemerror', hard: false, source: m421, evidence: 'observed' },
];
