import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { BounceError } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { sendFromConfig, type DryRunReport } from '../../send/index.js';
import { progressBar } from '../../send/progress.js';
import type { SendSummary } from '../../send/sender.js';

/**
 * bouncesync send --campaign NAME [--dry-run] [--limit N] [--json] [--config FILE]
 * Exit: 0 done; 1 stopped (SMTP session refused, unreachable, or interrupted); 3 paused by a sender block.
 */
const USAGE = 'Usage: bouncesync send --campaign NAME [--dry-run] [--limit N] [--json] [--config FILE]';

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, campaign: { type: 'string' }, 'dry-run': { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new BounceError('SEND_USAGE', `${(e as Error).message}.`, { fix: USAGE });
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.campaign) throw new BounceError('SEND_USAGE', 'send needs --campaign NAME.', { fix: 'Name one of the campaigns in the config: bouncesync send --campaign NAME.' });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new BounceError('SEND_USAGE', '--limit must be a whole number.', { fix: 'For example --limit 100.' });

  const config = loadConfig(values.config ?? DEFAULT_CONFIG_FILE);
  const log = createLogger({ pretty: process.stderr.isTTY });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = values.json ? null : progressBar(null);
  try {
    const result = await sendFromConfig(config, {
      campaign: values.campaign, dryRun: values['dry-run'], limit, signal: stop.signal, log, progress: bar?.update,
      total: bar ? (n) => bar.setTotal(limit === undefined ? n : Math.min(n, limit)) : undefined,
    });
    bar?.done();
    if ('wouldSend' in result) {
      process.stdout.write(values.json ? JSON.stringify(result) + '\n' : dryRunText(result));
      return 0;
    }
    process.stdout.write(values.json ? JSON.stringify(result) + '\n' : summaryText(result));
    if (result.paused) return 3;
    return result.aborted ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function summaryText(s: SendSummary): string {
  const lines = [
    `campaign ${s.campaign}: ${s.seen} recipients, ${s.skipped} already done, in ${(s.elapsedMs / 1000).toFixed(1)}s`,
    `sent ${s.sent}  deferred ${s.deferred}  expired ${s.expired}  refused ${s.rejected} (flagged as dead ${s.flagged})  failed ${s.failed}  held ${s.held}`,
  ];
  if (s.interrupted) lines.push(`${s.interrupted} recipients were being sent when a previous run stopped; they are not sent again (the server may have them).`);
  if (s.paused) lines.push(`PAUSED: ${s.paused.why}`, `  reply: ${s.paused.reply}`);
  if (s.aborted) lines.push(`STOPPED: ${s.aborted}. Run send again to continue where it stopped.`);
  if (s.deferred) lines.push(`${s.deferred} deferred recipients are retried by the next send run once their retry time comes.`);
  return lines.join('\n') + '\n';
}

function dryRunText(r: DryRunReport): string {
  const lines = [`campaign ${r.campaign} (dry run: nothing sent, nothing recorded)`, `recipients ${r.recipients}  would send ${r.wouldSend}  already done ${r.done}`];
  if (r.sample) {
    lines.push('first message (its token is shown for send id 0; real tokens are made when sending):',
      `  To: ${r.sample.to}`, `  Envelope from: ${r.sample.envelopeFrom}`, `  Subject: ${r.sample.subject}`);
    if (r.sample.text) lines.push('', r.sample.text.split('\n').slice(0, 12).map((l) => '  ' + l).join('\n'));
  }
  return lines.join('\n') + '\n';
}
