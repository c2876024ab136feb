// Writes mbox files for the tests, as mail programs export a folder: each message after a "From "
// line, quoted (mboxrd: every ">*From " line gets one more ">"; mboxo: only "From " lines), and
// followed by an empty line.

const SEPARATOR = 'From MAILER-DAEMON Thu Apr 29 23:34:45 2009';

export function mbox(messages: Buffer[], style: 'mboxrd' | 'mboxo', o: { eol?: string; finalNewline?: boolean } = {}): Buffer {
  const eol = o.eol ?? '\n';
  const quote = style === 'mboxrd' ? /^(>*From )/gm : /^(From )/gm;
  const text = messages.map((m, i) => {
    const open = i === messages.length - 1 && o.finalNewline === false; // the file ends mid-line
    const body = m.toString('latin1').replace(quote, '>$1');
    return SEPARATOR + eol + body + (open ? '' : (body.endsWith('\n') ? '' : eol) + eol);
  });
  return Buffer.from(text.join(''), 'latin1');
}

/** The message with these lines added at its end (the last '' ends the last line). */
export function withBodyLines(message: Buffer, lines: string[], eol = '\n'): Buffer {
  return Buffer.concat([message, Buffer.from(lines.join(eol), 'latin1')]);
}
