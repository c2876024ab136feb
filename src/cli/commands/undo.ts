import { parseArgs } from 'node:util';
import { agentFromArgs, show } from '../agent.js';
import { closeAgent, mappingOf } from '../../pipeline.js';
import { undoRun, type KeptCell } from '../../writeback/undo.js';

/**
 * bouncesync undo --run ID: restores the values a run replaced, where they are still as the run
 * left them. Values edited since, or changed by a later run, are kept and listed.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, run: { type: 'string' } } });
  if (!values.run) {
    process.stderr.write('usage: bouncesync undo --run ID   (run ids are listed by `bouncesync events`)\n');
    return 2;
  }
  const agent = await agentFromArgs(values.config);
  try {
    const mapping = await mappingOf(agent);
    const s = await undoRun({ ...agent.database, mapping, ledger: agent.ledger, runId: values.run, lockTimeoutMs: agent.config.database.lockTimeoutMs });
    for (const k of s.kept) process.stdout.write(keptLine(k));
    process.stdout.write(`run ${values.run}: rows restored ${s.restored}; values kept because changed since ${s.keptChanged}; rows gone ${s.rowsGone}\n`);
    if (s.kept.some((k) => k.by)) process.stdout.write('Values a later run changed come back once that run is undone: undo it, then this run again.\n');
    return 0;
  } finally {
    await closeAgent(agent);
  }
}

function keptLine(k: KeptCell): string {
  const since = k.by ? `changed by run ${k.by}` : 'edited since';
  return `row ${show(k.key)}  ${k.column} ${show(k.now)} kept: ${since} (the run wrote ${show(k.wrote)}, before it ${show(k.restore)})\n`;
}
