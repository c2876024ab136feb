// Amazon SES, receiving side: a bounce made by a customer's receipt rule ("Bounce" action) on a
// domain that receives through SES. Signed X-SES-Outgoing, sent as the customer's own address,
// a short note and a standard DSN:
//
//   From: postmaster@example.jp
//   X-SES-Outgoing: 2015.10.01-54.240.27.7
//   This message could not be delivered.
//   ...
//   Diagnostic-Code: smtp; 550 5.1.1 Mailbox does not exist
//
// The code and the words are the template the rule's owner picked from SES's fixed list: a
// filter's answer, not a mailbox lookup. So "Mailbox does not exist" here is "filtered", never
// proof the address is dead; the other templates say what they say.
import type { Failure, Reason } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

// SES's bounce templates, by status: "550 5.1.1 Mailbox does not exist", "552 5.3.4 Message too
// large", "552 5.2.2 Mailbox full", "500 5.6.1 Message content rejected"; a custom "5.2.0 Message
// Filtered" is the owner's filter too.
const TEMPLATES: Array<[RegExp, Reason]> = [
  [/^5\.1\.\d{1,3}$/, 'filtered'], [/^5\.2\.0$/, 'filtered'],
  [/^5\.3\.4$/, 'mesgtoobig'], [/^5\.2\.2$/, 'mailboxfull'], [/^5\.6\.1$/, 'contenterror'],
];

export const receivingses: Decoder = {
  name: 'receivingses',
  decode(mail: Mail): Failure[] {
    if (mail.header('x-ses-outgoing') === undefined || !mail.dsn) return [];
    if (/amazonses\.com$/.test(mail.from) || /workmail/i.test(mail.header('x-original-mailer') ?? mail.header('x-mailer') ?? '')) return [];
    if (!mail.text.toLowerCase().includes('this message could not be delivered')) return [];
    return dsnFailures(mail.dsn, 'receivingses').map((f) => {
      const words = (f.diagnostic ?? '').toLowerCase();
      const reason = TEMPLATES.find(([re]) => re.test(f.status ?? ''))?.[1] ?? (words.includes('filtered') ? 'filtered' : undefined);
      return reason && f.action === 'failed' ? { ...f, reason } : f;
    });
  },
};
