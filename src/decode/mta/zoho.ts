// Zoho Mail (mailer-daemon@mail.zoho.com, X-ZohoMail): one line per recipient, the quoted
// original's headers right after, no DSN:
//
//   This message was created automatically by mail delivery software.
//   A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.
//
//   kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <kijitora@example.co.jp>... User Unknown
//   kijitora@example.jp Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.
//   [Status: Error, Address: <kijitora@example.jp>, ResponseCode 421, , Host not reachable.]
//
// "Host not reachable" is Zoho giving up on a server it could not reach: expired.
import type { Failure, Reason } from '../../core/types.js';
import { findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const LINE = /^([^\s<>@]{1,256}@[^\s<>@]{1,256}) ([^,]{1,100}), ERROR_CODE :(\d{3})?, ERROR_CODE :(.{0,1000})$/;
const STATUS_LINE = /^\[Status: ([^,]{1,40}), Address: <([^<>\s@]{1,256}@[^<>\s@]{1,256})>, ResponseCode (\d{3})?,(.{0,1000})\]$/;
const OWN_WORDS: Array<[string, Reason]> = [['host not reachable', 'expired']];

export const zoho: Decoder = {
  name: 'zoho',
  decode(mail: Mail): Failure[] {
    if (!/@(?:[a-z0-9-]+\.)*zoho(?:mail)?\.[a-z.]{2,6}$/.test(mail.from) && mail.header('x-zohomail') === undefined) return [];
    const text = mail.text.slice(0, 32 * 1024);
    const out: Failure[] = [];
    for (const line of text.split('\n')) {
      const t = line.trim().slice(0, 1500);
      const st = STATUS_LINE.exec(t);
      const m = LINE.exec(t) ?? (st ? [t, st[2], st[1], st[3], st[4]] : null);
      if (!m) continue;
      const diagnostic = `${m[3] ?? ''} ${m[4]}`.replace(/\s+/g, ' ').replace(/^[\s,]+/, '').trim();
      const status = findStatus(m[4]);
      const lower = diagnostic.toLowerCase();
      const reason = OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
      out.push({
        address: m[1].toLowerCase(), action: 'failed', decodedBy: 'zoho', diagnostic,
        ...(m[3] ? { replyCode: m[3] } : {}), ...(status ? { status } : {}), ...(reason ? { reason } : {}),
      });
    }
    return out.map(byRemoteHost);
  },
};
