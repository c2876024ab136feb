// Reading an mbox back into its messages, on real returned mail (the decoder's fixtures) written
// out as mboxrd and mboxo, fed whole and in chunks of every small size.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MboxReader, splitMbox, startsMbox, type MboxMessage } from '../../src/sources/mbox.js';
import { mbox, withBodyLines } from './mbox-writer.js';

const dir = join(import.meta.dirname, '../fixtures/decode');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(dir, f)));
const MAX = 10 << 20;

/** The reader fed in chunks of `size` bytes. */
function inChunks(raw: Buffer, size: number, max = MAX): MboxMessage[] {
  const reader = new MboxReader(max);
  const out: MboxMessage[] = [];
  for (let i = 0; i < raw.length; i += size) out.push(...reader.push(raw.subarray(i, i + size)));
  return [...out, ...reader.end()];
}

describe('mbox', () => {
  // Bodies with lines an mbox writer must quote: "From " and ">From " at a line start.
  const tricky = withBodyLines(fixtures[3], ['From the postmaster: this line starts with From.', '>From an earlier quote', '>>From deeper', '']);
  const messages = [fixtures[0], tricky, fixtures[1], fixtures[2]];

  it('gives back every message byte for byte, from mboxrd, whatever the chunk size', () => {
    const file = mbox(messages, 'mboxrd');
    expect(file.toString('latin1')).toContain('\n>>From an earlier quote');
    expect(file.toString('latin1')).toContain('\n>>>From deeper');
    for (const size of [1, 2, 3, 5, 7, 64, 4095, file.length]) expect(inChunks(file, size)).toEqual(messages);
  });

  it('unquotes mboxo ("From " lines quoted, ">From " left as it was)', () => {
    const plain = withBodyLines(fixtures[3], ['From the postmaster: this line starts with From.', '']);
    const file = mbox([fixtures[0], plain], 'mboxo');
    expect(file.toString('latin1')).toContain('\n>From the postmaster');
    expect(splitMbox(file, MAX)).toEqual([fixtures[0], plain]);
  });

  it('keeps a final message that lacks its trailing newline', () => {
    const last = fixtures[4].subarray(0, fixtures[4].lastIndexOf('\n')); // ends mid-line
    expect(last.at(-1)).not.toBe(0x0a);
    const file = mbox([fixtures[0], last], 'mboxrd', { finalNewline: false });
    expect(file.at(-1)).not.toBe(0x0a);
    for (const size of [1, 3, 64, file.length]) expect(inChunks(file, size)).toEqual([fixtures[0], last]);
  });

  it('reads an mbox written with CRLF line ends', () => {
    const crlf = fixtures.filter((f) => f.includes('\r\n'));
    expect(crlf.length).toBeGreaterThan(1);
    const file = mbox(crlf, 'mboxrd', { eol: '\r\n' });
    for (const size of [1, 7, file.length]) expect(inChunks(file, size)).toEqual(crlf);
  });

  it('splits only at a "From " line after an empty line that carries a time', () => {
    // An unquoted "From " line in a body (a careless writer), after an empty line but without a
    // time; and a real-looking "From " line that does not follow an empty line (as in a returned
    // original pasted into a notice): neither starts a message.
    const body1 = withBodyLines(fixtures[0], ['', 'From me to you, with thanks', '']);
    const body2 = withBodyLines(fixtures[1], ['-----', 'From MAILER-DAEMON  Thu Apr 29 23:34:45 2015', '']);
    const file = Buffer.concat([Buffer.from('From MAILER-DAEMON Thu Apr 29 23:34:45 2009\n'), body1, Buffer.from('\nFrom x@y Thu Apr 29 23:34:46 2009\n'), body2]);
    expect(splitMbox(file, MAX)).toEqual([body1, body2]);
  });

  it('gives only the size of a message over the limit, and still the others', () => {
    const big = Buffer.concat([fixtures[2], Buffer.from('x'.repeat(5000) + '\n')]);
    const file = mbox([fixtures[0], big, fixtures[1]], 'mboxrd');
    const max = Math.max(fixtures[0].length, fixtures[1].length) + 1;
    for (const size of [1, 100, file.length]) expect(inChunks(file, size, max)).toEqual([fixtures[0], { size: big.length }, fixtures[1]]);
  });

  it('is told by its first line', () => {
    expect(startsMbox(mbox([fixtures[0]], 'mboxrd'))).toBe(true);
    expect(fixtures.some((f) => startsMbox(f))).toBe(false);
    expect(startsMbox(Buffer.from('From'))).toBe(false);
  });
});
