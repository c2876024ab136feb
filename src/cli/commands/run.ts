import { parseArgs } from 'node:util';
import { show } from '../show.js';
import { closeAgent, decoderOf, openConfigured, type RunSummary } from '../../flow/flow.js';
import { runOnce } from '../../runner/once.js';
import { sourcesFromConfig } from '../../sources/index.js';
import { Progress, withProgress } from '../progress.js';

/** bouncesync run [--once [--dry-run]] [--json] [--config FILE]: without --once, the agent runs until SIGTERM/SIGINT. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, once: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
  if (!values.once) {
    if (values['dry-run']) {
      process.stderr.write('bouncesync run: --dry-run needs --once (a dry run is one pass that writes nothing).\n');
      return 2;
    }
    return (await import('../../runner/start.js')).runContinuous(values.config);
  }
  const agent = await openConfigured(values.config, { dryRun: values['dry-run'] });
  try {
    const progress = new Progress();
    const sources = (await sourcesFromConfig(agent.config, { ledger: values['dry-run'] ? null : agent.ledger, log: agent.log, decodeAhead: decoderOf(agent) })).map((src) => withProgress(src, progress));
    const s = await runOnce(agent, sources, { dryRun: values['dry-run'] });
    progress.done();
    for (const src of sources) await src.close();
    process.stdout.write(values.json ? JSON.stringify(s) + '\n' : summary(s));
    return s.problems.length ? 1 : 0;
  } finally {
    await closeAgent(agent);
  }
}

export function summary(s: RunSummary): string {
  const w = s.write;
  const lines = [
    `run ${s.runId}${s.dryRun ? ' (dry run: nothing written)' : ''}`,
    `messages ${s.messages}  failures ${s.failures}  already seen ${s.alreadySeen}`,
    `hard flags ${s.flag}  soft counted ${s.soft}  opt-outs ${s.optout}  ignored ${s.ignored}  review ${s.review}  unmatched ${s.unmatched}  errors ${s.errors}`,
    w ? `rows ${s.dryRun ? 'that would change' : 'changed'} ${w.rowsChanged}  unchanged ${w.unchanged}  skipped ${w.skipped}  pending ${w.pendingLeft}` : 'write-back: not reached',
  ];
  // The burst rule holds flags at write-back, after the decisions counted above: without this
  // line a run that held a whole campaign's failures read "hard flags 350 ... rows changed 0".
  if (w?.review) lines.push(`held for review by the burst rule ${w.review} (approve or dismiss: bouncesync review)`);
  if (s.dryRun && w) for (const c of w.changes) lines.push(`  row ${show(c.key)}: ${c.column} ${show(c.old)} → ${show(c.new)}`);
  for (const p of s.problems) lines.push(`problem: ${p}`);
  return lines.join('\n') + '\n';
}
