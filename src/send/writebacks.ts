// The send path's write-backs, one at a time. Each refusal during sending is committed to the
// events ledger at once, but writing the flags into the customer's table re-plans every pending
// event anyway, so several write-backs at once on one ledger only repeat each other's work and
// contend for the same rows' locks. Here a request while one runs just marks "again": the next
// run (a single one, however many refusals came meanwhile) writes them all. settle() waits for
// the last one, so a send ends with nothing pending that a write-back could have written.
import type { Logger } from '../core/log.js';

export interface WriteBacks {
  /** Something was recorded that a write-back should write: run one now, or once more after the one running. */
  request(): void;
  /** Resolves when no write-back runs and none is owed. Never rejects. */
  settle(): Promise<void>;
  /** Write-backs started so far. */
  readonly runs: number;
}

export function coalescedWriteBacks(writeBack: () => Promise<void>, log: Logger): WriteBacks {
  let running: Promise<void> | null = null;
  let again = false;
  let runs = 0;
  const loop = async () => {
    do {
      again = false;
      runs++;
      try {
        await writeBack();
      } catch (e) {
        // The events stay pending in the ledger; the next write-back (or the next run) takes them.
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'write-back failed; events stay pending');
      }
      // Checked and cleared without an await in between: a request cannot fall between the two.
    } while (again);
    running = null;
  };
  return {
    request() {
      if (running) again = true;
      else running = loop();
    },
    settle: () => running ?? Promise.resolve(),
    get runs() { return runs; },
  };
}
