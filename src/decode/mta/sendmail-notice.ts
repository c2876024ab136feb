// Sendmail's text notice: the listed addresses with their "(reason: ...)", and the transcript of
// the session, whose ">>> " lines are the commands sent and "<<< " lines the replies.
import { asciiLower, normalAddress } from '../../core/address.js';

const LIST = /^\s*-{3,} the following addresses had (permanent fatal|transient non-fatal) errors -{3,}/i;
const TRANSCRIPT = /^\s*-{3,} transcript of session follows -{3,}/i;
const STOP = /^\s*-{3,} |^--|^content-type:/i;
const LISTED = /^\s*<?([^\s<>()"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\s*$/;
const REASON = /^\s*\(reason: (.{1,1000})\)\s*$/i;
const PROGRAM = /^\s*"?[|/]/;
const EXPANDED = /^\s*\(expanded from:? <?([^\s<>()"]{1,256}@[A-Za-z0-9][A-Za-z0-9.-]{0,254})>?\)\s*$/i;

/** Sendmail's own status line about an address in the transcript: "550 5.1.1 <a@b>... User unknown". */
export const OWN_LINE = /^([245]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3}) (.{0,1000})$/;

export interface Notice {
  listed: Array<{ address: string; reason: string; program?: boolean }>;
  delayed: boolean;
  transcript: string[];
}

export function readNotice(text: string): Notice {
  const notice: Notice = { listed: [], delayed: false, transcript: [] };
  let section: 'none' | 'list' | 'transcript' = 'none';
  for (const raw of text.split('\n', 5000)) {
    const line = raw.slice(0, 1000);
    const list = LIST.exec(line);
    if (list) { section = 'list'; notice.delayed = list[1].toLowerCase().startsWith('transient'); continue; }
    if (TRANSCRIPT.test(line)) { section = 'transcript'; continue; }
    if (STOP.test(line)) { section = 'none'; continue; }
    if (section === 'list') {
      const a = LISTED.exec(line);
      const r = REASON.exec(line);
      const last = notice.listed[notice.listed.length - 1];
      // A program or file ("|/usr/bin/procmail", "/var/mail/x") is listed under the address that
      // was expanded to it: "(expanded from: <kijitora@example.jp>)".
      const expanded = EXPANDED.exec(line);
      if (a) notice.listed.push({ address: normalAddress(a[1]), reason: '' });
      else if (PROGRAM.test(line)) notice.listed.push({ address: '', reason: '', program: true });
      else if (r && last) last.reason = r[1];
      else if (expanded && last && !last.address) last.address = normalAddress(expanded[1]);
    } else if (section === 'transcript' && line.trim()) {
      notice.transcript.push(line.trim());
    }
  }
  return notice;
}

/** Sendmail's own last summary line in the transcript ("554 5.3.0 unknown mailer error 255"). */
export const summary = (notice: Notice): string | undefined => notice.transcript.filter((l) => OWN_LINE.test(l)).pop();

/** The ">>> " command that drew the first error reply, in the session that mentions the address (or the only one). */
export function commandFor(address: string, transcript: string[]): string | undefined {
  const sessions: string[][] = [[]];
  for (const l of transcript) {
    if (/^\.\.\. while talking to /i.test(l)) sessions.push([]);
    sessions[sessions.length - 1].push(l);
  }
  const used = sessions.filter((s) => s.length > 0);
  const session = used.find((s) => s.some((l) => asciiLower(l).includes(address))) ?? (used.length === 1 ? used[0] : undefined);
  if (!session) return undefined;
  let command: string | undefined;
  for (const l of session) {
    const sent = /^>>> ([A-Za-z]{4})\b/.exec(l);
    if (sent) command = sent[1].toUpperCase() === 'HELO' ? 'EHLO' : sent[1].toUpperCase();
    else if (/^<<< [45]\d\d/.test(l)) return command;
  }
  return undefined;
}
