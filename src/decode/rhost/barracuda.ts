// Barracuda (Email Security Service, *.ess.barracudanetworks.com) as the REMOTE server: its
// recipient checks mark their replies "cuda_nsu" (smtpfieldmanual.com/smtp-error-codes/450):
//   450 cuda_nsu 4.7.1 <x>: Recipient address rejected: Policy Rejection- Abuse. Go away.
// a refusal of the sending host for abuse, for now.
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [['policy rejection- abuse', 'blocked']];

export const barracuda = wordTable('barracuda-ess', { says: /\bcuda_nsu\b/, hosts: /(?:^|\.)barracudanetworks\.com\.?$/ }, WORDS);
