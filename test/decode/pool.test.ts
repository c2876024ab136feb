// The decoding threads: same answers as decoding here, in order; a message that hangs the decoder
// or kills its thread comes back as kind "error" (quarantine) while the rest of its batch is decoded.
// The pool runs the compiled worker (dist/, built by `npm ci` / `npm run build`).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decode } from '../../src/decode/index.js';
import { DecodePool, workerCount } from '../../src/decode/pool.js';
import { until } from '../helpers/wait.js';

const built = new URL('../../dist/src/decode/worker.js', import.meta.url);
const misbehaving = new URL('./workers/misbehaving.mjs', import.meta.url);
const dir = join(import.meta.dirname, '../fixtures/decode');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(dir, f)));

let pool: DecodePool | null = null;
afterEach(async () => { await pool?.close(); pool = null; });

const open = (o: Partial<Parameters<typeof DecodePool.create>[0]> = {}) => {
  pool = DecodePool.create({ workers: 2, timeoutMs: 10_000, script: built, ...o });
  if (!pool) throw new Error(`no compiled worker at ${fileURLToPath(built)}: run npm run build`);
  return pool;
};

describe('DecodePool', () => {
  it('is built (the tests below run the compiled worker)', () => {
    expect(existsSync(fileURLToPath(built))).toBe(true);
  });

  it('answers exactly as decoding on this thread, in order, over every fixture', async () => {
    expect(fixtures.length).toBeGreaterThan(20);
    // Repeated so the batch spans several chunks on both threads.
    const raws = [...fixtures, ...fixtures, ...fixtures];
    const got = await open().decodeMany(raws);
    expect(got).toEqual(raws.map((r) => decode(r)));
  });

  it('decodes with the size limit it was given (the decode command\'s --max-bytes)', async () => {
    const raws = [fixtures[0], fixtures[1]];
    const got = await open({ maxBytes: 100 }).decodeMany(raws);
    expect(got).toEqual(raws.map((r) => decode(r, { maxBytes: 100 })));
    expect(got[0]).toMatchObject({ kind: 'error', error: expect.stringContaining('over the 100-byte limit') });
  });

  it('decodes a view into a larger buffer as the view, not the whole buffer', async () => {
    const big = Buffer.concat([Buffer.from('junk before\n'), fixtures[0], Buffer.from('junk after')]);
    const view = big.subarray(12, 12 + fixtures[0].length);
    expect(await open().decodeMany([view])).toEqual([decode(fixtures[0])]);
  });

  it('gives up a message that hangs the decoder, restarts the thread, and decodes the rest of the batch', async () => {
    const p = open({ script: misbehaving, timeoutMs: 1500 });
    const hang = Buffer.from('Subject: HANG-FOREVER\n\nbody\n');
    const raws = [fixtures[0], fixtures[1], hang, fixtures[2], fixtures[3]];
    const got = await p.decodeMany(raws);
    expect(got[2]).toMatchObject({ kind: 'error', error: expect.stringContaining('longer than') });
    for (const i of [0, 1, 3, 4]) expect(got[i]).toEqual(decode(raws[i]));
    // The pool still works afterwards.
    expect(await p.decodeMany([fixtures[5]])).toEqual([decode(fixtures[5])]);
  }, 30_000);

  it('gives up a message that kills its thread and decodes the rest of the batch', async () => {
    const p = open({ script: misbehaving });
    const crash = Buffer.from('Subject: CRASH-THE-THREAD\n\nbody\n');
    const raws = [fixtures[0], crash, fixtures[1]];
    const got = await p.decodeMany(raws);
    expect(got[1]).toMatchObject({ kind: 'error', error: expect.stringContaining('crashed on purpose') });
    expect(got[0]).toEqual(decode(raws[0]));
    expect(got[2]).toEqual(decode(raws[2]));
  });

  it('decodes work still in hand at close on the calling thread (a stop never makes mail "undecodable"), and does not hang', async () => {
    const p = open({ script: misbehaving, workers: 1, timeoutMs: 60_000 });
    // The test double hangs on this marker; the real decoder reads it as an ordinary message.
    const holds = join(mkdtempSync(join(tmpdir(), 'bs-pool-')), 'holds');
    const raw = Buffer.from(`Subject: HANG-FOREVER ${holds}\n\nhello\n`);
    const pending = p.decodeMany([raw, fixtures[0]]);
    await until('the thread holds the message', () => existsSync(holds));
    await p.close();
    expect(await pending).toEqual([decode(raw), decode(fixtures[0])]);
    expect(await p.decodeMany([fixtures[1]])).toEqual([decode(fixtures[1])]);
  });

  it('is not started without a compiled worker, or with 0 threads (the agent then decodes on its own thread)', () => {
    expect(DecodePool.create({ workers: 2, timeoutMs: 1000, script: new URL('./no-such-worker.js', import.meta.url) })).toBeNull();
    expect(DecodePool.create({ workers: 0, timeoutMs: 1000, script: built })).toBeNull();
    expect(workerCount(3)).toBe(3);
    expect(workerCount('auto')).toBeGreaterThanOrEqual(1);
    expect(workerCount('auto')).toBeLessThanOrEqual(4);
  });
});
