import { oneLine } from '../core/errors.js';
import type { Source } from '../core/ports.js';
import type { Outcome } from '../core/types.js';
import type { Checkpoints } from '../ledger/checkpoints.js';

// A message that fails before its ledger commit (its source cannot read it, the ledger refuses it)
// stays in its source and is read again. Its attempts are counted in the ledger's key-value table,
// the same for `run --once` and the service, and at agent.maxAttempts it is moved to quarantine
// so it stops costing every pass. A message that cannot be moved at all is reported each pass and
// never stops the others.

export interface Attempt { attempts: number; quarantined: boolean; moveError: string | null }

export async function failedAttempt(checkpoints: Checkpoints, src: Source, id: string, error: string, maxAttempts: number): Promise<Attempt> {
  const attempts = await checkpoints.failed(src.name, id, error);
  if (attempts < maxAttempts) return { attempts, quarantined: false, moveError: null };
  const moveError = await ackOrError(src, id, 'quarantined', error);
  return { attempts, quarantined: !moveError, moveError };
}

/** src.ack(), a failure returned as one line instead of thrown. */
export async function ackOrError(src: Source, id: string, outcome: Outcome, error?: string): Promise<string | null> {
  try {
    await src.ack(id, outcome, error);
    return null;
  } catch (e) {
    return oneLine(e);
  }
}

/** " (attempt 2 of 3)", as a run's problem line ends. */
export function attemptWords(a: Attempt, maxAttempts: number): string {
  const of = `attempt ${a.attempts} of ${maxAttempts}`;
  if (a.quarantined) return ` (${of}: moved to quarantine)`;
  if (a.moveError) return ` (failed ${a.attempts} times; it cannot be moved to quarantine either: ${a.moveError}; tried again next pass)`;
  return ` (${of})`;
}
