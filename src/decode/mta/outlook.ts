// Outlook.com / Hotmail (the old Windows Live MTA): From postmaster@hotmail.com (or a host of
// hotmail / outlook / live), an X-DSNContext / X-Message-Delivery / X-Message-Info header, a
// standard DSN whose Status is a bare
// "5.5.0" for everything and whose Diagnostic-Code carries Hotmail's own fixed sentences:
//
//   Diagnostic-Code: smtp;550 Requested action not taken: mailbox unavailable (-0000000022:2222:-0000000022)
//   Diagnostic-Code: smtp;554 The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again (-1915321397:308:-2147467259)
//
// Those two sentences are Hotmail's words for a recipient it looked up (at RCPT) and a domain
// it could not resolve; "try again" in the second is advice, not a temporary failure.
import type { Failure, Reason } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const OWN_WORDS: Array<[string, Reason]> = [
  ['requested action not taken: mailbox unavailable', 'userunknown'],
  ['the mail could not be delivered to the recipient because the domain is not reachable', 'hostunknown'],
];

export const outlook: Decoder = {
  name: 'outlook',
  decode(mail: Mail): Failure[] {
    // X-Message-Delivery / X-Message-Info are stamped by Hotmail on what it receives as well, so
    // they count only with Hotmail's own subject.
    const stamped = (mail.header('x-message-delivery') !== undefined || mail.header('x-message-info') !== undefined) && mail.subject.startsWith('Delivery Status Notification');
    const hotmail = mail.header('x-dsncontext') !== undefined || /^postmaster@(?:[a-z0-9-]+\.)*(?:hotmail|outlook|live|msn)\.com$/.test(mail.from) || stamped;
    if (!hotmail || !mail.dsn) return [];
    return dsnFailures(mail.dsn, 'outlook').map((f) => {
      if (f.action !== 'failed' || !f.replyCode?.startsWith('5')) return f;
      const words = (f.diagnostic ?? '').toLowerCase();
      const reason = OWN_WORDS.find(([w]) => words.includes(w))?.[1];
      return reason ? { ...f, reason } : byRemoteHost(f);
    });
  },
};
