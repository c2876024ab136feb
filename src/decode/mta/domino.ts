// HCL / IBM Lotus Domino: a text notice (newer releases add a DSN whose Diagnostic-Code is
// "X-Notes;" in the notice's own charset), in the server's language.
//
//   Your message
//
//     Subject: March news
//
//   was not delivered to:
//
//     kijitora@example.jp
//
//   because:
//
//     User Kijitora (kijitora@example.jp) not listed in Domino Directory
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus, pickStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const ADDRESS = /^\s{0,12}<?([^\s<>@"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
// Domino's own sentences (lower-case), in the languages it ships.
const WORDS: Array<[string, Reason]> = [
  ['not listed in domino directory', 'userunknown'],
  ['not listed in public name & address book', 'userunknown'],
  ['no se encuentra en el directorio de domino', 'userunknown'],
  ["non è elencato nella rubrica di domino", 'userunknown'],
  ['domino ディレクトリには見つかりません', 'userunknown'],
  ['cannot route mail to user', 'filtered'],
  ['several matches found in domino directory', 'systemerror'],
];

export const domino: Decoder = {
  name: 'domino',
  decode(mail: Mail): Failure[] {
    if (!mail.subject.toUpperCase().startsWith('DELIVERY FAILURE')) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const to = lower.indexOf('was not delivered to:');
    const because = lower.indexOf('because:', to);
    if (to === -1 || because === -1) return [];
    const addresses = text.slice(to + 21, because).split('\n').map((l) => ADDRESS.exec(l.slice(0, 600))?.[1]).filter((a): a is string => Boolean(a));
    // The reason is the paragraph after "because:".
    const diagnostic = text.slice(because + 8, because + 4096).replace(/^\s+/, '').split(/\n[ \t]*\n/, 1)[0].replace(/\s+/g, ' ').trim().slice(0, 1000);
    const reasonLower = diagnostic.toLowerCase();
    const reason = WORDS.find(([w]) => reasonLower.includes(w))?.[1];
    const dsn = mail.dsn?.recipients ?? [];
    return addresses.map((a) => {
      const address = normalAddress(a);
      const fromDsn = dsn.find((r) => (r.finalRecipient && normalAddress(r.finalRecipient)) === address)?.status;
      const status = pickStatus(fromDsn, diagnostic) ?? findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic);
      return {
        address, action: 'failed' as const, decodedBy: 'domino', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
      };
    });
  },
};
