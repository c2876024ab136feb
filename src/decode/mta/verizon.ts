// Verizon Wireless MMS gateway (sysadmin@<host>.vzwpix.com, "MMSC NDR Administrator"): a picture
// or text message to a phone number that the gateway refused. The recipient is only in the
// quoted original:
//
//   Message could not be delivered to mobile.
//   Error: No valid recipients for this MM
//
//   Original Message:
//   From: ...
//   To: 0000000000@vzwpix.com
//
// "No valid recipients" is the gateway's answer for a number that is not a Verizon subscriber.
import type { Failure, Reason } from '../../core/types.js';
import { addressIn } from '../mail.js';
import { isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const OWN_WORDS: Array<[string, Reason]> = [['no valid recipients for this mm', 'userunknown']];

export const verizon: Decoder = {
  name: 'verizon',
  decode(mail: Mail): Failure[] {
    if (!/@(?:[a-z0-9-]+\.)*(?:vzwpix\.com|vtext\.com)$/.test(mail.from)) return [];
    const text = mail.text.slice(0, 16 * 1024);
    const lower = text.toLowerCase();
    if (!lower.includes('message could not be delivered to mobile')) return [];
    const error = /^\s*error:\s*(.{1,500})$/im.exec(text)?.[1]?.trim();
    const at = lower.indexOf('original message:');
    const to = at === -1 ? undefined : /^to:\s*(.{1,1000})$/im.exec(text.slice(at))?.[1];
    const address = to ? addressIn(to) : mail.originalHeader('to') ? addressIn(mail.originalHeader('to')!) : undefined;
    if (!isAddress(address)) return [];
    const reason = error ? OWN_WORDS.find(([w]) => error.toLowerCase().includes(w))?.[1] : undefined;
    return [{ address, action: 'failed', decodedBy: 'verizon', ...(error ? { diagnostic: error } : {}), ...(reason ? { reason } : {}) }];
  },
};
