import { setTimeout as wait } from 'node:timers/promises';

/**
 * Exponential backoff, the one rule for every retry: a source reconnecting, the write-back
 * waiting for the database, a deadlocked batch, a recipient's deferred send. Retry n waits
 * baseMs·2^(n-1), at most maxMs, spread by ±jitter/2 so that many clients that failed together
 * do not come back together.
 */
export interface Backoff {
  baseMs: number;
  maxMs?: number;
  /** 0 (exact) .. 1 (from half to one and a half times the delay). */
  jitter?: number;
}

/** The wait before retry number `retry` (1 = the first retry after a failure). */
export function backoffMs(retry: number, o: Backoff, random: () => number = Math.random): number {
  const exact = Math.min(o.baseMs * 2 ** Math.max(0, retry - 1), o.maxMs ?? Infinity);
  const jitter = o.jitter ?? 0;
  return exact * (1 - jitter / 2 + random() * jitter);
}

/** Waits ms, or until signal aborts; resolves either way (the caller looks at signal.aborted). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
