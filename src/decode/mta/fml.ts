// fml (a Japanese mailing-list manager, "X-MLServer: fml [fml 4.0.3 ...]"): its notices to a
// poster who may not post, or about a loop. The "recipient" is the list the message was sent to;
// nothing here says an address is dead.
//
//   You are not a member of this mailing list <list@example.org>.
import type { Failure, Reason } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const LIST = /<([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>/;
// fml's own phrases (lower-case), found in the subject or the text.
const WORDS: Array<[string, Reason]> = [
  [' are not member', 'rejected'],              // "You x@y are not member (list ML)"
  ['not member article from ', 'rejected'],
  ['reject mail ', 'rejected'],
  ['spammer maybe sending this mail', 'rejected'],
  ['fml system error message', 'systemerror'],
  ['loop alert: ', 'systemerror'],
  ['loop back warning: ', 'systemerror'],
  ['warning: unix from loop', 'systemerror'],
  ['security alert', 'securityerror'],
];

export const fml: Decoder = {
  name: 'fml',
  decode(mail: Mail): Failure[] {
    if (!/^fml\b/i.test((mail.header('x-mlserver') ?? '').trim())) return [];
    const text = mail.text;
    const said = `${mail.subject}\n${text.slice(0, 4096)}`;
    const lower = said.toLowerCase();
    const reason = WORDS.find(([w]) => lower.includes(w))?.[1];
    if (!reason) return [];
    const list = LIST.exec(text.slice(0, 4096))?.[1];
    if (!list) return [];
    const diagnostic = text.split(/\n[ \t]*\n/, 1)[0].replace(/\s+/g, ' ').trim().slice(0, 1000);
    return [{ address: list.toLowerCase(), action: 'failed', decodedBy: 'fml', diagnostic, reason }];
  },
};
