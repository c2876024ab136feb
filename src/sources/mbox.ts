// An mbox file (RFC 4155; exported mail folders often are one) read back into its messages, chunk by
// chunk, so a mailbox of any size is read in bounded memory.
//   - A message starts at a "From " line that opens the file or follows an empty line and carries
//     a time (…  Thu Apr 29 23:34:45 2009): the date keeps an unquoted "From me to you," in a
//     body written by a careless exporter from splitting a message in two.
//   - The empty line that precedes each "From " line belongs to the mbox, not to the message.
//   - ">From " lines are unquoted by one ">" (mboxrd: ">>From " gives ">From "); for mboxo,
//     which quotes only "From ", this is the same unquoting.
//   - The last line may lack its newline.

/** A message, or only the size of one larger than the limit (its bytes are not kept). */
export type MboxMessage = Buffer | { size: number };

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM = Buffer.from('From ');
const LONGEST_SEPARATOR = 4096; // a partial line longer than this is no "From " line: pass it on

/** Whether a file's first bytes say mbox: its first line is a "From " line. */
export function startsMbox(head: Buffer): boolean {
  return head.length >= FROM.length && head.subarray(0, FROM.length).equals(FROM);
}

function isSeparator(line: Buffer): boolean {
  return startsMbox(line) && /^From [^\r\n]*\d:\d\d/.test(line.toString('latin1', 0, Math.min(line.length, LONGEST_SEPARATOR)));
}

function isBlank(line: Buffer): boolean {
  return (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

/** ">From ", ">>From " …: quoted by the writer; one ">" comes off. */
function isQuotedFrom(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === GT) i++;
  return i > 0 && line.subarray(i, i + FROM.length).equals(FROM);
}

export class MboxReader {
  private parts: Buffer[] = [];
  private size = 0;
  private started = false;              // a "From " line has opened a message
  private atLineStart = true;
  private blank: Buffer | null = null;  // an empty line, held back: it is the mbox's if a "From " line follows
  private carry: Buffer | null = null;  // the start of a line still cut by the chunk's end

  constructor(private readonly maxBytes: number) {}

  /** The messages this chunk completes. */
  push(chunk: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let i = 0;
    while (i < buf.length) {
      const nl = buf.indexOf(LF, i);
      const end = nl === -1 ? buf.length : nl + 1;
      if (nl === -1 && this.atLineStart && end - i < LONGEST_SEPARATOR) {
        this.carry = Buffer.from(buf.subarray(i)); // decided when the rest of the line comes
        break;
      }
      this.line(buf.subarray(i, end), nl !== -1, out);
      i = end;
    }
    return out;
  }

  /** The last message, once the file has ended. */
  end(): MboxMessage[] {
    const out: MboxMessage[] = [];
    if (this.carry) this.line(this.carry, false, out);
    this.carry = null;
    this.finish(out);
    return out;
  }

  /** A line, or a piece of one (whole: it ends with its newline). */
  private line(piece: Buffer, whole: boolean, out: MboxMessage[]): void {
    const starts = this.atLineStart;
    this.atLineStart = whole;
    if (starts && (!this.started || this.blank) && isSeparator(piece)) {
      this.finish(out);
      this.started = true;
      return;
    }
    if (this.blank) this.add(this.blank);
    this.blank = starts && whole && isBlank(piece) ? piece : null;
    if (!this.blank) this.add(starts && isQuotedFrom(piece) ? piece.subarray(1) : piece);
  }

  private add(bytes: Buffer): void {
    this.size += bytes.length;
    if (this.size <= this.maxBytes) this.parts.push(bytes);
    else this.parts = [];
  }

  private finish(out: MboxMessage[]): void {
    if (this.started) out.push(this.size <= this.maxBytes ? Buffer.concat(this.parts, this.size) : { size: this.size });
    this.parts = [];
    this.size = 0;
    this.blank = null;
  }
}

/** Every message of an mbox held in memory. */
export function splitMbox(raw: Buffer, maxBytes: number): MboxMessage[] {
  const reader = new MboxReader(maxBytes);
  return [...reader.push(raw), ...reader.end()];
}
