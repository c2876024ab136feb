// au one net (KDDI's fixed-line mail, no-reply@<host>.dion.ne.jp / auone-net.jp, or Reply-To
// no-reply@app.auone-net.jp): a Japanese
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
    const kddi = /@(?:[a-z0-9-]+\.)*(?:dion\.ne\.jp|auone-net\.jp)$/.test(mail.from) || /no-reply@app\.auone-net\.jp/i.test(mail.header('reply-to') ?? '');
    if (!kddi) return [];
    // "X-SPASIGN: NG": au's spam filter refused it (the recipient's own setting).
    const spam = (mail.header('x-spasign') ?? '').trim().toUpperCase() === 'NG';
    const text = mail.text.slice(0, 32 * 1024);
    const out: Failure[] = [];
    for (const m of text.matchAll(RECIPIENT)) {
      // The reason is in the indented lines after the address.
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 600).split('\n').slice(1);
      const end = after.findIndex((l) => !/^[ \t]+\S/.test(l));
      const diagnostic = after.slice(0, end === -1 ? 3 : Math.min(end, 3)).map((l) => l.trim()).join(' ');
      const lower = diagnostic.toLowerCase();
      const reason = spam ? 'filtered' : OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
      out.push({ address: m[1].toLowerCase(), action: 'failed', decodedBy: 'kddi', ...(diagnostic ? { diagnostic } : {}), ...(reason ? { reason } : {}) });
    }
    return out;
  },
};
