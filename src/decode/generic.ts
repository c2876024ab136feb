// The fallback for mail systems no family decoder knows. Precise rather than greedy: it speaks
// only for messages that look like bounces (a mailer-daemon / postmaster sender or a bounce
// subject), and only for addresses that stand next to a status code, a reply code or a failure
// phrase, in the part of the text before the quoted original.
import type { Failure } from '../core/types.js';
import { findReplyCode, findStatus } from '../classify/status.js';
import { PHRASE_RULES } from '../classify/rules.js';
import type { Mail } from './mail.js';

const BOUNCE_SENDERS = ['mailer-daemon', 'postmaster', 'mail-daemon', 'maildaemon', 'mmdf', 'smtp-gateway', 'bounce', 'nobody', 'root', 'daemon', 'mailadmin', 'mail.delivery'];
const BOUNCE_SUBJECTS = [
  'undeliver', 'undelivered', 'delivery status', 'delivery failure', 'delivery failed', 'failure notice', 'returned mail',
  'mail delivery failed', 'non remis', 'nicht zustellbar', 'unzustellbar', 'not delivered', 'delivery notification',
  'could not be delivered', 'nondeliverable', 'rejected', 'mail system error', 'delivery problem', 'permanent error', 'fallo en la entrega',
];
// Words that say a recipient failed, when no code is given: every reason rule's words, and these.
const FAILURE_WORDS = [...PHRASE_RULES.flatMap((r) => r.phrase),
  'user unknown', 'unknown user', 'no such user', 'does not exist', 'mailbox unavailable', 'mailbox full', 'over quota', 'host unknown',
  'not found', 'rejected', 'invalid', 'unknown', 'could not be delivered', 'undeliverable', 'refused', 'denied', 'failed', 'disabled',
];
const ORIGINAL_STARTS = ['original message', 'returned message', 'below this line', 'message headers', 'unsent message', 'content-type: message/rfc822', '\nreceived: ', '\nreturn-path: '];
const ADDRESS = /<?([A-Za-z0-9._%+=!#$&'*/?^`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})>?/g;

export function looksLikeBounce(mail: Mail): boolean {
  const from = mail.from;
  const local = from.slice(0, from.indexOf('@'));
  if (BOUNCE_SENDERS.some((s) => local.startsWith(s))) return true;
  const subject = mail.subject.toLowerCase();
  return BOUNCE_SUBJECTS.some((s) => subject.includes(s));
}

export function decodeGeneric(mail: Mail): Failure[] {
  if (!looksLikeBounce(mail)) return [];
  const text = mail.text;
  const lower = text.toLowerCase();
  const cuts = ORIGINAL_STARTS.map((s) => lower.indexOf(s)).filter((i) => i > 0);
  const notice = text.slice(0, Math.min(cuts.length ? Math.min(...cuts) : text.length, 64 * 1024));
  const ignore = new Set([mail.from, ...mail.headerAll('to').flatMap((t) => [...t.matchAll(ADDRESS)].map((m) => m[1].toLowerCase()))]);
  const lines = notice.split('\n');
  const found = new Map<string, Failure>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].slice(0, 1000);
    for (const m of line.matchAll(ADDRESS)) {
      const address = m[1].toLowerCase();
      if (ignore.has(address) || found.has(address) || /^(?:postmaster|mailer-daemon)@/.test(address)) continue;
      // The address's own line and the next two carry the reason, as most systems write it.
      const near = [line, lines[i + 1] ?? '', lines[i + 2] ?? ''].map((l) => l.slice(0, 1000)).join(' ').replace(/\s+/g, ' ').trim();
      const status = findStatus(near);
      const replyCode = findReplyCode(near);
      const nearLower = near.toLowerCase();
      const failing = (status && status[0] !== '2') || (replyCode && replyCode[0] !== '2') || FAILURE_WORDS.some((w) => nearLower.includes(w));
      if (!failing) continue;
      found.set(address, {
        address, action: status?.startsWith('4') ? 'delayed' : 'failed', decodedBy: 'generic', diagnostic: near.slice(0, 500),
        ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      });
    }
  }
  return [...found.values()];
}
