// Symantec Email Security.cloud (MessageLabs): From MAILER-DAEMON@messagelabs.com, a text part
// and a DSN with a bare "Status: 5.0.0"; the reply of the customer's server it relays to is in
// Diagnostic-Code and in the text:
//
//   This is the mail delivery agent at messagelabs.com.
//   I was unable to deliver your message to the following addresses:
//
//   kijitora@example.org
//
//   Reason: 550 kijitora@example.org... No such user
//
// These are the recipients the server behind it refused while MessageLabs handed the message
// over recipient by recipient (at RCPT TO): "No such user" there is a lookup, not a filter.
// MessageLabs' own recipient check answers with its non-standard code 542:
//   Diagnostic-Code: smtp; 542 kijitora@example.com Rejected
import type { Failure } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const OWN_REJECT = /^542 <?[^\s<>@]{1,256}@[^\s<>@]{1,256}>? rejected\b/i;

export const messagelabs: Decoder = {
  name: 'messagelabs',
  decode(mail: Mail): Failure[] {
    if (!/@(?:[a-z0-9-]+\.)*messagelabs\.com$/.test(mail.from) || !mail.dsn) return [];
    if (!mail.text.toLowerCase().includes('i was unable to deliver your message to the following addresses')) return [];
    return dsnFailures(mail.dsn, 'messagelabs').map((f) => {
      const words = f.diagnostic ?? '';
      const reason = OWN_REJECT.test(words) ? 'userunknown' as const : /please turn on smtp authentication/i.test(words) ? 'securityerror' as const : undefined;
      return byRemoteHost({ ...f, command: f.command ?? 'RCPT', ...(reason ? { reason } : {}) });
    });
  },
};
