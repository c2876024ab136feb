// Reading one recipient's entry out of a free-text notice: the line that names the address and
// the lines after it that carry the reason, up to the next entry. Shared by the generic fallback
// and by the DSN reader when a DSN leaves the server's words out.

// A line that starts a new entry names an address first: "<b@x.example>:", "b@x.example ...",
// "554 <b@x.example>... Service unavailable", ">>> RCPT To:<b@x.example>".
// Not an address in parentheses: a reply folded over lines can start one with "(neko@example.com)".
const ENTRY_START = /^[\s>]*(?:[245]\d\d[ -]+)?(?:(?:rcpt to|mail from|recipient|to):\s*)?[<"']*([^\s<>"'@()]{1,64}@[A-Za-z0-9.-]{1,255})/i;

/** The first address a line starts with (lower-case), or undefined. */
export function entryAddress(line: string): string | undefined {
  return ENTRY_START.exec(line.slice(0, 400))?.[1].toLowerCase();
}

/**
 * The entry for `address` starting at lines[i]: up to `max` more lines, stopping at a line that
 * starts another address's entry, or at a blank line once `enough(text so far)` says the reason
 * is there (blank lines before that are skipped: "was not delivered to:\n\n  a@x\n\nbecause:\n\n ...").
 */
export function entryLines(lines: string[], i: number, address: string, enough: (text: string) => boolean, max = 5): string[] {
  const out = [lines[i].slice(0, 1000)];
  // An entry that starts at the margin ("<a@x>: host mx said: 550") continues on indented lines, and
  // an address at the start of one of them is the remote's reply naming it (Postfix folds
  // "550\n    <b@y>: User unknown (in reply to RCPT TO command)"), not another entry.
  const atMargin = !/^\s/.test(lines[i]);
  for (let j = i + 1; j < lines.length && j <= i + max; j++) {
    const l = lines[j].slice(0, 1000);
    if (!l.trim()) {
      if (enough(out.join(' '))) break;
      continue;
    }
    if (/^\s*(?:final-recipient|original-recipient|action|status|reporting-mta|diagnostic-code):/i.test(l)) break;
    const other = entryAddress(l);
    if (other && other !== address && !(atMargin && /^\s/.test(l))) break;
    out.push(l);
  }
  return out;
}
