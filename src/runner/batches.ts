import type { Returned } from '../core/types.js';

export interface BatchLimits {
  max: number;        // messages per batch (default 200)
  maxBytes: number;   // raw bytes per batch (default 16 MB): memory stays bounded by the batch
  maxWaitMs: number;  // a batch older than this is handed on with what it has (default 1 s)
}

export const defaultBatch: BatchLimits = { max: 200, maxBytes: 16 << 20, maxWaitMs: 1000 };

/**
 * Groups a source's messages so the ledger commits many in one transaction. A batch never goes
 * past a message marked roundEnd: there the source wants its acks before it reads on (the IMAP
 * source runs its queued moves and ends its pull after it). The next message is asked for only
 * after the caller is done with the batch, so nothing is read ahead of its ack.
 */
export async function* batches(messages: AsyncIterable<Returned>, signal: AbortSignal, limits: Partial<BatchLimits> = {}): AsyncGenerator<Returned[]> {
  const l = { ...defaultBatch, ...limits };
  let batch: Returned[] = [];
  let bytes = 0;
  let started = 0;
  for await (const m of messages) {
    if (!batch.length) started = Date.now();
    batch.push(m);
    bytes += m.raw.length;
    // On a stop, the batch in hand is finished: the source ends its pull at the next read.
    if (m.roundEnd || signal.aborted || batch.length >= l.max || bytes >= l.maxBytes || Date.now() - started >= l.maxWaitMs) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) yield batch;
}
