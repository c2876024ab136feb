// Remote-host tables of group B (the reference decoder's "rhost" step): some receiving systems
// word their refusals in a way only they use, so the reply of THAT server decides the reason,
// whichever system wrote the bounce. Decoders that quote a remote server's reply ask here;
// a DSN whose reply comes from one of these servers is read by that family's own decoder
// (remote-dsn.ts).
import type { Failure, Reason } from '../../core/types.js';
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
const TABLES: Array<(f: Failure) => Reason | undefined> = [
  (f) => orangeReason(f.diagnostic), microsoftReason, docomoReason, auReason, coxReason, spectrumReason,
  mimecastReason, facebookReason, godaddyReason, tencentReason, appleReason, googleReason, yahooReason,
];

/** The failure with the reason its remote server's own words name, when the decoder set none. */
export function byRemoteHost(f: Failure): Failure {
  if (f.reason || f.action !== 'failed') return f;
  for (const table of TABLES) {
    const reason = table(f);
    if (reason) return { ...f, reason };
  }
  return f;
}
