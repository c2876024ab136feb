// RFC 3463 enhanced status codes and RFC 5321 reply codes: finding them in free text and picking
// the most telling one. Bounded patterns only (no nested quantifiers), so hostile text is linear.

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;
const ENHANCED_ALL = new RegExp(ENHANCED.source, 'g');
// A reply code stands at the start, or after a space / punctuation / an opening quote, and is
// followed by a space, "-", or the end: "550 5.1.1", "550-5.1.1", "smtp; 550", "#550",
// 'Mailer x said: "554 Message looping"'.
const REPLY = /(?:^|[\s;:(#<["'])([245][0-5]\d)(?=[\s\-.,;:)\]]|$)/;

/** First enhanced status code in the text ("5.1.1"), or undefined. */
export function findStatus(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = ENHANCED.exec(text.slice(0, 4096));
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : undefined;
}

/** Every enhanced status code in the text, in order. */
export function findAllStatus(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.slice(0, 4096).matchAll(ENHANCED_ALL)].map((m) => `${m[1]}.${Number(m[2])}.${Number(m[3])}`);
}

/** First SMTP reply code in the text ("550"), or undefined. */
export function findReplyCode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = REPLY.exec(text.slice(0, 4096));
  return m ? m[1] : undefined;
}

/** A syntactically valid status code, normalised ("5.01.1" → "5.1.1"), or undefined. */
export function normaliseStatus(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^\s*([245])\.(\d{1,3})\.(\d{1,3})/.exec(s);
  // "Status: 550 5.1.1 ..." (a reply code before the status) also happens.
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : findStatus(s.slice(0, 100));
}

/** "x.0.0" says only the class: any more specific code of the same class tells more. */
export function isVague(status: string | undefined): boolean {
  return !status || status.endsWith('.0.0');
}

/**
 * The best status from a Status field and the diagnostic text. The remote server's own code in
 * the diagnostic wins when it is specific and of the same class: reporting MTAs often write a
 * generic or guessed Status ("Status: 5.1.1" over "550 5.7.1 IP address blacklisted"). A code of
 * another class (a 4.x.x quoted in a final failure) does not overrule the field.
 */
export function pickStatus(field: string | undefined, diagnostic: string | undefined): string | undefined {
  const f = normaliseStatus(field);
  const d = findStatus(diagnostic);
  if (!f) return d;
  if (d && !isVague(d) && d[0] === f[0]) return d;
  return f;
}

/** Reply code and status agree on the class, or one is missing. */
export function sameClass(status: string | undefined, reply: string | undefined): boolean {
  return !status || !reply || status[0] === reply[0];
}
