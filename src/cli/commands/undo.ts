import { parseArgs } from 'node:util';
import { show } from '../show.js';
import { closeAgent, mappingOf, openConfigured } from '../../flow/flow.js';
import { undoRun, type KeptCell, type UndoSummary } from '../../store/undo.js';
import { crmOf } from '../../flow/crm.js';
import { undoCrm } from '../../store/shapes/undo.js';

/**
 * bouncesync undo --run ID [--dry-run]: restores the values a run replaced, where they are still
 * as the run left it. Values edited since, or changed by a later run, are kept and listed.
 * --dry-run lists every value it would restore (row, column, now → restored) and writes nothing,
 * neither to the table nor to the ledger (nor a new ledger file).
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, run: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  if (!values.run) {
    process.stderr.write('usage: bouncesync undo --run ID [--dry-run]   (run ids are listed by `bouncesync events`)\n');
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  const agent = await openConfigured(values.config, { dryRun });
  try {
    const o = { ...agent.database, ledger: agent.ledger, runId: values.run, lockTimeoutMs: agent.config.database.lockTimeoutMs, dryRun };
    // crm: the preset's shapes undo their own changes (src/store/shapes/undo.ts).
    const s = agent.config.crm ? await undoCrm({ ...o, crm: (await crmOf(agent)).store }) : await undoRun({ ...o, mapping: await mappingOf(agent) });
    process.stdout.write(report(values.run, s));
    return 0;
  } finally {
    await closeAgent(agent);
  }
}

export function report(runId: string, s: UndoSummary): string {
  const lines = [`undo of run ${runId}${s.dryRun ? ' (dry run: nothing written)' : ''}`];
  if (s.dryRun) for (const c of s.cells) lines.push(`  row ${show(c.key)}: ${c.column} ${show(c.now)} → ${show(c.restore)}`);
  for (const k of s.kept) lines.push(keptLine(k));
  lines.push(`rows ${s.dryRun ? 'that would be restored' : 'restored'} ${s.restored} (values ${s.cells.length}); values kept because changed since ${s.keptChanged}; `
    + `values already as before the run ${s.already}; rows gone ${s.rowsGone}`);
  if (s.kept.some((k) => k.by)) lines.push('Values a later run changed come back once that run is undone: undo it, then this run again.');
  return lines.join('\n') + '\n';
}

function keptLine(k: KeptCell): string {
  const since = k.by ? `changed by run ${k.by}` : 'edited since';
  return `  row ${show(k.key)}: ${k.column} ${show(k.now)} kept, ${since} (the run wrote ${show(k.wrote)}, before it ${show(k.restore)})`;
}
