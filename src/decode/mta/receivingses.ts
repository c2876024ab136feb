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
// The code and the words are whatever the rule's owner picked (the console's default template is
// "550 5.1.1 Mailbox does not exist"): a filter's answer, not a mailbox lookup. So a user-unknown
// wording here is "filtered", never proof the address is dead; other codes keep their meaning.
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

export const receivingses: Decoder = {
  name: 'receivingses',
  decode(mail: Mail): Failure[] {
    if (mail.header('x-ses-outgoing') === undefined || !mail.dsn) return [];
    if (/amazonses\.com$/.test(mail.from) || /workmail/i.test(mail.header('x-mailer') ?? '')) return [];
    if (!mail.text.toLowerCase().includes('this message could not be delivered')) return [];
    return dsnFailures(mail.dsn, 'receivingses').map((f) => {
      const words = (f.diagnostic ?? '').toLowerCase();
      const filtered = f.status?.startsWith('5.1.') || f.status === '5.2.0' || words.includes('filtered');
      return filtered ? { ...f, reason: 'filtered' as const } : f;
    });
  },
};
