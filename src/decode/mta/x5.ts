// An unnamed system ("X5" in the reference decoder's list; a gateway in front of Mirapoint
// servers): its own notice lists nobody and attaches the bounce it received, a whole DSN, as the
// "original". The attached bounce is read.
//
//   The original message was received at Thu Mar  3 08:00:00 2026
//
//   ----- The following addresses had permanent delivery errors -----
//
//   [message/rfc822: the inner bounce, multipart/report with a message/delivery-status part]
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const LIST = 'the following addresses had permanent delivery errors';

export const x5: Decoder = {
  name: 'x5',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster/i.test(mail.header('from') ?? '')) return [];
    if (mail.deliveryStatus !== null || !mail.text.toLowerCase().includes(LIST)) return [];
    const inner = mail.wrappedReport?.dsn;
    return inner ? dsnFailures(inner, 'x5').filter((f) => f.action === 'failed') : [];
  },
};
