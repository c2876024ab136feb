// Mail.Ru (mailer-daemon@corp.mail.ru, @mail.ru): Exim underneath. A Russian paragraph, then the
// same list in Exim's English; recipients indented two spaces, their reason four:
//
//   This message was created automatically by mail delivery software.
//   ... The following address(es) failed:
//     kijitora@example.jp
//       SMTP error from remote mail server after RCPT TO:<kijitora@example.jp>:
//       host mx.example.jp [192.0.2.12]: 550 5.1.1 <kijitora@example.jp>... User Unknown
//   ------ This is a copy of the message, including all the headers. ------
//
// "Unrouteable address" is Exim's router finding no route to the domain at all.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const START = 'the following address(es) failed:';
const END = '------ this is a copy of the message';
const RECIPIENT = /^ {1,3}<?([^\s<>@]{1,256}@[^\s<>@]{1,256}?)>?\s*$/;
// Exim's own words (Mail.Ru does not change them).
const OWN_WORDS: Array<[string, Reason]> = [
  ['unrouteable address', 'hostunknown'],
  ['all host address lookups failed permanently', 'hostunknown'],
  ['all relevant mx records point to non-existent hosts', 'hostunknown'],
  ['an mx or srv record indicated no smtp service', 'notaccept'],
  ['no host found for existing smtp connection', 'notaccept'],
  ['retry timeout exceeded', 'expired'],
  ['no action is required on your part', 'expired'],
  ['delivery to file forbidden', 'systemerror'], ['delivery to pipe forbidden', 'systemerror'], ['local delivery failed', 'systemerror'],
  ['too many "received" headers', 'contenterror'],
];

export const mailru: Decoder = {
  name: 'mailru',
  decode(mail: Mail): Failure[] {
    const ours = /^mailer-daemon@(?:[a-z0-9-]+\.)*mail\.ru$/.test(mail.from) || /[.@](?:mail\.ru|smailru\.net)>\s*$/i.test(mail.header('message-id') ?? '');
    if (!ours) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const start = lower.indexOf(START);
    if (start === -1) return [];
    const end = lower.indexOf(END, start);
    const lines = text.slice(start + START.length, end === -1 ? start + 16 * 1024 : end).split('\n');
    const out: Failure[] = [];
    let cur: { address: string; words: string[] } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur.address, cur.words.join(' '))); };
    for (const line of lines) {
      const m = RECIPIENT.exec(line.slice(0, 600));
      if (m) { flush(); cur = { address: normalAddress(m[1]), words: [] }; } else if (cur && /^\s{3,}\S/.test(line)) cur.words.push(line.trim());
    }
    flush();
    if (out.length === 0) {
      // No list in the text: X-Failed-Recipients, as Exim writes it.
      for (const a of mail.headerAll('x-failed-recipients').flatMap((v) => v.split(','))) {
        const address = normalAddress(a.trim());
        if (/^[^\s@]{1,256}@[^\s@]{1,256}$/.test(address)) out.push(toFailure(address, ''));
      }
    }
    return out.map(byRemoteHost);
  },
};

function toFailure(address: string, words: string): Failure {
  const diagnostic = words.replace(/\s+/g, ' ').trim().slice(0, 1000);
  const lower = diagnostic.toLowerCase();
  const reason = OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
  const reply = diagnostic.slice(Math.max(0, diagnostic.search(/\]:\s/)));
  const status = findStatus(reply);
  const replyCode = findReplyCode(reply);
  return { address, action: 'failed', decodedBy: 'mailru', diagnostic, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}) };
}
