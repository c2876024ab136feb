// Sophos Email (Sophos Central) as the REMOTE server: its refusals carry a code, "XGEMAIL_0011",
// that its list of SMTP error codes explains (docs.sophos.com, Sophos Email "SMTP error codes").
import type { Reason } from '../../core/types.js';
import { codeTable } from './table.js';

const CODES: Record<string, Reason> = {
  '0001': 'authfailure',   // "Message didn't contain a valid DKIM signature."
  '0002': 'authfailure',   // "Message failed an SPF check."
  '0003': 'authfailure',   // "Message failed a DMARC check."
  '0004': 'blocked',       // "Sender IP address failed an RBL test."
  '0005': 'blocked',       // "Sender domain failed a DBL test."
  '0006': 'failedstarttls', // "... the TLS version used doesn't match the version configured in your policy."
  '0007': 'systemerror',   // "... your license has expired." (the receiving organisation's licence)
  '0008': 'rejected',      // "... in the admin block list." (the organisation refuses the sender)
  '0009': 'filtered',      // "... in the user block list." (the recipient's own block list)
  '0010': 'norelaying',    // "... the recipient's domain isn't a Sophos Email protected domain."
  '0011': 'userunknown',   // "... the recipient's email address doesn't exist in the Sophos Email protected domain."
  '0012': 'mesgtoobig',    // "... it exceeded the allowed size."
  '0013': 'toomanyconn',   // "... the maximum number of recipients allowed for a large message."
  '0014': 'speeding',      // "... the recipient's inbound rate limit for the single sender."
  '0015': 'speeding',      // "... the recipient's total inbound rate limit from all senders."
};

export const sophos = codeTable('sophos', /\bxgemail_(\d{4})\b/, CODES);
