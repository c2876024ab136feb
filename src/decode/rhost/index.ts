// Receiving systems' own replies (the reference decoder's "rhost" step, kept apart from the
// decoders of the systems that write notices, its "lhost"): some receivers word their refusals in
// a way only they use, so the reply of THAT server decides the reason, whichever system wrote the
// bounce. One table per receiver in this folder; this list is their order.
import { HARD_REASONS, type Failure, type Reason } from '../../core/types.js';
import { foldReply } from '../../classify/reply.js';
import { aol } from './aol.js';
import { apple } from './apple.js';
import { barracuda } from './barracuda.js';
import { au } from './au.js';
import { cox } from './cox.js';
import { docomo } from './docomo.js';
import { facebook } from './facebook.js';
import { godaddy } from './godaddy.js';
import { google } from './google.js';
import { microsoft } from './microsoft.js';
import { mimecast } from './mimecast.js';
import { netease } from './netease.js';
import { orange } from './orange.js';
import { sophos } from './sophos.js';
import { spectrum } from './spectrum.js';
import type { ReplyTable } from './table.js';
import { tencent } from './tencent.js';
import { tonline } from './tonline.js';
import { trendmicro } from './trendmicro.js';
import { yahoo } from './yahoo.js';
import { yandex } from './yandex.js';

// Each table answers only for its own receiver's replies (by host, link or code), so the order
// matters only where a reply could name two receivers.
export const REPLY_TABLES: readonly ReplyTable[] = [orange, microsoft, docomo, au, cox, spectrum, mimecast, facebook, godaddy, tencent, apple, google, yahoo,
  aol, netease, sophos, trendmicro, tonline, yandex, barracuda];

/** The failure with the reason its remote server's own words name, when the decoder set none. */
export function byRemoteHost(f: Failure): Failure {
  if (f.reason || f.action !== 'failed') return f;
  const read = folded(f);
  for (const table of REPLY_TABLES) {
    const reason = table.reasonOf(read);
    if (reason) return { ...f, reason };
  }
  return f;
}

/**
 * The same tables for every failure of every decoder (decode/index.ts asks after the decoders):
 * an Exim or Sendmail notice that relays Orange's "OFR_426" or Microsoft's reply gets the reason
 * that receiver's words name. Here a table may only name a reason that is NOT hard, and not
 * "undefined": whether an address is dead stays with the status/command rules, which know what
 * the notice's own system said about it. Undefined when no table names one.
 */
export function remoteHostReason(f: Failure): { reason: Reason; table: string } | undefined {
  if (f.reason || f.action !== 'failed') return undefined;
  const read = folded(f);
  for (const table of REPLY_TABLES) {
    const reason = table.reasonOf(read);
    if (!reason) continue;
    if (reason === 'undefined' || HARD_REASONS.includes(reason)) return undefined;
    return { reason, table: table.name };
  }
  return undefined;
}

/** The failure as the tables read it: a folded multi-line reply as one sentence (classify/reply.ts). */
export function folded(f: Failure): Failure {
  return f.diagnostic ? { ...f, diagnostic: foldReply(f.diagnostic) } : f;
}
