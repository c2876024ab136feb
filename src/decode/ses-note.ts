// Amazon SES event notifications mailed by SNS (From no-reply@sns.amazonaws.com, header
// x-amz-sns-message-id): one JSON object, bare or inside the SNS envelope's "Message" string.
// Shared by the SES decoder (the recipients) and original.ts (our original's headers, which SES
// puts in the JSON instead of returning the message):
//
//   "mail":{"messageId":"0101...",  ← SES's own id, not our Message-ID
//           "headers":[{"name":"Message-ID","value":"<c-7.r-42@sender.example>"},
//                      {"name":"X-Bouncesync-Token","value":"a1b2c3"}],
//           "commonHeaders":{"messageId":"<c-7.r-42@sender.example>", ...}}
//
// Sendmail folds the long JSON line as "!\n " on the way; JSON never has "!" between tokens.
import type { Mail } from './mail.js';

export type Json = Record<string, unknown>;

/** The SES notification a message carries, or null when it is not one. */
export function sesNotification(mail: Mail): Json | null {
  if (!mail.from.endsWith('@sns.amazonaws.com') && mail.header('x-amz-sns-message-id') === undefined) return null;
  const text = mail.text;
  if (!text.includes('notificationType')) return null;
  let note = parseJson(text.replace(/!\n /g, ''));
  if (note && typeof note.Message === 'string') note = parseJson(note.Message);
  return note && typeof note.notificationType === 'string' ? note : null;
}

/** A header of the original as the notification lists it ("mail.headers"), by name. */
export function sesOriginalHeader(note: Json, name: string): string | undefined {
  const mail = obj(note.mail);
  const wanted = name.toLowerCase();
  for (const h of list(mail.headers).map(obj)) {
    if (String(h.name ?? '').toLowerCase() === wanted && typeof h.value === 'string') return h.value;
  }
  // SES's own pick of the usual ones: "commonHeaders":{"messageId":"<...>"}
  if (wanted === 'message-id') {
    const id = obj(mail.commonHeaders).messageId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** The JSON object between the first "{" and the last "}", or null. */
export function parseJson(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return null;
  try {
    const v: unknown = JSON.parse(text.slice(start, end + 1));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

export function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
