// Google Groups: a post to a group that refused it (no such group, or the sender may not post).
// Sent by Gmail's mailer-daemon, plain text in the sender's language, no DSN, no code; the group
// address is only in X-Failed-Recipients:
//
//   X-Failed-Recipients: our-list@googlegroups.com
//
//   We're writing to let you know that the group you tried to contact (our-list) may not exist,
//   or you may not have permission to post messages to the group. ...
//   If you have questions related to this or any other Google Group, visit the Help Center at
//   https://groups.google.com/support/.
//   Thanks,
//   Google Groups
//
// The group may or may not exist: that is a refusal of this sender, never a dead address.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNS = ['groups.google.com/support', '\ngoogle groups\n'];

export const googlegroups: Decoder = {
  name: 'googlegroups',
  decode(mail: Mail): Failure[] {
    const from = mail.from;
    if (!from.startsWith('mailer-daemon@') || !/@(?:googlemail|google)\.com$/.test(from)) return [];
    const failed = mail.headerAll('x-failed-recipients');
    if (failed.length === 0) return [];
    const lower = mail.text.slice(0, 32 * 1024).toLowerCase();
    // In any language: the link or signature, or else the four reasons it lists as bullets.
    const bullets = (lower.match(/^ ?\* ?\S/gm) ?? []).length;
    const listed = mail.header('x-google-smtp-source') !== undefined && !mail.dsn && bullets === 4;
    if (!SIGNS.some((s) => lower.includes(s)) && !listed) return [];
    const cut = lower.indexOf('----- original message -----');
    const diagnostic = mail.text.slice(0, cut === -1 ? 2000 : Math.min(cut, 2000)).replace(/\s+/g, ' ').trim();
    return failed.flatMap((v) => v.split(','))
      .map((a) => normalAddress(a.trim().replace(/^<|>$/g, '')))
      .filter(isAddress)
      .map((address) => ({ address, action: 'failed', reason: 'rejected', decodedBy: 'googlegroups', diagnostic }));
  },
};
