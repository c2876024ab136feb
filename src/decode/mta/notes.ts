// Lotus Notes (the older "Lotus SMTP MTA"): a plain-text notice in the server's language.
//
//   ------- Failure Reasons  --------
//
//   User not listed in public Name & Address Book
//   kijitora@example.jp
//
//   ------- Returned Message --------
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const START = /^-{3,} failure reasons\s+-{3,}/i;
const END = /^-{3,} returned message\s+-{3,}/i;
const ADDRESS = /^\s{0,12}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
// Notes' own sentences (lower-case).
const WORDS: Array<[string, Reason]> = [
  ['user not listed in public name & address book', 'userunknown'],
  ['ディレクトリのリストにありません', 'userunknown'],
  ['message has exceeded maximum hop count', 'networkerror'],
];

export const notes: Decoder = {
  name: 'notes',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toLowerCase().startsWith('undeliverable message')) return [];
    const lines = mail.text.split('\n', 2000).map((l) => l.slice(0, 1000));
    const from = lines.findIndex((l) => START.test(l.trim()));
    if (from === -1) return [];
    const out: Failure[] = [];
    let said: string[] = [];
    for (const line of lines.slice(from + 1)) {
      if (END.test(line.trim())) break;
      const a = ADDRESS.exec(line);
      if (a) {
        // The reason lines stand above the address they are about.
        const diagnostic = said.join(' ').replace(/\s+/g, ' ').trim().slice(0, 1000);
        const lower = diagnostic.toLowerCase();
        const reason = WORDS.find(([w]) => lower.includes(w))?.[1];
        out.push({
          address: normalAddress(a[1]), action: 'failed', decodedBy: 'notes',
          ...(diagnostic ? { diagnostic } : {}), ...(reason ? { reason } : {}),
        });
        said = [];
      } else if (line.trim()) {
        said.push(line.trim());
      }
    }
    return out;
  },
};
