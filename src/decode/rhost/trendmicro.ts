// Trend Micro's gateways (Email Security, Hosted Email Security, Deep Discovery Email Inspector) as
// the REMOTE server. Their recipient checks answer with a keyword of their own after Postfix's
// "Recipient address rejected:" (smtpfieldmanual.com/smtp-error-codes/554), and the Email Reputation
// Services (ERS) name themselves in their refusals of a listed IP (success.trendmicro.com, ERS FAQ):
//   554 5.7.1 <x>: Recipient address rejected: Invalid-Recipient.   (no such recipient)
//   554 5.7.1 <x>: Recipient address rejected: BLOCK-SEND-ER.       (the site blocks the sender)
//   554 5.7.1 <x>: Recipient address rejected: NO-DOMAIN.           (the domain is not set up there)
//   450 Temporary denial of connection (450) for Zombie matches (ERS)
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['recipient address rejected: invalid-recipient', 'userunknown'],
  ['recipient address rejected: block-send-er', 'rejected'],
  ['recipient address rejected: block-rcpt', 'filtered'],   // the recipient address is blocked there
  ['recipient address rejected: no-domain', 'systemerror'],
  ['(ers)', 'blocked'], ['email reputation service', 'blocked'],
];

export const trendmicro = wordTable('trendmicro', { says: /recipient address rejected: (?:invalid-recipient|block-send-er|block-rcpt|no-domain)\.|\(ers\)|trend micro/, hosts: /(?:^|\.)(?:trendmicro\.com|tmes\.trendmicro\.(?:com|eu))\.?$/ }, WORDS);
