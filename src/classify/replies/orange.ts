// Orange (orange.fr, wanadoo.fr). Orange's postmaster page (https://postmaster.orange.fr) lists its
// error codes, but its text was not available here; these are Orange's replies as senders quote
// them. Every reply ends with Orange's own code (OFRnnn_nnn or OFR_nnn) and repeats its French
// text in English.
import type { DocumentedReply } from './types.js';

const manual = 'https://smtpfieldmanual.com/provider/orange';
// Bounces that users reported to the reference decoder's project, quoted whole.
const issue240 = 'https://github.com/sisimai/p5-sisimai/issues/240';

export const orange: DocumentedReply[] = [
  { text: '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]', at: 'RCPT', reason: 'userunknown', hard: true, source: manual, evidence: 'observed' },
  // The recipient's mailbox is full, under the enhanced code 5.1.1: the words win, not a dead address.
  { text: '552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  // The sender: the manual points at the Return-Path (SPF) of the message.
  { text: '501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405]', at: 'MAIL', reason: 'rejected', hard: false, source: manual, evidence: 'observed' },
  // "Mail rejected", without a reason: a refusal of the message, nothing about the address.
  { text: '550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]', at: 'DATA', reason: 'filtered', hard: false, source: manual, evidence: 'observed' },
  { text: '550 5.2.0 Mail rejete. Mail rejected. ofr_513 [513]', at: 'DATA', reason: 'filtered', hard: false, source: issue240, evidence: 'observed' },
  // Quoted without its basic reply code.
  { text: '5.2.0 Taille limite du message atteinte. Maximum size of the message reached. OFR_514 [514]', at: 'DATA', reason: 'mesgtoobig', hard: false, source: issue240, evidence: 'observed' },
  { text: '421 mwinf5c27 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR004_104 [104]', at: 'CONN', reason: 'toomanyconn', hard: false, source: issue240, evidence: 'observed' },
];
