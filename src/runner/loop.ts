import { backoffMs, sleep } from '../core/backoff.js';
import { oneLine } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Handled, Processor, Source } from '../core/ports.js';
import type { Returned } from '../core/types.js';
import type { Checkpoints } from '../ledger/checkpoints.js';
import { ackOrError, failedAttempt } from './attempts.js';
import { batches, type BatchLimits } from './batches.js';
import type { Metrics } from './metrics.js';

export interface AgentOptions {
  sources: Source[];
  processor: Processor;
  checkpoints: Checkpoints;
  metrics: Metrics;
  log: Logger;
  /** Read what is there once, write back, return (run --once). Otherwise run until the signal. */
  once?: boolean;
  maxAttempts?: number;          // a message failing this many times goes to quarantine (default 3)
  writeEverySeconds?: number;    // write-back cadence while running (default 5)
  pollSeconds?: number;          // for sources without wait() (default 60)
  backoff?: { minMs: number; maxMs: number };   // reconnect / database retry (default 1 s .. 60 s)
  batch?: Partial<BatchLimits>;  // messages committed to the ledger together (default 200 / 16 MB / 1 s)
  sourceErrors?: Map<string, string>;  // filled with a source's error while it fails, for /healthz
}

export interface AgentSummary { messages: number; quarantined: number; written: number; pending: number; errors: number }

/**
 * Runs every source side by side: pull → handle (ledger commit) → ack, then wait for new mail.
 * A dropped connection is retried with backoff; a stop (signal) finishes the batch in hand,
 * lets the source run its queued moves, writes back what it can, and returns.
 */
export async function runAgent(o: AgentOptions, signal: AbortSignal): Promise<AgentSummary> {
  const sum: AgentSummary = { messages: 0, quarantined: 0, written: 0, pending: 0, errors: 0 };
  const backoff = o.backoff ?? { minMs: 1000, maxMs: 60_000 };
  const maxAttempts = o.maxAttempts ?? 3;
  const writer = o.once ? null : writeLoop(o, sum, backoff, signal);

  const readSource = async (src: Source) => {
    const log = o.log.child({ source: src.name });
    let failures = 0;
    while (!signal.aborted) {
      try {
        // A processor that commits one message at a time gets one at a time (stops finish that one).
        for await (const batch of batches(src.pull(signal), signal, o.processor.handleMany ? o.batch : { max: 1 })) {
          await handleBatch(o, src, batch, maxAttempts, sum, log);
          if (signal.aborted) break; // the batch in hand is finished and acked
        }
        o.metrics.set('bouncesync_last_successful_poll_timestamp_seconds', Date.now() / 1000, { source: src.name });
        o.metrics.set('bouncesync_source_up', 1, { source: src.name });
        o.sourceErrors?.delete(src.name);
        failures = 0;
        if (o.once) break;
        await (src.wait ? src.wait(signal) : sleep((o.pollSeconds ?? 60) * 1000, signal));
      } catch (e) {
        sum.errors++;
        o.metrics.inc('bouncesync_errors_total', { source: src.name });
        o.metrics.set('bouncesync_source_up', 0, { source: src.name });
        o.sourceErrors?.set(src.name, `${(e as { code?: string }).code ?? 'ERROR'}: ${oneLine(e)}`);
        if (o.once) throw e;
        const delay = backoffMs(++failures, { baseMs: backoff.minMs, maxMs: backoff.maxMs, jitter: 0.5 });
        if (transient(e)) {
          log.warn({ err: oneLine(e), retryInMs: delay }, 'database unreachable: mail stays in the mailbox until it answers');
        } else {
          // A folder that is not there (yet: a mount) is tried again like a dropped connection.
          log.error({ err: oneLine(e), code: (e as { code?: string }).code, retryInMs: delay }, 'source failed; trying again');
          await src.close().catch(() => undefined);
        }
        await sleep(delay, signal);
      }
    }
  };

  try {
    await Promise.all(o.sources.map(readSource));
  } finally {
    await Promise.all(o.sources.map((s) => s.close().catch((e) => o.log.warn({ source: s.name, err: oneLine(e) }, 'close failed'))));
    await writer;
    // Last write-back: whatever cannot be written now stays pending in the ledger for next time.
    await writeOnce(o, sum).catch((e) => o.log.warn({ err: oneLine(e), pending: sum.pending }, 'database unreachable: events stay pending in the ledger'));
  }
  return sum;
}

