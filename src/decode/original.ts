// What ties a bounce to our send: the original's Message-ID and our tracking token.
import type { Mail } from './mail.js';
import { sesNotification, sesOriginalHeader } from './ses-note.js';

// VERP return path: bounces+TOKEN@domain. Only [a-z0-9]+ is taken; verification is src/match/token.ts.
const VERP = /bounces\+([a-z0-9]{1,64})@/i;

export function originalMessageId(mail: Mail): string | null {
  const id = mail.originalHeader('message-id');
  if (id) return cleanId(id);
  // Amazon SES mails a JSON notification instead of the original: its headers are in the JSON.
  const ses = sesHeader(mail, 'message-id');
  if (ses) return cleanId(ses);
  // Quoted without a marker we know: a "Message-ID:" line in the text.
  const m = /^[ \t]*message-id:[ \t]*(<[^<>\s]{1,500}>)/im.exec(mail.text.slice(0, 256 * 1024));
  return m ? m[1] : null;
}

export function trackingToken(mail: Mail): string | null {
  const header = mail.originalHeader('x-bouncesync-token') ?? sesHeader(mail, 'x-bouncesync-token');
  if (header) {
    const t = /^[a-z0-9]{1,64}/i.exec(header.trim());
    if (t) return t[0].toLowerCase();
  }
  // The bounce itself is addressed to the VERP return path of our original.
  for (const name of ['to', 'delivered-to', 'x-original-to']) {
    for (const value of mail.headerAll(name)) {
      const m = VERP.exec(value);
      if (m) return m[1].toLowerCase();
    }
  }
  const rp = VERP.exec(mail.originalHeader('return-path') ?? '');
  if (rp) return rp[1].toLowerCase();
  // A token header quoted in free text.
  const quoted = /^[ \t]*x-bouncesync-token:[ \t]*([a-z0-9]{1,64})/im.exec(mail.text.slice(0, 256 * 1024));
  return quoted ? quoted[1].toLowerCase() : null;
}

function cleanId(id: string): string {
  const m = /<[^<>]{1,500}>/.exec(id);
  return m ? m[0] : id.trim().split(/\s/)[0];
}

/** A header of the original that an SES notification lists in its JSON, or undefined. */
function sesHeader(mail: Mail, name: string): string | undefined {
  const note = sesNotification(mail);
  return note ? sesOriginalHeader(note, name) : undefined;
}
