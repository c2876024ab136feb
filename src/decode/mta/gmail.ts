// Gmail / Google Workspace (mailer-daemon@googlemail.com, @google.com).
//
// The older notice is plain text, no DSN part:
//
//   Delivery to the following recipient failed permanently:      ("has been delayed:" = 4xx)
//
//        kijitora@example.co.jp
//
//   Technical details of permanent failure:
//   Google tried to deliver your message, but it was rejected by the recipient domain. ...
//   The error that the other server returned was: 550 550 5.1.1 <...>... User Unknown (state 14).
//
//   ----- Original message -----
//
// "(state N)" names the SMTP stage Google had reached: after DATA (15, 17, 18) a refusal is the
// receiving system's filter, not proof the mailbox is gone, whatever words it used.
//
// The newer notice is a multipart/report with a DSN; the DSN reader takes those, except where
// Google's DSN misleads: "Status: 4.0.0" with "Action: failed" for a domain DNS could not find
// right now, an empty delivery-status part with the recipient only in X-Failed-Recipients.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import { addressIn, type Mail } from '../mail.js';
import { byRemoteHost } from './remote.js';

const HEAD = /delivery to the following recipients? (failed permanently|has been delayed)/i;
const ENDS = ['----- original message -----', '----- message header follows -----', '----- message header follows ----'];
const ADDRESS = /^\s{1,12}<?([^\s<>@]{1,200}@[^\s<>@]{1,255}?)>?\s*$/;
const STATE = /\(state (\d{1,2})\)/;
const ADDRESS_NOT_FOUND = /because the address couldn't be found\. check for typos/i;

// The stage named by "(state N)": the command Google was at, and the reason where the stage alone
// tells (refused at MAIL / AUTH, or after DATA); at EHLO (13) and RCPT TO (14) the reply decides,
// knowing the command (before RCPT nothing is about the recipient).
const BY_STATE: Record<string, { command?: string; reason?: Reason }> = {
  '6': { command: 'MAIL', reason: 'systemerror' },   // 500 Remote server does not support TLS (state 6).
  '8': { reason: 'systemerror' },                    // 535 SMTP AUTH failed with the remote server. (state 8).
  '9': { reason: 'failedstarttls' },                 // 454 TLS missing certificate ... (state 9).
  '12': { reason: 'norelaying' },                    // 500 Remote server does not support SMTP Authenticated Relay (state 12).
  '13': { command: 'EHLO' },                         // 550 5.7.1 <...>... Access denied (state 13): refused before any recipient
  '14': { command: 'RCPT' },                         // 550 5.1.1 <...>... User Unknown (state 14).
  '15': { command: 'DATA', reason: 'filtered' },     // 554 554 Error: no valid recipients (state 15).
  '17': { command: 'DATA', reason: 'filtered' },     // 550 550 <****@***.**> No such user here (state 17).
  '18': { command: 'DATA', reason: 'filtered' },     // 554 554 5.7.0 Header error (state 18).
};

// Google's own words (not the remote server's) that say what happened.
const OWN_WORDS: Array<[string, Reason]> = [
  // "The recipient server did not accept our requests to connect. Learn more at ..."
  ['did not accept our requests to connect', 'expired'],
  // "DNS Error: Could not contact DNS servers"
  ['could not contact dns servers', 'expired'],
  // "DNS Error: Domain name not found" / "DNS Error: DNS server returned answer with no data"
  ['dns error: domain name not found', 'hostunknown'],
  ['dns error: dns server returned answer with no data', 'hostunknown'],
  // "Technical details of permanent failure: Storage quota exceeded"
  ['storage quota exceeded', 'mailboxfull'],
  // "Your email to group x@example.com was rejected due to spam classification."
  ['rejected due to spam classification', 'spamdetected'],
  // "You're sending this from a different address or alias using the 'Send mail as' feature."
  ["'send mail as'", 'rejected'],
];

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

function fromText(text: string, head: RegExpExecArray): Failure[] {
  const lower = text.toLowerCase();
  const ends = ENDS.map((e) => lower.indexOf(e, head.index)).filter((i) => i !== -1);
  const body = text.slice(head.index, ends.length ? Math.min(...ends) : head.index + 8192);
  const lines = body.split('\n');
  const addresses: string[] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const m = ADDRESS.exec(lines[i].slice(0, 500));
    if (m) addresses.push(normalAddress(m[1]));
    else if (lines[i].trim() && addresses.length) break;
  }
  const details = lines.slice(i).join(' ').replace(/\s+/g, ' ').trim();
  const at = details.search(/technical details of (?:permanent|temporary) failure:/i);
  const diagnostic = (at === -1 ? details : details.slice(at).replace(/^[^:]*:\s*/, '')).slice(0, 1000);
  const said = diagnostic.search(/returned was:/i);
  const remote = said === -1 ? '' : diagnostic.slice(said + 'returned was:'.length);
  const delayed = head[1].toLowerCase() !== 'failed permanently';
  const status = findStatus(remote);
  const replyCode = findReplyCode(remote);
  const state = BY_STATE[STATE.exec(diagnostic)?.[1] ?? ''];
  const reason = ownReason(diagnostic) ?? state?.reason;
  // "... rejected by the server for the recipient domain example.jp by mx.example.jp. [192.0.2.59]."
  const remoteMta = / by ([A-Za-z0-9.-]{1,255}[A-Za-z0-9])\. \[/.exec(diagnostic)?.[1];
  return addresses.filter(isAddress).map((address) => ({
    address, action: delayed ? 'delayed' : 'failed', decodedBy: 'gmail', diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
    ...(state?.command ? { command: state.command } : {}), ...(remoteMta ? { remoteMta } : {}),
  }));
}

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

function ownReason(text: string): Reason | undefined {
  const lower = text.toLowerCase();
  return OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
}
