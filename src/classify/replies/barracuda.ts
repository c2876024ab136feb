// Barracuda (Email Security Gateway and the cloud Email Security Service). Barracuda's SMTP error
// page explains the codes of other servers, not its own replies; these are its replies as senders
// quote them. "cuda_nsu" marks a recipient check against the protected mail server.
import type { DocumentedReply } from './types.js';

// The SMTP Field Manual's data (Postmark/ActiveCampaign), at the version read.
const FM = 'https://github.com/ActiveCampaign/smtp-field-manual/blob/';
const m421 = `${FM}0b9ecacd4e7943822bf6ce0926a79c1cbac0e833/data/codes/421.json`;
const m450 = `${FM}18308e080ad04db3d1d6f018523225e50a42f5fe/data/codes/450.json`;
const m451 = `${FM}2005cfe1ba5f6faaaabc6f231c6efe134622c17c/data/codes/451.json`;
const m550 = `${FM}00ebd61f178f657a595ca52d48603c7a1b143c5e/data/codes/550.json`;
const m554 = `${FM}100935cc92025a5162ceff2830c3fe6e0d32b56f/data/codes/554.json`;
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
