// Gmail / Google Workspace (mailer-daemon@googlemail.com, @google.com).
//
// The older notice is plain text, no DSN part (./gmail-text.ts).
//
// The newer notice is a multipart/report with a DSN; the DSN reader takes those, except where
// Google's DSN misleads: "Status: 4.0.0" with "Action: failed" for a domain DNS could not find
// right now, an empty delivery-status part with the recipient only in X-Failed-Recipients.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import { addressIn, type Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';
import { fromText } from './gmail-text.js';
import { ownReason } from './gmail-words.js';

const HEAD = /delivery to the following recipients? (failed permanently|has been delayed)/i;
const ADDRESS_NOT_FOUND = /because the address couldn't be found\. check for typos/i;

export const gmail: Decoder = {
  name: 'gmail',
  decode(mail: Mail): Failure[] {
    const from = mail.from;
    if (!from.startsWith('mailer-daemon@') || !/@(?:googlemail|google)\.com$/.test(from)) return [];
    const text = mail.text;
    const head = HEAD.exec(text.slice(0, 16 * 1024));
    return (head && !mail.dsn ? fromText(text, head) : fromReport(mail)).map(byRemoteHost);
  },
};

function fromReport(mail: Mail): Failure[] {
  const dsn = mail.dsn ? dsnFailures(mail.dsn, 'gmail') : [];
  const human = mail.text.replace(/\s+/g, ' ');
  if (dsn.length === 0) {
    // No DSN fields (Google Workspace): the recipient is in X-Failed-Recipients, or else the one
    // address in the returned original's To: under Google's "** Message not delivered **" heading.
    let failed = mail.headerAll('x-failed-recipients').flatMap((v) => v.split(',')).map((a) => normalAddress(a.trim())).filter(isAddress);
    if (failed.length === 0 && /^\s*\*\* [^*\n]{3,80} \*\*/.test(mail.text)) {
      const to = mail.originalHeader('to') ?? '';
      const one = addressIn(to);
      if (one && to.split(',').length === 1) failed = [one];
    }
    const at = human.search(/the response (?:from the remote server )?was:/i);
    const diagnostic = at === -1 ? undefined : human.slice(at).replace(/^[^:]*:\s*/, '').slice(0, 500);
    const reason = ownReason(human) ?? (ADDRESS_NOT_FOUND.test(human) ? 'userunknown' : undefined);
    return failed.map((address) => ({
      address, action: 'failed', decodedBy: 'gmail', ...(diagnostic ? { diagnostic } : {}), ...(reason ? { reason } : {}),
    }));
  }
  // The human part's "The response from the remote server was: 550 5.2.2 ..." has the code when
  // the DSN says only "5.0.0" / "4.0.0" or nothing.
  const at = human.search(/the response (?:from the remote server )?was:/i);
  const response = at === -1 ? '' : human.slice(at, at + 600);
  return dsn.map((f) => {
    const words = `${f.diagnostic ?? ''}`.toLowerCase();
    if ((!f.status || /^[45]\.0\.0$/.test(f.status)) && response) {
      const better = findStatus(response);
      if (better && !better.endsWith('.0.0') && (!f.status || better[0] === f.status[0])) f = { ...f, status: better };
    }
    // "DNS Error: ... responded with code NXDOMAIN" / "... had no relevant answers": Google's DNS
    // lookup failed (its DSN says 4.0.0); that says nothing final about the domain. "Null MX":
    // the domain publishes that it takes no mail at all (RFC 7505).
    if (words.includes('null mx')) return { ...f, reason: 'notaccept' as const };
    if ((f.status?.startsWith('4.') && words.includes('dns error')) || words.includes('responded with code nxdomain') || words.includes('had no relevant answers')) {
      return { ...f, reason: 'networkerror' as const };
    }
    const own = ownReason(words);
    if (own) return { ...f, reason: own };
    // "** Address not found ** Your message wasn't delivered to x@y because the address couldn't
    // be found. Check for typos ..." over a remote reply that names no reason ("550 #5.1.0
    // Address rejected."). Not the variant "... couldn't be found, or is unable to receive mail":
    // Google says that also when a filter refused.
    if (/^5\.[01]\./.test(f.status ?? '') && ADDRESS_NOT_FOUND.test(human) && !f.reason) {
      return { ...f, reason: 'userunknown' as const };
    }
    return f;
  });
}
