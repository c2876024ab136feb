// The registry of mail-system family decoders, tried in this order; the first that returns a
// non-empty list wins. They run BEFORE the generic DSN reader, so a family can fix what its DSN
// gets wrong (a vague Status, recipients only in the text); a family with nothing to add to a
// standard DSN returns [] and lets the DSN reader do it.
//
// How to add a family:
//   1. Write src/decode/mta/<family>.ts exporting one `Decoder` (see qmail.ts): check a cheap
//      signature first (From, Subject, a header, a fixed phrase of that system) and return []
//      when it is not yours. Never throw, never guess an address that is not in the message.
//   2. Set `reason` on a Failure only when that system's words say it unambiguously; otherwise
//      leave it to src/classify/rules.ts (add rules there, under the reply text that motivated them).
//   3. Add one import and one entry below. Ordering: specific signatures (a header only that
//      system writes, a From address of one provider) before broad ones (a phrase several
//      systems share); systems that wrap or forward others' bounces before the ones they wrap.
//   4. Write test/fixtures/decode/mta/<family>-*.eml (your own, in that system's shape) and one
//      row each in the test table.
// A receiving system's own replies (what it answers, not the notices it writes) are not a family:
// they are a reply table in ../rhost/<receiver>.ts, listed in ../rhost/index.ts.
import type { Decoder } from '../decoder.js';
import { REMOTE_HOST_DECODER } from '../rhost/dsn.js';
import { qmail } from './qmail.js';
// Mail servers and gateways
import { courier } from './courier.js';
import { domino } from './domino.js';
import { dragonfly } from './dragonfly.js';
import { exchange2003 } from './exchange2003.js';
import { exchange2007 } from './exchange2007.js';
import { exim } from './exim.js';
import { imailserver } from './imailserver.js';
import { notes } from './notes.js';
import { opensmtpd } from './opensmtpd.js';
import { postfix } from './postfix.js';
import { powermta } from './powermta.js';
import { sendmail } from './sendmail.js';
import { v5sendmail } from './v5sendmail.js';
import { apachejames } from './apachejames.js';
import { activehunter } from './activehunter.js';
import { mailfoundry } from './mailfoundry.js';
import { mfilter } from './mfilter.js';
import { messagingserver } from './messagingserver.js';
import { fml } from './fml.js';
import { mailmarshal } from './mailmarshal.js';
import { x1 } from './x1.js';
import { x3 } from './x3.js';
import { x5 } from './x5.js';
import { x6 } from './x6.js';
// Providers and hosted services
import { googlegroups } from './googlegroups.js';
import { gmail } from './gmail.js';
import { amazonworkmail } from './amazonworkmail.js';
import { amazonses } from './amazonses.js';
import { receivingses } from './receivingses.js';
import { office365 } from './office365.js';
import { outlook } from './outlook.js';
import { mcafee } from './mcafee.js';
import { messagelabs } from './messagelabs.js';
import { yahoo } from './yahoo.js';
import { aol } from './aol.js';
import { gmx } from './gmx.js';
import { einsundeins } from './einsundeins.js';
import { ezweb } from './ezweb.js';
import { kddi } from './kddi.js';
import { biglobe } from './biglobe.js';
import { softbank } from './softbank.js';
import { mailru } from './mailru.js';
import { zoho } from './zoho.js';
import { verizon } from './verizon.js';
import { interscanmss } from './interscanmss.js';
import { sendgrid } from './sendgrid.js';
import { barracuda } from './barracuda.js';
import { mimecastNotice } from './mimecast.js';

export const FAMILIES: readonly Decoder[] = [
  qmail,
  // Providers and hosted services (Google Groups before Gmail: same sender, narrower sign)
  googlegroups,
  gmail,
  amazonworkmail,
  amazonses,
  receivingses,
  office365,
  outlook,
  mcafee,
  messagelabs,
  yahoo,
  aol,
  gmx,
  einsundeins,
  ezweb,
  kddi,
  biglobe,
  softbank,
  mailru,
  zoho,
  verizon,
  interscanmss,
  sendgrid,
  barracuda,
  mimecastNotice,
  // A standard DSN read by its remote server's own codes (OFR_nnn, SC-004, docomo's "Unknown
  // user"): the receivers' reply tables of ../rhost/. Before the mail servers and gateways, whose
  // notices carry such a DSN too.
  REMOTE_HOST_DECODER,
  // Mail servers and gateways, after the providers (their signatures are fixed phrases,
  // not a From address). Narrow signatures (a header, a fixed subject) first; then the broad
  // ones: Exim, Postfix, Sendmail, whose layouts others copy. DragonFly before Exim: both write
  // "Subject: Mail delivery failed"; Active!Hunter before Sendmail: it copies Sendmail's layout.
  powermta,
  dragonfly,
  imailserver,
  domino,
  notes,
  exchange2003,
  exchange2007,
  fml,
  apachejames,
  activehunter,
  mailfoundry,
  mfilter,
  mailmarshal,
  x1,
  x3,
  x5,
  x6,
  opensmtpd,
  messagingserver,
  courier,
  exim,
  postfix,
  sendmail,
  v5sendmail,
];
