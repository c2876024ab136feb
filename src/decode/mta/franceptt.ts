// Orange / Wanadoo and La Poste (France Telecom's former mail hosts) as the REMOTE server: their
// replies end with the host's own error code, "OFR<n>_<code> [<code>]" or "LPN<n>_<code>":
//
//   550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://... [102]
//   550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]
//   421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]
//   554 5.7.1 <host[192.0.2.1]:49309>: Client host rejected: #216 lpn LPN000_630
//
// The code says what happened better than the generic words around it (Orange's postmaster
// table). Any notice carrying a standard DSN is read here when a recipient's reply has one.
import type { Failure, Reason } from '../../core/types.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const CODE = /\b(?:ofr|lpn)\d{0,3}_(\d{3})\b/i;
const BY_CODE: Record<string, Reason> = {
  '102': 'blocked',          // "Client host blocked for spamming issues. OFR006_102"
  '104': 'toomanyconn',      // "Trop de connexions, veuillez verifier votre configuration. OFR005_104"
  '505': 'systemerror',      // "421 4.2.0 Service refuse. ... OFR005_505 [505]"
  '506': 'spamdetected',     // "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]"
  '630': 'policyviolation',  // "554 5.7.1 ... Client host rejected: #216 lpn LPN000_630"
  '999': 'blocked',          // "421 ... Service refuse. ... OFR_999 [999]"
};

/** The reason Orange / La Poste's own code names in a reply, or undefined. */
export function orangeReason(text: string | undefined): Reason | undefined {
  const code = text ? CODE.exec(text.slice(0, 2000))?.[1] : undefined;
  return code ? BY_CODE[code] : undefined;
}

export const franceptt: Decoder = {
  name: 'franceptt',
  decode(mail: Mail): Failure[] {
    if (!mail.dsn || !mail.dsn.recipients.some((r) => CODE.test(r.diagnostic ?? ''))) return [];
    return dsnFailures(mail.dsn, 'franceptt').map((f) => {
      const reason = f.action === 'failed' ? orangeReason(f.diagnostic) : undefined;
      return reason ? { ...f, reason } : f;
    });
  },
};
