// Remote-host tables of group B (the reference decoder's "rhost" step): some receiving systems
// word their refusals in a way only they use, so the reply of THAT server decides the reason,
// whichever system wrote the bounce. Decoders that quote a remote server's reply ask here;
// a DSN whose reply comes from one of these servers is read by that family's own decoder
// (remote-dsn.ts).
import { HARD_REASONS, type Failure, type Reason } from '../../core/types.js';
import { foldReply } from '../../classify/reply.js';
import { auReason } from './ezweb.js';
import { orangeReason } from './franceptt.js';
import { microsoftReason } from './microsoft.js';
import { docomoReason } from './nttdocomo.js';
import { coxReason } from './cox.js';
import { spectrumReason } from './spectrum.js';
import { mimecastReason } from './mimecast.js';
import { facebookReason } from './facebook.js';
import { godaddyReason } from './godaddy.js';
import { tencentReason } from './tencent.js';
import { appleReason } from './apple.js';
import { googleReason } from './google.js';
import { yahooReason } from './yahoo.js';

// Each table answers only for its own provider's replies (by host, link or code), so the order
// matters only where a reply could name two providers.
const TABLES: Array<[string, (f: Failure) => Reason | undefined]> = [
  ['orange', (f) => orangeReason(f.diagnostic)], ['microsoft', microsoftReason], ['docomo', docomoReason], ['au', auReason],
  ['cox', coxReason], ['spectrum', spectrumReason], ['mimecast', mimecastReason], ['facebook', facebookReason],
  ['godaddy', godaddyReason], ['tencent', tencentReason], ['apple', appleReason], ['google', googleReason], ['yahoo', yahooReason],
];

/** The failure with the reason its remote server's own words name, when the decoder set none. */
export function byRemoteHost(f: Failure): Failure {
  if (f.reason || f.action !== 'failed') return f;
  const read = folded(f);
  for (const [, table] of TABLES) {
    const reason = table(read);
    if (reason) return { ...f, reason };
  }
  return f;
}

/**
 * The same tables for every failure of every decoder (decode/index.ts asks after the family
 * decoders): an Exim or Sendmail notice that relays Orange's "OFR_426" or Microsoft's reply gets
 * the reason that provider's words name. Here a table may only name a reason that is NOT hard,
 * and not "undefined": whether an address is dead stays with the status/command rules, which
 * know what the notice's own system said about it. Undefined when no table names one.
 */
export function remoteHostReason(f: Failure): { reason: Reason; table: string } | undefined {
  if (f.reason || f.action !== 'failed') return undefined;
  const read = folded(f);
  for (const [table, reasonOf] of TABLES) {
    const reason = reasonOf(read);
    if (!reason) continue;
    if (reason === 'undefined' || HARD_REASONS.includes(reason)) return undefined;
    return { reason, table };
  }
  return undefined;
}

/** The failure as the tables read it: a folded multi-line reply as one sentence (classify/reply.ts). */
function folded(f: Failure): Failure {
  return f.diagnostic ? { ...f, diagnostic: foldReply(f.diagnostic) } : f;
}
