// Every decoder's recipients pass here before they are classified: only real addresses, one
// report per address, and a bounded number per message. Decoders read hostile and broken mail;
// this is where what they found is held to what an SMTP envelope can carry (RFC 5321 §4.5.3.1).
import type { Action, Failure } from '../core/types.js';

/**
 * Recipients reported per message. A DSN reports on one message's envelope, and the servers mail
 * is sent through take at most about this many recipients for one message (Postfix's default
 * smtpd_recipient_limit is 1000; Microsoft 365 allows 1000 per message, Gmail 500), so more
 * distinct addresses than this are not one message's bounce: they come from a mailing-list
 * digest, a hostile message or text misread as addresses. The first ones are kept and the
 * decoded result says how many there were (Decoded.recipientsFound).
 */
export const MAX_RECIPIENTS = 1000;

const LOCAL_MAX = 64;    // octets (RFC 5321 §4.5.3.1.1)
const DOMAIN_MAX = 255;  // octets (§4.5.3.1.2)
const ADDRESS_MAX = 254; // a path is at most 256 octets with its angle brackets (§4.5.3.1.3)
// Control characters (C0, DEL, C1), and U+FFFD: bytes that did not decode are not an address.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufffd]/;
// An unquoted local part: RFC 5322 atext and dots, and (RFC 6531) any non-ASCII character. Dots
// are not checked for place or repeats: Japanese mobile carriers issued addresses such as
// "neko..nyaan.@docomo.ne.jp", and mail to them is delivered and bounced like any other.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u00a0-\uffff-]+$/;
// A quoted local part ("neko nyaan"@example.jp): printable ASCII, backslash escapes, non-ASCII.
const QUOTED = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\uffff]|\\[\x20-\x7e])*"$/;
const LABEL = /^[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]{0,61}[A-Za-z0-9\u00a0-\uffff])?$/;
const LITERAL = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]{2,45})\]$/;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * A syntactically valid address to report: no control characters, one "@" outside a quoted local
 * part, the length limits of RFC 5321, and a plausible domain: dotted host-name labels whose last
 * one is not all digits, or an address literal ("[192.0.2.1]"). A dotless domain ("neko@server")
 * is a host's internal name, which no customer's table holds.
 */
export function validAddress(address: string | undefined): address is string {
  if (!address || CONTROL.test(address) || bytes(address) > ADDRESS_MAX) return false;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 1 || bytes(local) > LOCAL_MAX || bytes(domain) > DOMAIN_MAX) return false;
  if (!(local.startsWith('"') ? QUOTED.test(local) : LOCAL.test(local))) return false;
  if (LITERAL.test(domain)) return true;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

/** What settling a message's recipients gave: the recipients to report, and how many distinct valid ones there were. */
export interface Settled {
  failures: Failure[];
  found: number;
}

/**
 * One Failure per valid address, in the order first seen, at most MAX_RECIPIENTS. When a message
 * reports an address more than once (a DSN that repeats a recipient's block, a notice that names
 * it in its text and its DSN), the report with the most telling evidence stands for it, and the
 * fields it lacks are taken from the others of the same outcome.
 */
export function settleRecipients(found: Failure[]): Settled {
  const byAddress = new Map<string, Failure[]>();
  for (const f of found) {
    const address = String(f.address ?? '').trim();
    if (!validAddress(address)) continue;
    // One address whatever the case of its ASCII letters (decoders report lower case; this holds
    // for any that does not). Not Unicode case folding: "K" (U+212A) is not "k".
    const key = address.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    const same = byAddress.get(key);
    if (same) {
      if (same.length) same.push({ ...f, address: same[0].address });
    } else byAddress.set(key, byAddress.size < MAX_RECIPIENTS ? [{ ...f, address }] : []); // past the cap: counted, not reported
  }
  const failures = [...byAddress.values()].filter((fs) => fs.length > 0).map(merge);
  return { failures, found: byAddress.size };
}

// A final answer over a transient one, over a delivery report.
const ACTION_RANK: Record<Action, number> = { failed: 3, delayed: 2, delivered: 1, relayed: 1, expanded: 1 };
const FILLED = ['status', 'replyCode', 'diagnostic', 'diagnosticType', 'remoteMta', 'command'] as const;

function merge(reports: Failure[]): Failure {
  if (reports.length === 1) return reports[0];
  const best = reports.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const out: Failure = { ...best };
  for (const other of reports) {
    if (other === best || other.action !== best.action) continue;
    for (const k of FILLED) if (out[k] === undefined && other[k] !== undefined) out[k] = other[k];
  }
  return out;
}

/** How telling a report is: its outcome first, then a decoder's reason, a specific status, the words. */
function rank(f: Failure): number {
  const specific = f.status !== undefined && !f.status.endsWith('.0.0');
  return ACTION_RANK[f.action] * 100 + (f.reason ? 20 : 0) + (specific ? 10 : f.status ? 5 : 0)
    + (f.replyCode ? 3 : 0) + (f.diagnostic ? 2 : 0) + (f.command ? 1 : 0);
}
