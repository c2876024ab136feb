import type { Decoded } from '../../core/types.js';
import type { Input } from './inputs.js';

/** Decodes raw messages in order; `alone`: these are all the messages of the run. */
export type DecodeBatch = (raws: Buffer[], alone: boolean) => Promise<Decoded[]>;

const BATCH = 64;               // messages per batch: the pool splits it between its threads
const BATCH_BYTES = 4 << 20;    // or fewer, when they are large

/**
 * The inputs decoded, a batch at a time, in input order. Up to `window` batches are being decoded
 * at once, so every thread has its next chunk waiting; a batch comes out only after the ones
 * before it. Memory: at most `window` batches, whatever the number of inputs.
 */
export async function* decodeInOrder(inputs: AsyncIterable<Input>, decodeBatch: DecodeBatch, window: number): AsyncGenerator<Array<[string, Decoded]>> {
  const pending: Promise<Array<[string, Decoded]>>[] = [];
  let batch: Input[] = [];
  let bytes = 0;
  let sent = 0;
  const send = (last: boolean) => {
    pending.push(decodeAll(batch, (raws) => decodeBatch(raws, last && sent === 0)));
    sent++;
    batch = [];
    bytes = 0;
  };
  for await (const input of inputs) {
    batch.push(input);
    bytes += input.raw?.length ?? 0;
    if (batch.length < BATCH && bytes < BATCH_BYTES) continue;
    send(false);
    if (pending.length >= window) yield await pending.shift()!;
  }
  if (batch.length) send(true);
  while (pending.length) yield await pending.shift()!;
}

/** Inputs already answered (unreadable, too large) keep their place among the decoded ones. */
async function decodeAll(batch: Input[], decode: (raws: Buffer[]) => Promise<Decoded[]>): Promise<Array<[string, Decoded]>> {
  const decoded = await decode(batch.flatMap((i) => (i.raw ? [i.raw] : [])));
  let next = 0;
  return batch.map((i) => [i.name, i.decoded ?? decoded[next++]]);
}
