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
import type { Reason } from '../../core/types.js';
import type { ReplyTable } from './table.js';

// "OFR_506", "OFR006_102", "LPN105_104", "OUK_513": the last three digits are the code.
const CODE = /\b(?:lpn|ofr|ouk)(?:_(\d{3})|\d{3}[-_](\d{3}))\b/i;
// Orange / La Poste's codes; null = the code is known but names no reason ("try later").
const BY_CODE: Record<string, Reason | null> = {
  '102': 'blocked',          // "Client host blocked for spamming issues. OFR006_102"
  '103': 'blocked',          // "Service refuse. Veuillez essayer plus tard."
  '104': 'toomanyconn',      // "Too many connections, slow down. LPN105_104"
  '105': null, '108': null, '109': null, '201': null, '423': null, '424': null, '513': null,
  '305': 'securityerror',    // "550 5.7.0 Code d'authentification invalide OFR_305"
  '401': 'blocked',          // "550 5.5.0 SPF: *** is not allowed to send mail. LPN004_401"
  '402': 'securityerror',    // "Authentification requise. Authentication Required. LPN105_402"
  '403': 'rejected', '405': 'rejected', '415': 'rejected', // "Emetteur invalide. Invalid Sender."
  '416': 'userunknown',      // "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient."
  '418': 'userunknown',      // "Adresse d au moins un destinataire invalide"
  '417': 'mailboxfull',      // "552 5.1.1 Boite du destinataire pleine. Recipient overquota."
  '420': 'suspend',          // "Boite du destinataire archivee. Archived recipient."
  '426': 'suspend',          // "Le compte du destinataire est bloque. The recipient account is blocked."
  '421': 'rejected',         // "5.5.3 Mail from not owned by user. LPN105_421"
  '505': 'systemerror',      // "421 4.2.0 Service refuse. ... OFR005_505 [505]"
  '506': 'spamdetected',     // "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]"
  '510': 'blocked',          // "Veuillez essayer plus tard. service refused, please try later. LPN004_510"
  '514': 'mesgtoobig',       // "Taille limite du message atteinte"
  '630': 'policyviolation',  // "554 5.7.1 ... Client host rejected: #216 lpn LPN000_630"
  '999': 'blocked',          // "421 ... Service refuse. ... OFR_999 [999]"
};

/**
 * The reason Orange / La Poste's own code names in a reply, or undefined. A code the table knows
 * to name no reason ("513": "Mail rejete. Mail rejected.") leaves it to the rules, which read the
 * status and words around it; a code the table does not know is "undefined".
 */
function orangeReason(text: string | undefined): Reason | undefined {
  const m = text ? CODE.exec(text.slice(0, 2000)) : null;
  if (!m) return undefined;
  const code = m[1] ?? m[2];
  return code in BY_CODE ? BY_CODE[code] ?? undefined : 'undefined';
}

export const orange: ReplyTable = { name: 'orange', decoder: 'franceptt', reasonOf: (f) => orangeReason(f.diagnostic) };
