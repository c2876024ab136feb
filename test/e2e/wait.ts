// Waiting for relays to return their DSNs.

/**
 * Waits until `count()` reaches `want` or `ms` pass; returns the last count. Relays retry a
 * greylisted message on their own queue timers. After `nudgeAfterMs` (past the queue lifetime)
 * `nudge` runs every 10 s, as an operator's `postqueue -f` would: one CI run saw Postfix's queue
 * manager leave a deferred message untouched for over 75 s, in three tests in a row.
 */
export async function waitForCount(count: () => Promise<number>, want: number, o: { ms: number; nudgeAfterMs: number; nudge: () => Promise<void> }): Promise<number> {
  const start = Date.now();
  let nextNudge = start + o.nudgeAfterMs;
  let n = await count();
  while (n < want && Date.now() - start < o.ms) {
    if (Date.now() >= nextNudge) {
      await o.nudge();
      nextNudge = Date.now() + 10_000;
    }
    await new Promise((r) => setTimeout(r, 250));
    n = await count();
  }
  return n;
}
