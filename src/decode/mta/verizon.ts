// Verizon Wireless gateways. Two shapes, no DSN:
//
// The MMS gateway (sysadmin@<host>.vzwpix.com, "MMSC NDR Administrator"); the recipient only in
// the quoted original:
//   Message could not be delivered to mobile.
//   Error: No valid recipients for this MM
//   Original Message:
//   To: 0000000000@vzwpix.com
//
// The SMS gateway (post_master@vtext.com):
//   Error: 550 - Requested action not taken: no such user here
//   Message details:
//     Subject: Test message
//     MAIL FROM: sender@example.com
//     RCPT TO: 0000000000@vtext.com
//
// "No valid recipients" and "no such user here" are the gateways' answers for a number that
// is not a Verizon subscriber.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { addressIn } from '../mail.js';
import { findReplyCode } from '../../classify/status.js';
import { isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const OWN_WORDS: Array<[string, Reason]> = [
  ['no valid recipients for this mm', 'userunknown'],
  ['requested action not taken: no such user here', 'userunknown'],
];

export const verizon: Decoder = {
  name: 'verizon',
  decode(mail: Mail): Failure[] {
    if (!/@(?:[a-z0-9-]+\.)*(?:vzwpix\.com|vtext\.com)$/.test(mail.from)) return [];
    const text = mail.text.slice(0, 16 * 1024);
    const error = /^[ \t]*error:[ \t]*(.{1,500})$/im.exec(text)?.[1]?.trim();
    const lower = text.toLowerCase();
    let addresses: string[] = [];
    if (lower.includes('message could not be delivered to mobile')) {
      const at = lower.indexOf('original message:');
      const to = at === -1 ? mail.originalHeader('to') : /^to:[ \t]*(.{1,1000})$/im.exec(text.slice(at))?.[1];
      const address = to ? addressIn(to) : undefined;
      if (address) addresses = [address];
    } else {
      addresses = [...text.matchAll(/^[ \t]{1,20}rcpt to:[ \t]*<?([^\s<>]{1,256}@[^\s<>]{1,256}?)>?[ \t]*$/gim)].map((m) => normalAddress(m[1]));
    }
    const reason = error ? OWN_WORDS.find(([w]) => error.toLowerCase().includes(w))?.[1] : undefined;
    const replyCode = findReplyCode(error);
    return addresses.filter(isAddress).map((address) => ({
      address, action: 'failed', decodedBy: 'verizon', ...(error ? { diagnostic: error } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
    }));
  },
};
