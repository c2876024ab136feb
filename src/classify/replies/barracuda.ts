// Barracuda (Email Security Gateway and the cloud Email Security Service). Barracuda's SMTP error
// page explains the codes of other servers, not its own replies; these are its replies as senders
// quote them. "cuda_nsu" marks a recipient check against the protected mail server.
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const { code421: m421, code450: m450, code451: m451, code550: m550, code554: m554 } = fieldManual;
const codes550 = 'https://smtp.codes/550';

export const barracuda: DocumentedReply[] = [
  { text: '550 cuda_nsu 5.1.1 <neko@example.com>... User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  { text: '550 cuda_nsu 5.1.1 <neko@example.com> Recipient address rejected: User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: codes550, evidence: 'observed' },
  { text: '550 No such user (neko@example.com)', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  // The protected Microsoft 365 domain has no such recipient (Exchange Online's 5.4.1, relayed).
  { text: '550 cuda_nsu 5.4.1 [neko@example.com]: Recipient address rejected: Access denied [example.com]', at: 'RCPT', reason: 'userunknown', hard: true, source: m550, evidence: 'observed' },
  // The pages explain only the code (mailbox unavailable: not found or refused by policy), so the
  // meaning is uncertain: a policy refusal, not a dead address.
  { text: '550 Blocked', reason: 'blocked', hard: false, source: m550, evidence: 'observed' },
  // Barracuda takes the message for an impersonation of a known brand.
  { text: '550 rejecting spoofed message', at: 'DATA', reason: 'policyviolation', hard: false, source: m550, evidence: 'observed' },
  // A URL in the content is on a block list.
  { text: '554 rejected due to spam URL in content', at: 'DATA', reason: 'spamdetected', hard: false, source: m554, evidence: 'observed' },
  { text: '554 rejecting banned content', at: 'DATA', reason: 'policyviolation', hard: false, source: m554, evidence: 'observed' },
  // A policy rejection of the sender for abuse, temporary.
  { text: '450 cuda_nsu 4.7.1 <neko@example.com>: Recipient address rejected: Policy Rejection- Abuse. Go away.', at: 'RCPT', reason: 'blocked', hard: false, source: m450, evidence: 'observed' },
  { text: '451 4.7.1 <neko@example.com>: Recipient address rejected: Greylisted for 5 minutes', at: 'RCPT', reason: 'blocked', hard: false, source: m451, evidence: 'observed' },
  { text: '451 4.7.1 Try again later', reason: 'systemerror', hard: false, source: m451, evidence: 'observed' },
  { text: '421 Temporary failure, please try again later.', reason: 'systemerror', hard: false, source: m421, evidence: 'observed' },
  // The recipient domain's Barracuda licence has expired: their side must renew it.
  { text: '422 License Expired', reason: 'systemerror', hard: false, source: m421, evidence: 'observed' },
];
