import { oneLine, isBounceError, dbMessage } from '../core/errors.js';
import type { Source } from '../core/ports.js';
import { Checkpoints } from '../ledger/checkpoints.js';
import type { Ledger } from '../ledger/index.js';
import { emptySummary, mappingFault, processBatch, writeBack, type Agent, type RunSummary } from '../flow/flow.js';
import { ackOrError, attemptWords, failedAttempt } from './attempts.js';
import { batches } from './batches.js';

/** One pass over the sources, then write-back. The IMAP service calls this in its loop. */
export async function runOnce(agent: Agent, sources: Source[], opts: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<RunSummary> {
  const dryRun = opts.dryRun ?? false;
  const work = async (ledger: Ledger) => {
    const runId = await ledger.startRun();
    const s = emptySummary(runId, dryRun);
    const signal = opts.signal ?? new AbortController().signal;
    // Address matching reads the table through the mapping: a mistake in the mapping (a where the
    // database refuses, a column) is the config's, said once, not a failure of each source's mail,
    // which stays where it is for the run after the fix. A database that is down is not a mistake.
    const fault = agent.config.policy.match === 'address' ? await mappingFault(agent) : null;
    if (fault) {
      s.problems.push(`${(fault as { code?: string }).code ?? 'ERROR'}: ${dbMessage(fault)}`);
      await ledger.finishRun(runId, s);
      return s;
    }
    const checkpoints = new Checkpoints(ledger);
    const maxAttempts = agent.config.agent.maxAttempts;
    for (const source of sources) {
      try {
        for await (const batch of batches(source.pull(signal), signal)) {
          const results = await processBatch(agent, ledger, runId, batch, s);
          for (const [i, r] of results.entries()) {
            const id = batch[i].id;
            if (!(r instanceof Error)) {
              const moveError = dryRun ? null : await ackOrError(source, id, r.outcome);
              if (moveError) s.problems.push(`${source.name}: ${id}: recorded, but cannot be moved to ${r.outcome}: ${moveError} (read again, harmlessly, next run)`);
              continue;
            }
            // Not recorded: it stays in its source and the next run reads it again, its attempts
            // counted as the service counts them (a dry run counts nothing and moves nothing).
            const a = dryRun ? null : await failedAttempt(checkpoints, source, id, oneLine(r), maxAttempts);
            s.problems.push(`${source.name}: ${id}: ${problem(r)}${a ? attemptWords(a, maxAttempts) : ''}`);
          }
        }
      } catch (e) {
        // The source itself failed (a folder that is not there, the database down): what it did not
        // hand out stays in it; the next run reads it again.
        s.problems.push(`${source.name}: ${problem(e)}`);
        agent.log.error({ source: source.name, err: dbMessage(e), code: (e as { code?: string }).code }, 'source stopped');
      }
    }
    s.write = await writeBack(agent, ledger, runId, dryRun, s);
    await ledger.finishRun(runId, s);
    return s;
  };
  return dryRun ? agent.ledger.dryRun(work) : work(agent.ledger);
}

/** A problem line: the error's code first where it has one. */
function problem(e: unknown): string {
  return isBounceError(e) && !e.message.startsWith(e.code) ? `${e.code}: ${dbMessage(e)}` : dbMessage(e);
}
