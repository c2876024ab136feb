// The fallback for mail systems no family decoder knows. Precise rather than greedy: it speaks
// only for messages that look like bounces (a mailer-daemon / postmaster sender or a bounce
// subject), and only for addresses that stand next to a status code, a reply code or a failure
// phrase, in the part of the text before the quoted original.
import { normalAddress } from '../core/address.js';
import type { Failure } from '../core/types.js';
import { findReplyCode, findStatus } from '../classify/status.js';
import { PHRASE_RULES } from '../classify/rules.js';
import { plainWords } from '../classify/reply.js';
import type { Mail } from './mail.js';
import { entryLines } from './entry.js';
import { actionOf, isLabelledRecipient, isSuccess, isWarning } from './notice.js';

// Senders of delivery reports. Not "bounce..." or "noreply": newsletters are sent from those.
// "mdaemon": the MDaemon server sends its notices from MDaemon@<domain> (three real notices of
// versions 5, 10 and 13: "userx@example.net - no such user here.", "Permanent Delivery Failure").
const BOUNCE_SENDERS = ['mailer-daemon', 'postmaster', 'mail-daemon', 'maildaemon', 'mmdf', 'smtp-gateway', 'mail.delivery', 'mail-delivery', 'mdaemon'];
const BOUNCE_SUBJECTS = [
  'undeliver', 'undelivered', 'delivery status', 'delivery failure', 'delivery failed', 'failure notice', 'returned mail',
  'mail delivery failed', 'non remis', 'nicht zustellbar', 'unzustellbar', 'not delivered', 'delivery notification',
  'could not be delivered', 'nondeliverable', 'mail rejected', 'message rejected', 'returned to sender', 'mail system error', 'delivery problem', 'permanent error', 'fallo en la entrega',
  'failure notice', 'error sending your mail', 'could not send', 'メールエラー', 'エラー通知', '配信エラー', '不達', '送信エラー', 'unzustellbar', 'non recapitabile', 'no entregado',
];
// Words that say a recipient failed, when no code is given: every reason rule's words, and these.
const FAILURE_WORDS = [...PHRASE_RULES.flatMap((r) => r.phrase),
  'user unknown', 'unknown user', 'no such user', 'does not exist', 'mailbox unavailable', 'mailbox full', 'over quota', 'host unknown',
  'not found', 'rejected', 'invalid', 'unknown', 'could not be delivered', 'undeliverable', 'refused', 'denied', 'failed', 'disabled',
  'did not reach', 'could not deliver', 'unable to deliver', 'delivery to the following', 'permanent error', 'not delivered',
];
// Where the quoted original starts. Not plain "original message": Sendmail's notice begins with
// "The original message was received at ...".
const ORIGINAL_STARTS = ['original message follows', '--- original message', 'original message ---', 'original message:', '----- returned message', 'returned message follows', 'below this line', 'message headers follow', 'unsent message follows', 'content-type: message/rfc822', '\nreceived: ', '\nreturn-path: '];
// Not preceded by "/" or a local-part character: "/home/neko/.forward" paths are not addresses.
// Address mentions looked at per message: a notice with more is hostile or a list, not a bounce we can read.
const MAX_CANDIDATES = 1000;
const SENDER_BEFORE = /(?:\bfrom|\bsender)\s{0,3}[:=]?\s{0,3}<?$/i;
const ADDRESS = /(?<![A-Za-z0-9._%+=!#$&'*/?^`{|}~-])<?([A-Za-z0-9._%+=!#$&'*?^`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})>?/g;

/** A status or reply code of failure, or a failure word. */
function failing(text: string): boolean {
  const status = findStatus(text);
  const replyCode = findReplyCode(text);
  const lower = plainWords(text.toLowerCase());
  return Boolean((status && status[0] !== '2') || (replyCode && replyCode[0] !== '2') || FAILURE_WORDS.some((w) => lower.includes(w)));
}

export function looksLikeBounce(mail: Mail): boolean {
  const from = mail.from;
  const local = from.slice(0, from.indexOf('@'));
  if (BOUNCE_SENDERS.some((s) => local.startsWith(s))) return true;
  // "From: mailer-daemon" without a domain, or a display name only.
  const rawFrom = (mail.header('from') ?? '').toLowerCase();
  if (['mailer-daemon', 'mail delivery', 'postmaster', 'mail administrator'].some((s) => rawFrom.includes(s))) return true;
  const subject = mail.subject.toLowerCase();
  return BOUNCE_SUBJECTS.some((s) => subject.includes(s));
}

export function decodeGeneric(mail: Mail): Failure[] {
  if (!looksLikeBounce(mail)) return [];
  const text = mail.text;
  const lower = text.toLowerCase();
  const cuts = ORIGINAL_STARTS.map((s) => lower.indexOf(s)).filter((i) => i > 0);
  const notice = text.slice(0, Math.min(cuts.length ? Math.min(...cuts) : text.length, 64 * 1024));
  // Our own addresses are never the failed recipient: the bounce's From and To, and the
  // returned original's sender.
  const ours = [...mail.headerAll('to'), mail.originalHeader('from') ?? '', mail.originalHeader('return-path') ?? '', mail.originalHeader('sender') ?? ''];
  const ignore = new Set([mail.from, ...ours.flatMap((t) => [...t.matchAll(ADDRESS)].map((m) => normalAddress(m[1])))]);
  const lines = notice.split('\n');
  const warning = isWarning(mail.subject, notice);
  const success = isSuccess(notice);
  const found = new Map<string, Failure>();
  let looked = 0;
  for (let i = 0; i < lines.length && looked < MAX_CANDIDATES; i++) {
    const line = lines[i].slice(0, 1000);
    for (const m of line.matchAll(ADDRESS)) {
      const address = normalAddress(m[1]);
      if (ignore.has(address) || found.has(address)) continue;
      looked++;
      // An address the notice introduces as the sender is not a recipient: "not accepting mail
      // from news@sender.example", "MAIL FROM:<x>", "Sender: x".
      if (SENDER_BEFORE.test(line.slice(Math.max(0, (m.index ?? 0) - 24), m.index))) continue;
      // "Please contact postmaster@..." is advice; a postmaster address alone on its line is an entry.
      if (/^(?:postmaster|mailer-daemon)@/.test(address) && line.replace(m[0], '').replace(/[\s<>:]/g, '') !== '') continue;
      const near = entryLines(lines, i, address, failing).join(' ').replace(/\s+/g, ' ').trim();
      // Failure words or codes by the address; or, in a notice that reports no success, a line
      // that calls the address the recipient ("Intended recipient: x", whatever words follow).
      if (!failing(near) && !(isLabelledRecipient(line) && !success)) continue;
      const status = findStatus(near);
      const replyCode = findReplyCode(near);
      found.set(address, {
        address, action: actionOf(status, replyCode, warning), decodedBy: 'generic', diagnostic: near.slice(0, 500),
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    }
  }
  if (found.size === 0) listed(lines, ignore, warning).forEach((f) => found.set(f.address, f));
  return [...found.values()];
}

/**
 * Second chance, for notices that state the reason once and then list the recipients alone on
 * their lines ("Could not be delivered because of\n550 5.1.1 User unknown\nThe following
 * recipients were affected:\n    a@x.example"). Only addresses standing alone on a line (a bullet
 * allowed), and only when the notice itself states a failure, which becomes their diagnostic.
 */
function listed(lines: string[], ignore: Set<string>, warning: boolean): Failure[] {
  // The line that carries a code says most; else the first line with failure words.
  const coded = (l: string) => { const st = findStatus(l), rc = findReplyCode(l); return Boolean((st && st[0] !== '2') || (rc && rc[0] !== '2')); };
  let k = lines.findIndex((l) => !ALONE.test(l) && coded(l.slice(0, 1000)));
  if (k === -1) k = lines.findIndex((l) => l.trim() && failing(l.slice(0, 1000)) && !ALONE.test(l));
  if (k === -1) return [];
  // The failing line and the (up to two) lines that continue it, blank lines skipped:
  // "Could not be delivered because of\n\n550 5.1.1 User unknown".
  const para = [lines[k]];
  for (let j = k + 1; j < lines.length && j <= k + 3 && para.length < 3 && !ALONE.test(lines[j]); j++) {
    if (lines[j].trim()) para.push(lines[j]);
  }
  const reason = para.map((l) => l.slice(0, 1000).trim()).join(' ');
  const out: Failure[] = [];
  for (const line of lines) {
    const m = ALONE.exec(line.slice(0, 400));
    const address = m ? normalAddress(m[1]) : undefined;
    if (!address || ignore.has(address) || out.some((f) => f.address === address)) continue;
    const status = findStatus(reason);
    const replyCode = findReplyCode(reason);
    out.push({
      address, action: actionOf(status, replyCode, warning), decodedBy: 'generic', diagnostic: reason.slice(0, 500),
      ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    });
  }
  return out;
}
const ALONE = /^\s*(?:[*\-•]\s*)?<?([A-Za-z0-9._%+=!#$&'*?^`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})>?\s*$/;
