// Free (free.fr, aliceadsl.fr). Free's postmaster page explains the replies its servers send when
// they refuse a sender; the others are replies senders quote as received from Free.
import type { DocumentedReply } from './types.js';

const manual = 'https://smtpfieldmanual.com/provider/free';

export const free: DocumentedReply[] = [
  // The message was analysed as spam by Free's filter and refused on reception.
  { text: '550 spam detected', at: 'DATA', reason: 'spamdetected', hard: false, source: 'http://postmaster.free.fr/' },
  { text: '550 virus detected', at: 'DATA', reason: 'virusdetected', hard: false, source: manual, evidence: 'observed' },
  { text: '552 5.2.2 user quota exceeded (UserSearch)', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  { text: '550 5.2.2 user quota exceeded', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  { text: '554 5.2.2 <neko@free.fr>: Recipient address rejected: Quota exceeded (mailbox for user is full)', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  // Blocked for inactivity: the recipient can reactivate it, so not a dead address.
  { text: '550 5.2.1 This mailbox has been blocked due to inactivity', at: 'RCPT', reason: 'suspend', hard: false, source: manual, evidence: 'observed' },
];
