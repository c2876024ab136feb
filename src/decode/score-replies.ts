// Scoring the documented replies: each is wrapped, as its Diagnostic-Code, in the DSN a relay
// would write (Postfix's layout: a text part naming the remote host and the SMTP command, then
// message/delivery-status), decoded with the real decoder, and compared with its labels.
// Used by scripts/score-replies.mjs (figures) and test/classify/replies.test.ts (assertions).
import { HARD_REASONS, type Reason } from '../core/types.js';
import { decode } from './index.js';
import { HOSTS, type SystemReply } from '../classify/replies/index.js';
import type { DocumentedReply } from '../classify/replies/types.js';

export const RECIPIENT = 'nobody@example.com';
const COMMAND: Record<NonNullable<DocumentedReply['at']>, string> = {
  CONN: '', EHLO: 'EHLO', MAIL: 'MAIL FROM', RCPT: 'RCPT TO', DATA: 'end of DATA',
};

/** The enhanced status a relay reports for a reply: the reply's own, else its class. */
export function statusOf(text: string): string {
  const m = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d])/.exec(text);
  if (m) return `${m[1]}.${m[2]}.${m[3]}`;
  return /^4/.test(text) ? '4.0.0' : '5.0.0';
}

/** A header field folded at spaces to lines of at most 78 characters, as mail is written. */
function fold(field: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of field.split(' ')) {
    if (line && line.length + 1 + word.length > 78) { out.push(line); line = ` ${word}`; } else line = line ? `${line} ${word}` : word;
  }
  return [...out, line].join('\r\n');
}

/** The remote host named for a system's replies when none is: a server that could be anyone's. */
export const ANY_HOST = 'mx.example.com';

/**
 * The DSN a relay would write for this reply to RECIPIENT, naming the system's host (HOSTS) or
 * `host`, as a string with CRLF line ends.
 */
export function dsnFor(reply: DocumentedReply & { system?: string }, n = 1, host?: string): string {
  const remote = host ?? ((reply.system && HOSTS[reply.system]) || ANY_HOST);
  const said = reply.at === 'CONN'
    ? `host ${remote}[192.0.2.25] refused to talk to me: ${reply.text}`
    : `host ${remote}[192.0.2.25] said: ${reply.text}${reply.at ? ` (in reply to ${COMMAND[reply.at]} command)` : ''}`;
  const b = `=_reply_${n}`;
  return [
    'From: MAILER-DAEMON@relay.example.net (Mail Delivery System)',
    'To: sender@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Mon, 2 Jun 2025 10:00:00 +0000',
    `Message-ID: <reply-${n}@relay.example.net>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This is the mail system at host relay.example.net.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    fold(`<${RECIPIENT}>: ${said}`),
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; relay.example.net',
    '',
    `Final-Recipient: rfc822; ${RECIPIENT}`,
    `Original-Recipient: rfc822;${RECIPIENT}`,
    'Action: failed',
    `Status: ${statusOf(reply.text)}`,
    `Remote-MTA: dns; ${remote}`,
    fold(`Diagnostic-Code: smtp; ${reply.text}`),
    '',
    `--${b}`,
    'Content-Type: message/rfc822-headers',
    '',
    'From: sender@example.org',
    `To: ${RECIPIENT}`,
    'Subject: Hello',
    `Message-ID: <original-${n}@example.org>`,
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

export interface Outcome {
  reply: SystemReply;
  reason: Reason | null;   // null: the decoder found no recipient
  hard: boolean;
  rule?: string;
}

/** Decodes the DSN of each reply (naming its system's host, or `o.host` for all). */
export function decodeReplies(replies: readonly SystemReply[], o: { host?: string } = {}): Outcome[] {
  return replies.map((reply, i) => {
    const r = decode(dsnFor(reply, i + 1, o.host)).recipients.find((v) => v.address === RECIPIENT);
    return { reply, reason: r?.reason ?? null, hard: r?.hard ?? false, rule: r?.rule };
  });
}

export interface Agreement {
  n: number;
  reason: number;       // reason right
  hard: number;         // hard flag right
  both: number;         // both right
  hardTrue: number;     // labelled hard
  hardFound: number;    // decoded hard
  hardHit: number;      // labelled and decoded hard
}

export function agreement(outcomes: readonly { reply: Pick<DocumentedReply, 'reason' | 'hard'>; reason: Reason | null; hard: boolean }[]): Agreement {
  const a: Agreement = { n: 0, reason: 0, hard: 0, both: 0, hardTrue: 0, hardFound: 0, hardHit: 0 };
  for (const o of outcomes) {
    a.n++;
    const reasonOk = o.reason === o.reply.reason;
    const hardOk = o.hard === o.reply.hard;
    if (reasonOk) a.reason++;
    if (hardOk) a.hard++;
    if (reasonOk && hardOk) a.both++;
    if (o.reply.hard) a.hardTrue++;
    if (o.hard) a.hardFound++;
    if (o.reply.hard && o.hard) a.hardHit++;
  }
  return a;
}

/** A label the decoder can give at all: hard exactly for the hard reasons. */
export function consistent(reply: DocumentedReply): boolean {
  return reply.hard === HARD_REASONS.includes(reply.reason);
}