async function handleBatch(o: AgentOptions, src: Source, batch: Returned[], maxAttempts: number, sum: AgentSummary, log: Logger): Promise<void> {
  o.metrics.inc('bouncesync_messages_read_total', { source: src.name }, batch.length);
  // The database is down (address matching needs it): not these messages' fault. This throws,
  // they stay in the mailbox uncounted; the source loop backs off and reads them again.
  const results = await handleAll(o.processor, batch);
  // Counted once handled: the write loop writes again only when this count moves.
  sum.messages += batch.length;
  for (const [i, m] of batch.entries()) {
    const result = results[i];
    if (result instanceof Error) {
      // Processing failed before the commit (unreadable, refused by the ledger): the message stays
      // where it is and is read again; after maxAttempts it goes to quarantine, and the rest go on.
      const error = oneLine(result);
      const a = await failedAttempt(o.checkpoints, src, m.id, error, maxAttempts);
      o.metrics.inc('bouncesync_errors_total', { source: src.name });
      if (a.moveError) log.error({ id: m.id, attempts: a.attempts, err: error, moveError: a.moveError }, 'message failed and cannot be moved to quarantine: tried again each pass');
      else log.warn({ id: m.id, attempts: a.attempts, err: error }, a.quarantined ? 'message failed: moved to quarantine' : 'message failed');
      if (a.quarantined) { o.metrics.inc('bouncesync_quarantined_total', { source: src.name }); sum.quarantined++; }
      continue;
    }
    o.metrics.inc('bouncesync_messages_decoded_total', { kind: result.kind });
    if (result.unmatched) o.metrics.inc('bouncesync_unmatched_total', {}, result.unmatched);
    if (result.outcome === 'quarantined') { o.metrics.inc('bouncesync_quarantined_total', { source: src.name }); sum.quarantined++; }
    // Recorded: one that cannot be moved is read again next pass, harmlessly, and stops no other.
    const moveError = await ackOrError(src, m.id, result.outcome);
    if (moveError) {
      o.metrics.inc('bouncesync_errors_total', { source: src.name });
      log.error({ id: m.id, outcome: result.outcome, err: moveError }, 'message recorded but cannot be moved');
    }
  }
}

/** The batch in one commit where the processor can; otherwise one message at a time. Transient errors throw. */
async function handleAll(p: Processor, batch: Returned[]): Promise<(Handled | Error)[]> {
  const asError = (e: unknown) => {
    if (transient(e)) throw e;
    return e instanceof Error ? e : new Error(String(e));
  };
  if (p.handleMany) {
    try {
      return await p.handleMany(batch);
    } catch (e) {
      return batch.map(() => asError(e));
    }
  }
  const out: (Handled | Error)[] = [];
  for (const m of batch) out.push(await p.handle(m).catch(asError));
  return out;
}

async function writeOnce(o: AgentOptions, sum: AgentSummary): Promise<void> {
  const r = await o.processor.writeBack();
  sum.written += r.written;
  sum.pending = r.pending;
  if (r.written) o.metrics.inc('bouncesync_flags_written_total', {}, r.written);
  o.metrics.set('bouncesync_ledger_backlog', r.pending);
}

/** Writes back every few seconds; while the database is down, backs off and keeps events pending. */
async function writeLoop(o: AgentOptions, sum: AgentSummary, backoff: { minMs: number; maxMs: number }, signal: AbortSignal): Promise<void> {
  const every = (o.writeEverySeconds ?? 5) * 1000;
  let delay = every;
  let failures = 0;
  let seen = -1; // messages handled at the last write: an idle agent does not open empty runs
  while (!signal.aborted) {
    await sleep(delay, signal);
    if (signal.aborted) break;
    if (sum.messages === seen && sum.pending === 0 && !failures) continue;
    seen = sum.messages;
    try {
      await writeOnce(o, sum);
      if (failures) o.log.info({ pending: sum.pending }, 'database reachable again: pending events written');
      failures = 0;
      delay = every;
    } catch (e) {
      sum.errors++;
      o.metrics.inc('bouncesync_errors_total', { source: 'write-back' });
      if (!failures) o.log.warn({ err: oneLine(e) }, 'database unreachable: events wait in the ledger');
      delay = backoffMs(++failures, { baseMs: Math.max(every * 2, backoff.minMs), maxMs: backoff.maxMs });
    }
  }
}

/** Errors about the infrastructure, not the message: retried without counting an attempt. */
function transient(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'DB_UNAVAILABLE';
}
