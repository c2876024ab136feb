// One SMTP reply read as one sentence, for every phrase rule (the shared rules, the remote-host
// tables, family word lists). A server folds a long reply over lines that each repeat the code:
//
//   550-5.7.26 This mail has been blocked because the sender is
//   550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.
//   550 5.7.26 Authentication results: ...
//
// and a bounce joins them into one line, so the repeated "550-5.7.26 " lands inside the sentence
// and splits the phrases the rules look for ("sender is 550-5.7.26 unauthenticated"). The first
// code stays (it is the reply's own); its repeats go. Only repeats of THAT code are dropped (RFC
// 5321 §4.2.1: every line of a reply carries the same code), so other numbers in the text
// ("limit of 500 recipients", an IP address) are left as they are. Bounded patterns, linear time.

// The reply's first code, at a word start: "550-5.7.26 ", "550 ", "smtp; 552-5.2.2 ".
const FIRST = /(?:^|[\s;:("'[])([245]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\s)?/;

// The patterns of the codes met so far: a few codes come back in every notice, so each is built
// once, not once per reply read (bounded: a long run of distinct codes only rebuilds them).
const REPEATS = new Map<string, RegExp>();

/** The text with the repeated continuation codes of its first SMTP reply dropped. */
export function foldReply(text: string): string;
export function foldReply(text: string | undefined): string | undefined;
export function foldReply(text: string | undefined): string | undefined {
  if (!text) return text;
  const m = FIRST.exec(text);
  if (!m) return text;
  const at = m.index + m[0].length;
  const status = m[2] ? `(?:${m[2].replace(/\./g, '\\.')}\\s)?` : '';
  const source = `\\s${m[1]}[ -]${status}`;
  let repeat = REPEATS.get(source);
  if (!repeat) {
    if (REPEATS.size >= 256) REPEATS.clear();
    repeat = new RegExp(source, 'g');
    REPEATS.set(source, repeat);
  }
  return text.slice(0, at) + text.slice(at).replace(repeat, ' '); // replace() starts a global pattern from 0
}


// Contractions as their long form, so one phrase finds both ("user doesn't exist" and "user does
// not exist"); typographic apostrophes as plain ones; "mail box" / "mail-box" as "mailbox" and
// "e-mail" as "email" ("No mail box available for this user", "badrcptto(user mail-box not
// found)", "Unknown E-Mail Address"). Only these whole words are touched.
const CONTRACTIONS: Record<string, string> = {
  "doesn't": 'does not', "don't": 'do not', "didn't": 'did not', "isn't": 'is not', "aren't": 'are not', "wasn't": 'was not',
  "weren't": 'were not', "can't": 'cannot', "couldn't": 'could not', "won't": 'will not', "hasn't": 'has not', "haven't": 'have not',
  "you're": 'you are', "you've": 'you have', "we're": 'we are', "it's": 'it is',
};
const CONTRACTED = /\b[a-z]+(?:n't|'re|'ve)\b|\bit's\b/g;

/** Lower-case text with contractions spelled out, typographic apostrophes made plain, one spelling of "mailbox" and "email". */
export function plainWords(lower: string): string {
  let text = lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower;
  if (text.includes("'")) text = text.replace(CONTRACTED, (w) => CONTRACTIONS[w] ?? w);
  if (text.includes('mail box') || text.includes('mail-box')) text = text.replace(/\bmail[- ]box/g, 'mailbox');
  return text.includes('e-mail') ? text.replace(/\be-mail/g, 'email') : text;
}
