// Amazon WorkMail (X-Mailer or X-Original-Mailer: Amazon WorkMail, From MAILER-DAEMON@<region>.amazonses.com): one
// text/plain part that carries the DSN fields as text, after "Technical report:":
//
//   An error occurred while trying to deliver the mail to the following recipients:
//   kijitora@example.jp
//
//   Technical report:
//
//   Reporting-MTA: dsn; a27-80.smtp-out.us-west-2.amazonses.com
//
//   Action: failed
//   Final-Recipient: rfc822; kijitora@example.jp
//   Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>
//   Status: 4.4.7
//
// When WorkMail gave up ("Message expired"), the last remote reply is quoted in <...> at the end:
// that code says why delivery never happened.
import type { Failure } from '../../core/types.js';
import { findStatus } from '../../classify/status.js';
import { dsnFailures, parseDeliveryStatus } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const LAST_REPLY = /<([245]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3})\b[^<>]{0,300}>\s*$/;

export const amazonworkmail: Decoder = {
  name: 'amazonworkmail',
  decode(mail: Mail): Failure[] {
    if (!/amazon workmail/i.test(mail.header('x-original-mailer') ?? mail.header('x-mailer') ?? '')) return [];
    const report = mail.dsn ?? fromText(mail.text);
    if (!report) return [];
    return dsnFailures(report, 'amazonworkmail').map((f) => {
      const m = LAST_REPLY.exec(f.diagnostic ?? '');
      if (m && /message expired/i.test(f.diagnostic ?? '')) return { ...f, replyCode: m[1], status: m[2], reason: 'expired' as const };
      // "Status: 5.1.0" over SES's "5.1.0 - Unknown address error 550-'5.7.1 ...'": the quoted code.
      const q = /^[45]\.[01]\.0$/.test(f.status ?? '') ? /["']([245]\.\d{1,3}\.\d{1,3}[^"']{0,500})["']/.exec(f.diagnostic ?? '') : null;
      const status = q ? findStatus(q[1]) : undefined;
      return status ? { ...f, status } : f;
    });
  },
};

function fromText(text: string) {
  const at = text.toLowerCase().indexOf('technical report:');
  if (at === -1) return null;
  return parseDeliveryStatus(text.slice(at + 'technical report:'.length, at + 64 * 1024));
}
