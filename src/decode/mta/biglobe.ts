// BIGLOBE (postmaster@biglobe.ne.jp): plain text, no DSN.
//
//      ----- The following addresses had delivery problems -----
//   kijitora@example.biglobe.ne.jp
//
//      ----- Non-delivered information -----
//   The number of messages in recipient's mailbox exceeded the local limit.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const ADDRESSES = '----- the following addresses had delivery problems -----';
const INFO = '----- non-delivered information -----';
const OWN_WORDS: Array<[string, Reason]> = [
  ["the number of messages in recipient's mailbox exceeded the local limit", 'mailboxfull'],
  ['mail delivery failed... user unknown', 'filtered'],
];

export const biglobe: Decoder = {
  name: 'biglobe',
  decode(mail: Mail): Failure[] {
    // BIGLOBE also runs the mail of some Japanese cable operators (inacatv, tmtv, ttv).
    if (!/^postmaster@(?:[a-z0-9-]+\.)*(?:biglobe|inacatv|tmtv|ttv)\.ne\.jp$/.test(mail.from)) return [];
    const text = mail.text.slice(0, 32 * 1024);
    const lower = text.toLowerCase();
    const a = lower.indexOf(ADDRESSES);
    const i = lower.indexOf(INFO, a);
    if (a === -1 || i === -1) return [];
    const addresses = text.slice(a + ADDRESSES.length, i).split('\n').map((l) => normalAddress(l.trim().replace(/^<|>$/g, ''))).filter(isAddress);
    const rest = text.slice(i + INFO.length);
    const diagnostic = rest.split(/\n\s*\n|\n-{2,}/).map((p) => p.replace(/\s+/g, ' ').trim()).find(Boolean) ?? '';
    const reason = OWN_WORDS.find(([w]) => diagnostic.toLowerCase().includes(w))?.[1];
    return addresses.map((address) => ({ address, action: 'failed', decodedBy: 'biglobe', ...(diagnostic ? { diagnostic } : {}), ...(reason ? { reason } : {}) }));
  },
};
