// The progress line of `run --once` and `send`. Tests have no terminal: the stream below is a
// stand-in that says it is a TTY (or not) and keeps what is written.
import { describe, expect, it } from 'vitest';
import { Progress, withProgress } from '../../src/cli/progress.js';
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

const drain = async (sources: Source[]) => { for (const src of sources) for await (const _ of src.pull(new AbortController().signal)) void _; };

describe('progress line', () => {
  it('run: a bar over the total the sources report, redrawn in place, ended by a newline', async () => {
    const out = tty();
    const p = new Progress('msg', out);
    await drain([source(30), source(10)].map((s) => withProgress(s, p)));
    p.done();
    expect(p.line()).toMatch(/^\[#{30}\] 40\/40  \d+ msg\/s$/);
    expect(out.written.join('')).toContain('\r[');
    expect(out.written.at(-1)).toBe('\n');
  });

  it('run: a counter when a source cannot say its count', async () => {
    const p = new Progress('msg', tty());
    await drain([source(5), source(5, false)].map((s) => withProgress(s, p)));
    expect(p.line()).toMatch(/^10 msg  \d+ msg\/s$/);
  });

  it('send: the count with the command\'s own words, over a total set later', () => {
    const out = tty();
    const p = new Progress('msg', out);
    p.setTotal(10);
    p.set(5, 'sent 3  deferred 1  refused 2  flagged 1');
    p.done();
    expect(out.written.join('')).toMatch(/^\r\[#{15}\.{15}\] 5\/10  sent 3  deferred 1  refused 2  flagged 1  \d+ msg\/s\x1b\[K\r\[#{15}\.{15}\] 5\/10  sent 3 .*\n$/);
  });

  it('writes nothing off a terminal (a service, a pipe)', async () => {
    const out = tty(false);
    const p = new Progress('msg', out);
    await drain([withProgress(source(5), p)]);
    p.set(7, 'sent 7');
    p.done();
    expect(out.written).toEqual([]);
  });
});
