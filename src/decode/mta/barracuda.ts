// Barracuda Spam Firewall / Email Security Gateway: Subject "**Message you sent blocked by our
// bulk email filter**", a short text and a standard DSN. The subject itself says why: the
// gateway's spam filter refused the message, not the recipient's mailbox.
//
//   Your message to: kijitora@example.org
//   ...
//   Diagnostic-Code: smtp; 550 5.7.1 Message content rejected, UBE, id=00000-22-225
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

export const barracuda: Decoder = {
  name: 'barracuda',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().includes('blocked by our bulk email filter') || !mail.dsn) return [];
    return dsnFailures(mail.dsn, 'barracuda').map((f) => (f.action === 'failed' ? { ...f, reason: 'spamdetected' as const } : f));
  },
};
