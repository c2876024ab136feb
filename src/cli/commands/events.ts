import { parseArgs } from 'node:util';
import { show } from '../show.js';
import { closeAgent, openConfigured } from '../../flow/flow.js';
import { runState, type RunState } from '../../ledger/runs.js';
import { runUnknown } from '../../store/undo.js';

/**
 * bouncesync events [--since DATE] [--address A] [--json]: decisions and writes with their evidence.
 * bouncesync events --run ID [--json]: the row changes of one run, old → new, with their state
 * (prepared, applied, undone, void): what to review before `undo --run ID`.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, since: { type: 'string' }, address: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean' } } });
  const since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    process.stderr.write(`bouncesync events: --since "${values.since}" is not a date; use e.g. 2026-11-30.\n`);
    return 2;
  }
  // Read only: like a dry run, it never creates a ledger that is not there yet.
  const agent = await openConfigured(values.config, { dryRun: true });
  try {
    if (values.run) {
      // An unknown or misspelt run id is an error, not an empty list that reads as "changed nothing".
      if (!(await agent.ledger.runExists(values.run))) throw runUnknown(values.run);
      const state = await runState(agent.ledger, values.run);
      if (state && state.state !== 'finished' && !values.json) process.stdout.write(`run ${values.run} ${stateWords(state)}\n`);
      const changes = (await agent.ledger.changesOfRun(values.run, ['prepared', 'applied', 'undone', 'void'])).reverse();
      if (changes.length === 0 && !values.json) process.stdout.write(`run ${values.run} has no row changes in the ledger\n`);
      for (const c of changes) {
        const { __key: key, ...rest } = c.new;
        // A crm preset's changes name their shape and table (target) and keep bookkeeping under "__".
        const after = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('__')));
        if (values.json) { process.stdout.write(JSON.stringify({ run: c.runId, ...(c.target ? { target: c.target } : {}), key, state: c.state, old: c.old, new: after }) + '\n'); continue; }
        const cols = Object.keys(after).map((col) => `${col} ${show(c.old[col])} → ${show(after[col])}`);
        process.stdout.write(`${c.target ? `${c.target} ` : ''}row ${show(key ?? c.rowKey)}  ${c.state}  ${cols.join(', ')}\n`);
      }
      return 0;
    }
    const events = await agent.ledger.list({ since, address: values.address });
    for (const e of events) {
      if (values.json) { process.stdout.write(JSON.stringify(e) + '\n'); continue; }
      process.stdout.write([e.receivedAt.toISOString().slice(0, 19), e.runId, e.address || '-', e.kind, e.reason ?? '-', e.status ?? '-', e.replyCode ?? '-',
        `rule=${e.rule ?? '-'}`, `match=${e.matchBy}`, `decision=${e.decision}`, `state=${e.state}${e.writtenRun ? `@${e.writtenRun}` : ''}`, e.note ?? e.why].join('  ') + '\n');
      if (e.diagnostic) process.stdout.write(`    ${e.diagnostic.slice(0, 200)}\n`);
    }
    return 0;
  } finally {
    await closeAgent(agent);
  }
}

/** A run that did not finish the usual way, in words (a finished run needs none). */
function stateWords(r: RunState): string {
  const by = 'owner' in r && r.owner ? `process ${r.owner.pid} on ${r.owner.host}` : 'its process';
  if (r.state === 'interrupted') return `was interrupted: ${by} ended without finishing it (found at ${r.finishedAt}); changes it left prepared are settled from the table by the next write-back`;
  if (r.state === 'gone') return `did not finish: ${by} has ended; the next run or send marks it interrupted and settles what it left`;
  if (r.state === 'running' && !r.owner) return 'has no end: it was opened by an earlier version, which did not name its process (it may have been stopped)';
  if (r.state === 'running') return `is still running (${by}, started ${r.startedAt})`;
  return 'finished';
}
