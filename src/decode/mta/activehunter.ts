// Active!Hunter (a Japanese mail gateway): Sendmail's layout with the recipient written
// ">>> address <address>", the remote reply in the transcript.
//
//     ----- The following addresses had permanent fatal errors -----
//
//   >>> kijitora@example.jp <kijitora@example.jp>
//
//     ----- Transcript of session follows -----
//   550 sorry, no mailbox here by that name (#5.1.1 - chkusr)
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const LISTED = /^\s*>>> ([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})(?:\s|$)/;

export const activehunter: Decoder = {
  name: 'activehunter',
  decode(mail: Mail): Failure[] {
    const signed = mail.subject.startsWith('FAILURE NOTICE :') || (mail.root.params.boundary ?? '').includes('Active!Hunter');
    if (!signed) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const list = lower.indexOf('the following addresses had permanent fatal errors');
    const transcript = lower.indexOf('transcript of session follows', list);
    if (list === -1 || transcript === -1) return [];
    const addresses = text.slice(list, transcript).split('\n').map((l) => LISTED.exec(l.slice(0, 600))?.[1]).filter((a): a is string => Boolean(a));
    const said = text.slice(text.indexOf('\n', transcript) + 1).split(/\n[ \t]*\n/, 1)[0].replace(/\s+/g, ' ').trim().slice(0, 1000);
    const status = findStatus(said);
    const replyCode = findReplyCode(said);
    return addresses.map((a) => ({
      address: normalAddress(a), action: 'failed' as const, decodedBy: 'activehunter', diagnostic: said,
      ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    }));
  },
};
