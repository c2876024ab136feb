// Yandex Mail (mx.yandex.ru, mx.yandex.net) as the REMOTE server. Yandex's help page on reports of
// non-delivery (yandex.com/support/mail/bounces/yandex.html) lists the phrases of its replies and
// what each means; some mean more there than their words say elsewhere:
//   "No such user", "No correct recipients", "Bad recipient address syntax", "need fully-qualified address": the message was
//     sent to an address that does not exist (Yandex answers them under 5.7.1, at RCPT TO);
//   "Policy rejection on the target address": the recipient's account is blocked for breaking
//     Yandex's user agreement, and can be unblocked (smtpfieldmanual.com/provider/yandex).
import type { Reason } from '../../core/types.js';
import { wordTable } from './table.js';

const WORDS: Array<[string, Reason]> = [
  ['policy rejection on the target address', 'suspend'],
  ['no such user', 'userunknown'], ['no correct recipients', 'userunknown'], ['bad recipient address syntax', 'userunknown'], ['need fully-qualified address', 'userunknown'],
];

export const yandex = wordTable('yandex', { says: /ya\.cc\/|yandex\.(?:ru|com|net)\/support/, hosts: /(?:^|\.)yandex\.(?:ru|net|com)\.?$/ }, WORDS);
