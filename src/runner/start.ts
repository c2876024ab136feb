import type { Server } from 'node:http';
import { oneLine } from '../core/errors.js';
import { Checkpoints } from '../ledger/checkpoints.js';
import { closeAgent, decoderOf, mappingFault, openConfigured, processor } from '../flow/flow.js';
import { sourcesFromConfig } from '../sources/index.js';
import { runAgent } from './loop.js';
import { serveHealth } from './health.js';
import { Metrics } from './metrics.js';

/**
 * `bouncesync run` without --once: the service. Reads every source as mail arrives until SIGTERM
 * or SIGINT, then finishes the batch in hand (at most one IMAP round), commits, moves, writes back what it can, exits 0.
 * A config error never gets here: loading the config throws a coded error (exit 1).
 */
export async function runContinuous(configFile: string | undefined): Promise<number> {
  // Listen for a stop before anything else: a SIGTERM during start-up still means a clean stop.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const agent = await openConfigured(configFile).catch((e) => { process.off('SIGTERM', onSignal); process.off('SIGINT', onSignal); throw e; });
  const log = agent.log.child({ component: 'agent' });
  stop.signal.addEventListener('abort', () => log.info('stopping: finishing the batch in hand'), { once: true });
  let server: Server | null = null;
  try {
    // A mistake in the mapping (a where the database refuses, a column) stops the service at once
    // with its fix, rather than failing every message or write-back; a database that is down does not.
    const fault = await mappingFault(agent);
    if (fault) throw fault;
    // Sources name themselves (source, and component for what they run): given the agent's own
    // child, every line of theirs said "component" twice.
    const sources = await sourcesFromConfig(agent.config, { ledger: agent.ledger, log: agent.log, decodeAhead: decoderOf(agent) });
    if (!sources.length) {
      process.stderr.write('bouncesync run: no sources in the config; add one under `sources:` (imap or folder).\n');
      return 2;
    }
    const metrics = new Metrics();
    const sourceErrors = new Map<string, string>();
    const cfg = agent.config.agent;
    if (cfg.metrics) {
      const stale = Math.max(...agent.config.sources.map((s) => ('imap' in s ? s.imap.pollSeconds : 60))) * 3;
      server = await serveHealth({ port: cfg.metrics.port, host: cfg.metrics.host, staleSeconds: stale, sourceErrors }, metrics, sources.map((s) => s.name), log);
    }
    log.info({ sources: sources.map((s) => s.name) }, 'agent started');
    // Each successful write-back closes a run (so `undo --run` stays a reviewable unit).
    const result = await runAgent({
      sources, processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics, log, sourceErrors,
      maxAttempts: cfg.maxAttempts, writeEverySeconds: cfg.writeEverySeconds,
    }, stop.signal);
    log.info(result, 'agent stopped');
    return 0;
  } catch (e) {
    log.error({ err: oneLine(e) }, 'agent failed');
    throw e;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    server?.close();
    await closeAgent(agent);
  }
}
