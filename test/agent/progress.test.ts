// The progress line of `run --once`. Tests have no terminal: the stream below is a stand-in
// that says it is a TTY and keeps what is written.
import { describe, expect, it } from 'vitest';
import { Progress, withProgress } from '../../src/runner/progress.js';
import type { Source } from '../../src/core/ports.js';
import type { Returned } from '../../src/core/types.js';

function tty(isTTY = true) {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => { written.push(s); return true; } };
}

/** A source of n in-memory messages that knows its count only once pulling starts, like IMAP. */
function source(n: number, knows = true): Source {
  let found: number | undefined;
  return {
    name: 'mem',
    async *pull() { found = n; for (let i = 0; i < n; i++) yield { id: String(i), source: 'mem', raw: Buffer.from('x') } as Returned; },
    ack: async () => undefined,
    close: async () => undefined,
    ...(knows ? { expected: () => found } : {}),
  };
}

describe('progress line', () => {
  it('draws a bar over the total the sources report', async () => {
    const out = tty();
    const p = new Progress(out);
    for (const src of [source(30), source(10)].map((s) => withProgress(s, p))) for await (const _ of src.pull(new AbortController().signal)) void _;
    p.done();
    expect(p.line()).toMatch(/^\[#{30}\] 40\/40  \d+ msg\/s$/);
    expect(out.written.join('')).toContain('\r[');
    expect(out.written.at(-1)).toBe('\n');
  });

  it('falls back to a counter when a source cannot say, and writes nothing off a terminal', async () => {
    const out = tty(false);
    const p = new Progress(out);
    for (const src of [source(5), source(5, false)].map((s) => withProgress(s, p))) for await (const _ of src.pull(new AbortController().signal)) void _;
    p.done();
    expect(p.line()).toMatch(/^10 messages  \d+ msg\/s$/);
    expect(out.written).toEqual([]);
  });
});
