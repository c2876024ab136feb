import { BounceError } from '../core/errors.js';
import type { Decoded, Kind } from '../core/types.js';
import { mappingOf, processReturned, type Agent, type RunSummary } from '../pipeline.js';
import { writePending } from '../writeback/index.js';
import type { Processor } from './agent.js';

/**
 * The pipeline (src/pipeline.ts) seen from the agent loop: handle() is decode → match → decide →
 * ledger commit for one message; writeBack() projects pending events onto the customer table and
 * throws while the database cannot be reached (the events stay pending in the ledger).
 */
export function pipelineProcessor(agent: Agent, runId: string, summary: RunSummary): Processor {
  let kind: Kind = 'error';
  // Watch the decoder's answer so metrics can count messages by kind.
  const watched: Agent = { ...agent, decode: (raw) => { const d: Decoded = agent.decode(raw); kind = d.kind; return d; } };
  return {
    async handle(m) {
      kind = 'error';
      const unmatchedBefore = summary.unmatched;
      const outcome = await processReturned(watched, agent.ledger, runId, m, summary);
      return { outcome, kind, unmatched: summary.unmatched - unmatchedBefore };
    },
    async writeBack() {
      const mapping = await mappingOf(agent);
      const { db, adapter } = agent.database;
      const c = agent.config.database;
      const w = await writePending({ db, adapter, mapping, ledger: agent.ledger, runId, policy: agent.config.policy, dryRun: false,
        batchSize: c.batchSize, lockTimeoutMs: c.lockTimeoutMs, log: agent.log.child({ component: 'writeback' }) });
      summary.write = w;
      if (w.error) throw new BounceError('WRITEBACK_STOPPED', `write-back stopped: ${w.error}`, { fix: 'The events stay pending in the ledger and are written when the database answers again.' });
      return { written: w.rowsChanged, pending: w.pendingLeft };
    },
  };
}
