// Ipswitch IMail Server ("X-Mailer: <SMTP32 v8.22>"): a short text notice, no DSN.
//
//   Unknown user: kijitora@example.jp                         ← IMail's own words: address
//
//   Original message follows.
//
// or, when a remote server refused it:
//
//   undeliverable to kijitora@example.jp
//
//   Body of message generated response:
//   550 5.7.1 ... the remote server's reply ...
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const OWN = /^\s*([A-Za-z][^:\n]{2,80}):\s+<?([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
const REMOTE = /^\s*undeliverable to <?([^\s<>@]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/i;
const ENDS = ['original message follows', 'original message header follows'];
// IMail's own fixed words, and the one remote phrase its notices are known for.
const WORDS: Array<[RegExp, Reason]> = [
  [/^unknown host/i, 'hostunknown'],                           // "Unknown host: example.jp"
  [/^(?:unknown user|invalid final delivery userid)/i, 'userunknown'], // "Invalid final delivery userid: x@y"
  [/^user mailbox exceeds allowed size/i, 'mailboxfull'],      // "User mailbox exceeds allowed size: x@y"
  [/^requested action not taken: virus detected/i, 'virusdetected'],
  [/blacklisted url in message/i, 'spamdetected'],            // "550-REJECTED - Blacklisted URL in message."
  [/^delivery failed \d{1,4} attempts/i, 'expired'],           // "Delivery failed 20 attempts: x@y"
];

export const imailserver: Decoder = {
  name: 'imailserver',
  decode(mail: Mail): Failure[] {
    if (!/^<?smtp32 v/i.test((mail.header('x-mailer') ?? '').trim())) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const ends = ENDS.map((s) => lower.indexOf(s)).filter((i) => i !== -1);
    const lines = text.slice(0, ends.length ? Math.min(...ends) : 16 * 1024).split('\n');
    const out: Failure[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].slice(0, 1000);
      const remote = REMOTE.exec(line);
      const own = remote ? null : OWN.exec(line);
      if (!remote && !own) continue;
      if (own && /^(?:to|cc|from|date|subject|reply-to)$/i.test(own[1].trim())) continue;
      // A remote reply follows "Body of message generated response:".
      const rest = remote ? lines.slice(i + 1).join('\n') : '';
      const at = rest.toLowerCase().indexOf('generated response:');
      const said = remote ? (at === -1 ? '' : rest.slice(at + 19)) : own![1];
      const diagnostic = said.replace(/\s+/g, ' ').trim().slice(0, 1000) || line.trim();
      const reason = WORDS.find(([re]) => re.test(diagnostic))?.[1];
      const status = findStatus(diagnostic);
      const replyCode = findReplyCode(diagnostic);
      out.push({
        address: normalAddress((remote ?? own)![remote ? 1 : 2]), action: 'failed', decodedBy: 'imailserver', diagnostic,
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
      });
    }
    return out;
  },
};
