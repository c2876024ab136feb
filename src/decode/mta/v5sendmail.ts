// Sendmail 5 (and its old descendants): a transcript only, no list, no DSN.
//
//      ----- Transcript of session follows -----
//   While talking to mx.example.org:
//   >>> RCPT To:<kijitora@example.org>
//   <<< 550 <kijitora@example.org>... User unknown
//   550 <kijitora@example.org>... User unknown
//   550 example.net (smtp)... 550 Host unknown
//   554 <neko@example.net>... 550 Host unknown (Authoritative answer from name server)
//
//      ----- Unsent message follows -----
//
// A line "NNN <address>... text" is Sendmail's verdict on one recipient; the "<<< " replies before
// it (in the session opened by "While talking to") are the remote server's words, and the ">>> "
// line before them the command they answered. A host line ("NNN host (smtp)... text") with no
// recipient line at all concerns the returned message's one recipient.
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import { addressIn, type Mail } from '../mail.js';

const START = /^\s*-{3,} transcript of session follows -{3,}/i;
const END = /^\s*-{3,} (?:unsent message follows|returned message follows|original message follows)/i;
const RECIPIENT = /^([245]\d\d) <?([^\s<>]{1,256}@[^\s<>]{1,256}?)>?\.\.\.\s*(.{0,1000})$/;
const HOST = /^([245]\d\d) [^\s<>@]{1,255} \([a-z0-9-]{1,20}\)\.\.\.\s*(.{0,1000})$/i;

export const v5sendmail: Decoder = {
  name: 'v5sendmail',
  decode(mail: Mail): Failure[] {
    if (!/mailer-daemon|postmaster/i.test(mail.header('from') ?? '')) return [];
    const text = mail.text;
    // Sendmail 8 writes a recipient list before the transcript: ./sendmail.ts reads that.
    if (text.includes('----- The following addresses had') || !text.includes('----- Unsent message follows -----')) return [];
    const lines = text.split('\n', 5000).map((l) => l.slice(0, 1000).trim());
    const from = lines.findIndex((l) => START.test(l));
    if (from === -1) return [];
    const out: Failure[] = [];
    let command: string | undefined;
    let replies: string[] = [];
    let hostLine: string | undefined;
    for (const line of lines.slice(from + 1)) {
      if (END.test(line)) break;
      if (/^while talking to /i.test(line)) { command = undefined; replies = []; continue; }
      const sent = /^>>> ([A-Za-z]{4})\b/.exec(line);
      if (sent) { command = sent[1].toUpperCase() === 'HELO' ? 'EHLO' : sent[1].toUpperCase(); continue; }
      if (line.startsWith('<<< ')) { replies.push(line.slice(4)); continue; }
      const r = RECIPIENT.exec(line);
      if (r) {
        const said = replies.length ? `${replies.join(' ')} ${r[3]}` : r[3];
        const replyCode = findReplyCode(replies[0]) ?? findReplyCode(r[3]) ?? r[1];
        out.push({
          address: normalAddress(r[2]), action: 'failed', decodedBy: 'v5sendmail', diagnostic: said.trim(), replyCode,
          ...(replies.length && command ? { command } : {}),
        });
        replies = [];
        continue;
      }
      const h = HOST.exec(line);
      if (h && h[1] !== '250') hostLine ??= line;
    }
    if (out.length === 0 && hostLine) {
      // "421 example.com (smtp)... Deferred: Connection timed out during user open with example.com"
      const to = mail.originalHeader('to') ?? quotedTo(lines);
      const address = to && to.split(',').length === 1 ? addressIn(to) : undefined;
      const h = HOST.exec(hostLine)!;
      if (address) out.push({ address, action: 'failed', decodedBy: 'v5sendmail', diagnostic: h[2], replyCode: findReplyCode(h[2]) ?? h[1] });
    }
    return out;
  },
};

/** The To: line of the original quoted after "Unsent message follows" (its header block only). */
function quotedTo(lines: string[]): string | undefined {
  const at = lines.findIndex((l) => END.test(l));
  if (at === -1) return undefined;
  let started = false;
  for (const l of lines.slice(at + 1, at + 100)) {
    if (l === '') { if (started) return undefined; continue; }
    started = true;
    const m = /^to:\s*(.{1,500})$/i.exec(l);
    if (m) return m[1];
  }
  return undefined;
}
