// au one net (KDDI's fixed-line mail, no-reply@<host>.dion.ne.jp / auone-net.jp): a Japanese
// sentence, then the server's English notice, no DSN:
//
//   Your mail sent on: Thu, 29 Apr 2013 23:45:22 +0900
//        Could not be delivered to: <kijitora@example.dion.ne.jp>
//        As their mailbox is full.
import type { Failure, Reason } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const RECIPIENT = /could not be delivered to:\s*<([^<>\s]{1,256}@[^<>\s]{1,256})>/gi;
const OWN_WORDS: Array<[string, Reason]> = [
  ['as their mailbox is full', 'mailboxfull'],
  ['due to the following smtp relay error', 'norelaying'],
  ['as the remote domain doesnt exist', 'hostunknown'],
];

export const kddi: Decoder = {
  name: 'kddi',
  decode(mail: Mail): Failure[] {
    if (!/@(?:[a-z0-9-]+\.)*(?:dion\.ne\.jp|auone-net\.jp)$/.test(mail.from)) return [];
    const text = mail.text.slice(0, 32 * 1024);
    const out: Failure[] = [];
    for (const m of text.matchAll(RECIPIENT)) {
      // The reason is the line after the address.
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 300);
      const diagnostic = after.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? '';
      const lower = diagnostic.toLowerCase();
      const reason = OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
      out.push({ address: m[1].toLowerCase(), action: 'failed', decodedBy: 'kddi', ...(diagnostic ? { diagnostic } : {}), ...(reason ? { reason } : {}) });
    }
    return out;
  },
};
