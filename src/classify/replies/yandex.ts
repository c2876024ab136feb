// Yandex Mail (yandex.ru, yandex.com, ya.ru). Yandex's help page on reports of non-delivery to Yandex
// lists the phrases of its replies, without their codes, with what each means; those phrases are
// here as documented. The whole replies, with their codes, are as senders quote them.
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const bounces = 'https://www.yandex.com/support/mail/bounces/yandex.html';
const manual = 'https://smtpfieldmanual.com/provider/yandex';

export const yandex: DocumentedReply[] = [
  // "The email was sent to a non-existing address": Yandex groups these phrases under it.
  { text: 'No such user', reason: 'userunknown', hard: true, source: bounces },
  { text: 'No correct recipients', reason: 'userunknown', hard: true, source: bounces },
  { text: 'Bad recipient address syntax', reason: 'userunknown', hard: true, source: bounces },
  { text: 'Recipient address rejected: need fully-qualified address', reason: 'userunknown', hard: true, source: bounces },
  { text: 'Mailbox size exceeded', reason: 'mailboxfull', hard: false, source: bounces },
  { text: 'Message rejected under suspicion of SPAM', reason: 'spamdetected', hard: false, source: bounces },

  // The whole replies, observed. Yandex answers an unknown user under the enhanced code 5.7.1.
  { text: '550 5.7.1 No such user!', at: 'RCPT', reason: 'userunknown', hard: true, source: manual, evidence: 'observed' },
  // The recipient's account is blocked for violating the user agreement: it can be unblocked.
  { text: '550 5.7.1 Policy rejection on the target address', at: 'RCPT', reason: 'suspend', hard: false, source: manual, evidence: 'observed' },
  { text: '552 5.2.2 Mailbox size limit exceeded', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  { text: '554 5.7.1 [1] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc ##', at: 'DATA', reason: 'spamdetected', hard: false, source: manual, evidence: 'observed' },
  // The recipient is receiving mail at a high rate.
  { text: '450 4.2.1 The recipient has exceeded message rate limit. Try again later.', at: 'RCPT', reason: 'speeding', hard: false, source: manual, evidence: 'observed' },
  { text: '421 4.4.2 mail.yandex.net Error: timeout exceeded', reason: 'networkerror', hard: false, source: manual, evidence: 'observed' },
  { text: '451 4.7.1 Sorry, the service is currently unavailable. Please come back later.', reason: 'systemerror', hard: false, source: manual, evidence: 'observed' },
  { text: '551 5.3.0 Unknown error', reason: 'systemerror', hard: false, source: manual, evidence: 'observed' },
  // Mail from mail.ru that failed mail.ru's DMARC policy (the page keeps a "#" for the message id).
  { text: '550 5.7.1 Email rejected per DMARC policy for mail.ru #', at: 'DATA', reason: 'authfailure', hard: false, source: fieldManual.code550early, evidence: 'observed' },
];
