import { describe, expect, it } from 'vitest';
import { backoffMs, sleep } from '../../src/core/backoff.js';

describe('backoff', () => {
  it('doubles from the base up to the cap', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, o))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffMs(3, { baseMs: 60_000 })).toBe(240_000); // no cap
  });

  it('spreads each wait by ±jitter/2 around the exact one', () => {
    const o = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };
    expect(backoffMs(2, o, () => 0)).toBe(1500);
    expect(backoffMs(2, o, () => 0.5)).toBe(2000);
    expect(backoffMs(2, o, () => 1)).toBe(2500);
  });

  it('sleep ends at once when the signal aborts, and resolves', async () => {
    const stop = new AbortController();
    const slept = sleep(60_000, stop.signal);
    stop.abort();
    await expect(slept).resolves.toBeUndefined();
    await expect(sleep(60_000, stop.signal)).resolves.toBeUndefined(); // already aborted
  });
});
