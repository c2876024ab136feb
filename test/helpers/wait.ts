// Waiting on conditions, never on fixed sleeps: for relays to return their DSNs, for an agent to get somewhere.

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

/** Resolves once check() holds (asked every 100 ms); throws naming what did not happen after ms. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
