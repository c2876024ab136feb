// SendGrid (Return-Path <apps@sendgrid.net>, "This is an automatically generated message from
// SendGrid."): a text part naming the SMTP command, and a DSN whose fields are loose ("Status:"
// empty, "Action: expired", a Diagnostic-Code without its "smtp;" type):
//
//   shironeko:000000:<kijitora@example.jp> : 192.0.2.250 : mx.example.jp:[192.0.2.153] :
//     550 5.1.1 <kijitora@example.jp>... User Unknown  in RCPT TO
//
//   Action: expired
//   Status:
//
// "Action: expired" is SendGrid giving up on the recipient.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const COMMAND = /\bin (?:end of )?(RCPT|MAIL|DATA)\b/i;

export const sendgrid: Decoder = {
  name: 'sendgrid',
  decode(mail: Mail): Failure[] {
    const ours = /<?apps@sendgrid\.net>?/i.test(mail.header('return-path') ?? '') || mail.text.includes('This is an automatically generated message from SendGrid.');
    if (!ours || !mail.dsn) return [];
    const command = COMMAND.exec(mail.text.slice(0, 8192))?.[1]?.toUpperCase();
    const expiredFor = new Set(mail.dsn.recipients.filter((r) => r.action === 'expired')
      .flatMap((r) => [r.finalRecipient, r.originalRecipient].filter((a): a is string => Boolean(a)).map(normalAddress)));
    return dsnFailures(mail.dsn, 'sendgrid').map((f) => {
      const expired = expiredFor.has(f.address);
      return byRemoteHost({ ...f, ...(expired ? { action: 'failed' as const, reason: 'expired' as const } : {}), ...(command && !f.command ? { command } : {}) });
    });
  },
};
