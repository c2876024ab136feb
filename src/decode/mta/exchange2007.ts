// Microsoft Exchange 2007 and later (on premises): a human notice, "Diagnostic information for
// administrators", and usually a DSN.
//
//   Delivery has failed to these recipients or distribution lists:
//   ...
//   Diagnostic information for administrators:
//
//   Generating server: mail.example.jp
//
//   kijitora@example.jp
//   #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##
//
// Exchange names what happened with a fixed code after the status ("RESOLVER.ADR.RecipNotFound",
// "QUEUE.Expired"), more telling than the status class: those codes are read here. The DSN, when
// present, gives the recipients; otherwise the diagnostic lines do.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findAllStatus, findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const MARK = 'diagnostic information for administrators:';
const ADDRESS = /^\s{0,8}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
// Exchange's own diagnostic codes (lower-case) and the reason each names.
const CODES: Array<[string, Reason]> = [
  ['smtpsend.dns.nonexistentdomain', 'hostunknown'],  // 554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain
  ['smtpsend.dns.mxloopback', 'networkerror'],        // 554 5.4.4 SMTPSEND.DNS.MxLoopback
  ['resolver.adr.badprimary', 'systemerror'],         // 550 5.2.0 RESOLVER.ADR.BadPrimary
  ['resolver.adr.recipnotfound', 'userunknown'],      // 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found
  ['resolver.adr.recipientnotfound', 'userunknown'],  // 550 5.1.1 RESOLVER.ADR.RecipientNotFound
  ['resolver.adr.exrecipnotfound', 'userunknown'],    // 550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found
  ['resolver.adr.reciplimit', 'toomanyconn'],         // 550 5.5.3 RESOLVER.ADR.RecipLimit
  ['resolver.adr.invalidinsmtp', 'systemerror'],      // 550 5.1.0 RESOLVER.ADR.InvalidInSmtp
  ['resolver.adr.ambiguous', 'systemerror'],          // 550 5.1.4 RESOLVER.ADR.Ambiguous
  ['resolver.rst.authrequired', 'securityerror'],     // 550 5.7.1 RESOLVER.RST.AuthRequired; authentication required
  ['resolver.rst.notauthorized', 'rejected'],         // 550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized
  ['resolver.rst.recipsizelimit', 'mesgtoobig'],      // 550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient
  ['queue.expired', 'expired'],                       // 550 4.4.7 QUEUE.Expired; message expired
];

export const exchange2007: Decoder = {
  name: 'exchange2007',
  decode(mail: Mail): Failure[] {
    if (!/^(?:undeliverable|non remis|unzustellbar|onbestelbaar|no se puede entregar|impossibile recapitare)/i.test(mail.subject)) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const mark = lower.indexOf(MARK);
    if (mark === -1 && !lower.includes('microsoft exchange')) return [];
    const diagnostics = mark === -1 ? new Map<string, string>() : readDiagnostics(text.slice(mark + MARK.length, mark + 32 * 1024));
    const fromDsn = mail.dsn ? dsnFailures(mail.dsn, 'exchange2007') : [];
    const found: Failure[] = fromDsn.length ? fromDsn : [...diagnostics].map(([address, said]) => {
      const status = findStatus(said);
      const replyCode = findReplyCode(said);
      return { address, action: status?.startsWith('4') && !said.toLowerCase().includes('queue.expired') ? 'delayed' as const : 'failed' as const,
        decodedBy: 'exchange2007', diagnostic: said, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) };
    });
    return found.map((f) => {
      const said = `${f.diagnostic ?? ''} ${diagnostics.get(f.address) ?? ''}`.toLowerCase();
      const reason = f.action === 'failed' ? CODES.find(([code]) => said.includes(code))?.[1] : undefined;
      // "QUEUE.Expired" only says Exchange gave up; the attempts listed under it ("Remote Server
      // at ... returned '441 4.4.1 ... Failed to connect'") say what kept failing.
      const attempt = /\.4\.7$/.test(f.status ?? '') ? findAllStatus(diagnostics.get(f.address)).filter((c) => !c.endsWith('.4.7')).pop() : undefined;
      return { ...f, ...(reason ? { reason } : {}), ...(attempt ? { status: attempt } : {}) };
    });
  },
};

/** "address" followed by its diagnostic lines ("#550 5.1.1 ... ##", "Remote Server returned '...'"). */
function readDiagnostics(section: string): Map<string, string> {
  const out = new Map<string, string>();
  let cur: string | undefined;
  for (const raw of section.split('\n')) {
    const line = raw.slice(0, 1000).trim();
    if (/^original message headers:/i.test(line)) break;
    const a = ADDRESS.exec(line);
    if (a) { cur = normalAddress(a[1]); out.set(cur, ''); continue; }
    if (cur && line && !/^(?:generating|receiving|sending) server:/i.test(line)) out.set(cur, `${out.get(cur)} ${line}`.trim().slice(0, 1000));
  }
  return out;
}
