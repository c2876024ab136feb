import { parseArgs } from 'node:util';
import { agentFromArgs } from '../agent.js';
import { closeAgent, mappingOf } from '../../pipeline.js';
import { undoRun } from '../../writeback/undo.js';

/** bouncesync undo --run ID: restores the values a run replaced (not those edited since). */
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
    process.stdout.write(`run ${values.run}: rows restored ${s.restored}; values kept because edited since ${s.keptChanged}; rows gone ${s.rowsGone}\n`);
    return 0;
  } finally {
    await closeAgent(agent);
  }
}
