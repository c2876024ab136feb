import { createLogger } from '../core/log.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { openAgent, type Agent } from '../pipeline.js';
import { sendLookup } from '../send/ledger.js';

/** Shared by the commands that need the configured agent: --config FILE, a logger on stderr. */
export async function agentFromArgs(configFile: string | undefined, opts: { dryRun?: boolean } = {}): Promise<Agent> {
  const config = loadConfig(configFile ?? DEFAULT_CONFIG_FILE);
  // Returned mail is matched against what `send` recorded (token → send, Message-ID → send).
  return openAgent(config, { log: createLogger({ pretty: process.stderr.isTTY }), sends: sendLookup(config.send.ledger), dryRun: opts.dryRun });
}

export function show(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
