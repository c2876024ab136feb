// Waiting on conditions, never on fixed sleeps: for servers to answer, relays to return their
// DSNs, an agent to get somewhere. until() is the one polling loop; the rest are built on it.

/** Resolves once check() holds (asked every everyMs); throws naming what did not happen after ms. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000, everyMs = 100): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= end) throw new Error(`timed out after ${ms / 1000} s waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Waits until `count()` reaches `want` or `ms` pass; returns the last count. Relays retry a
 * greylisted message on their own queue timers. After `nudgeAfterMs` (past the queue lifetime)
 * `nudge` runs every 10 s, as an operator's `postqueue -f` would: one CI run saw Postfix's queue
 * manager leave a deferred message untouched for over 75 s, in three tests in a row.
 */
export async function waitForCount(count: () => Promise<number>, want: number, o: { ms: number; nudgeAfterMs: number; nudge: () => Promise<void> }): Promise<number> {
  let nextNudge = Date.now() + o.nudgeAfterMs;
  let n = 0;
  await until(`${want} counted`, async () => {
    if (Date.now() >= nextNudge) {
      await o.nudge();
      nextNudge = Date.now() + 10_000;
    }
    return (n = await count()) >= want;
  }, o.ms, 250).catch(() => undefined);
  return n;
}
