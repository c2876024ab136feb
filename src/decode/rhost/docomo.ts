// NTT docomo (mfsmax.docomo.ne.jp) as the REMOTE server. docomo answers "550 Unknown user
// x@docomo.ne.jp" both for a mailbox that does not exist (at RCPT TO) and for a message its
// subscriber's filter refuses (after DATA, or with no command named): only the first is a
// dead address. Its other fixed replies:
//
//   552 Too much mail data          (the mailbox is full)
//   552 Too many recipients
//   503 Bad sequence of commands / 504 Command parameter not implemented
import type { Failure, Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

const HOST = /(?:^|\.)docomo\.ne\.jp\.?$/i;
const WORDS: Array<[string, Reason]> = [
  ['552 too much mail data', 'mailboxfull'],
  ['552 too many recipients', 'toomanyconn'],
  ['503 bad sequence of commands', 'syntaxerror'],
  ['504 command parameter not implemented', 'syntaxerror'],
];

/** The reason docomo's own reply names, for a failure whose remote server is docomo's. */
function docomoReason(f: Failure): Reason | undefined {
  if (!f.remoteMta || !HOST.test(f.remoteMta.replace(/[\s[\]]/g, '').split(/[;(]/)[0])) return undefined;
  const text = (f.diagnostic ?? '').toLowerCase();
  const said = WORDS.find(([w]) => text.includes(w))?.[1];
  if (said) return said;
  if (f.status === '5.1.1' || f.command === 'RCPT') return undefined; // a lookup: the rules decide
  if (f.status === '5.2.0') return 'filtered';                          // "(reason: 550 Unknown user)" after DATA
  if (text.includes('unknown user')) return 'rejected';
  return undefined;
}

export const docomo: ReplyTable = { name: 'docomo', decoder: 'nttdocomo', reasonOf: docomoReason };
