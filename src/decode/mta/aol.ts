// AOL's own notice (MAILER-DAEMON@aol.com, "Mail Delivery Problem"): one sentence, then the
// recipients as AOL screen names (the part before "@aol.com") or whole addresses, indented:
//
//   Your mail to the following recipients could not be delivered because they are not
//   accepting mail from news@example.com:
//   	kijitora
//
// "...because they are not accepting mail with attachments or embedded images:" is the same
// notice. Both causes are the recipient's own mail controls: the mailbox exists, and the refusal is
// of this sender or this kind of mail (filtered, never hard). Written from two real notices of
// this shape, three years apart.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const HEAD = /your mail to the following recipients could not be delivered because ([^:]{1,300}):/i;
const NAME = /^[ \t]+([A-Za-z0-9._-]{1,64}|[^\s@<>]{1,64}@[A-Za-z0-9.-]{1,255})[ \t]*$/;

export const aol: Decoder = {
  name: 'aol',
  decode(mail: Mail): Failure[] {
    if (!/^mailer-daemon@(?:[a-z0-9-]+\.)*aol\.com$/.test(mail.from)) return [];
    const text = mail.text.slice(0, 32 * 1024);
    const head = HEAD.exec(text);
    if (!head) return [];
    const because = head[1].replace(/\s+/g, ' ').trim();
    const reason: Reason | undefined = /not accepting mail/i.test(because) ? 'filtered' : undefined;
    const out: Failure[] = [];
    for (const line of text.slice(head.index + head[0].length).split('\n').slice(1)) {
      const m = NAME.exec(line.slice(0, 400));
      if (!m) {
        if (line.trim()) break;
        continue;
      }
      const address = normalAddress(m[1].includes('@') ? m[1] : `${m[1]}@aol.com`);
      out.push({ address, action: 'failed', decodedBy: 'aol', diagnostic: `could not be delivered because ${because}`.slice(0, 500), ...(reason ? { reason } : {}) });
    }
    return out;
  },
};
