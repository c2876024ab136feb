import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { BounceError } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { sendFromConfig, type DryRunReport } from '../../runner/send.js';
import { Progress } from '../progress.js';
import type { SendSummary } from '../../send/sender.js';
import type { UnknownListing } from '../../send/unknown.js';

/**
 * bouncesync send --campaign NAME [--resend-unknown] [--dry-run] [--limit N] [--json] [--config FILE]
 * Exit: 0 done; 1 stopped (SMTP session refused, unreachable, or interrupted); 2 usage (the command line);
 * 3 paused by a sender block.
 */
const USAGE = 'Usage: bouncesync send --campaign NAME [--resend-unknown] [--dry-run] [--limit N] [--json] [--config FILE]';

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, campaign: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'resend-unknown': { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new BounceError('SEND_USAGE', `${(e as Error).message}.`, { fix: USAGE, usage: true });
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.campaign) throw new BounceError('SEND_USAGE', 'send needs --campaign NAME.', { fix: 'Name one of the campaigns in the config: bouncesync send --campaign NAME.', usage: true });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new BounceError('SEND_USAGE', '--limit must be a whole number.', { fix: 'For example --limit 100.', usage: true });

  const config = loadConfig(values.config ?? DEFAULT_CONFIG_FILE);
  const log = createLogger({ pretty: process.stderr.isTTY });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const resendUnknown = !!values['resend-unknown'];
  // A resend sends only the unknown rows: the bar's total is theirs, set when they are listed.
  const bar = values.json ? null : new Progress();
  let listed: UnknownListing | undefined;
  try {
    const result = await sendFromConfig(config, {
      campaign: values.campaign, dryRun: values['dry-run'], resendUnknown, limit, signal: stop.signal, log, progress: bar ? (s) => bar.set(handled(s), progressWords(s)) : undefined,
      total: bar && !resendUnknown ? (n) => bar.setTotal(limit === undefined ? n : Math.min(n, limit)) : undefined,
      listed(l) {
        listed = l;
        // Said before anything goes out, so the operator sees what is being sent again.
        if (!values.json) process.stdout.write(unknownText(values.campaign!, l));
        bar?.setTotal(limit === undefined ? l.count : Math.min(l.count, limit));
      },
    });
    bar?.done();
    if ('wouldSend' in result) {
      process.stdout.write(values.json ? JSON.stringify(result) + '\n' : dryRunText(result));
      return result.aborted ? 1 : 0;
    }
    process.stdout.write(values.json ? JSON.stringify(listed ? { ...result, listed } : result) + '\n' : summaryText(result));
    if (result.paused) return 3;
    return result.aborted ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Recipients this run is done with, whatever the outcome: the progress line's count. */
const handled = (s: SendSummary) => s.sent + s.rejected + s.failed + s.expired + s.held;
const progressWords = (s: SendSummary) => `sent ${s.sent}  deferred ${s.deferred}  refused ${s.rejected}  flagged ${s.flagged}`;

export function summaryText(s: SendSummary): string {
  const lines = [
    `campaign ${s.campaign}: ${s.seen} recipients, ${s.skipped} already done, in ${(s.elapsedMs / 1000).toFixed(1)}s`,
    `sent ${s.sent}  deferred ${s.deferred}  expired ${s.expired}  refused ${s.rejected} (flagged as dead ${s.flagged})  failed ${s.failed}  held ${s.held}`,
  ];
  if (s.resendUnknown) lines[1] = `sent again: ${lines[1]}`;
  else if (s.interrupted) lines.push(`${s.interrupted} recipients were being sent when a previous run stopped; they are not sent again (the server may have them).`);
  if (s.unknown && !s.resendUnknown) {
    lines.push(`${s.unknown} recipients have an unknown outcome (handed to the server, then the run stopped or the server went away before its answer was recorded); send never sends them again by itself.`,
      `  To send them again on purpose: bouncesync send --campaign ${s.campaign} --resend-unknown (with --dry-run first to list them).`);
  }
  if (s.unknown && s.resendUnknown) lines.push(`${s.unknown} still unknown: no longer among the campaign's recipients (flagged, opted out, or not matching its where), or this run stopped while they were with the server.`);
  if (s.paused) lines.push(`PAUSED: ${s.paused.why}`, `  reply: ${s.paused.reply}`);
  if (s.aborted) lines.push(`STOPPED: ${s.aborted}. Run send again to continue where it stopped.`);
  if (s.deferred) lines.push(`${s.deferred} deferred recipients are retried by the next send run once their retry time comes.`);
  return lines.join('\n') + '\n';
}

export function unknownText(campaign: string, l: UnknownListing): string {
  if (!l.count) return `campaign ${campaign}: no recipients with an unknown outcome; nothing to send again.\n`;
  const lines = [`campaign ${campaign}: ${l.count} recipients with an unknown outcome (handed to the server ${l.oldest === l.newest ? `at ${l.oldest}` : `between ${l.oldest} and ${l.newest}`}; the run stopped or the server went away before its answer was recorded)`];
  for (const f of l.first) lines.push(`  ${f.to}  ${f.at}`);
  if (l.count > l.first.length) lines.push(`  and ${l.count - l.first.length} more`);
  return lines.join('\n') + '\n';
}

function dryRunText(r: DryRunReport): string {
  const lines = [`campaign ${r.campaign} (dry run: nothing sent, nothing recorded)`];
  if (r.unknown) {
    lines.push(unknownText(r.campaign, r.unknown).trimEnd());
    if (r.unknown.sending) lines.push(`${r.unknown.sending} rows are still "sending" (a send in progress, or one that stopped: the next send makes them unknown).`);
    const gone = r.unknown.count - r.wouldSend;
    lines.push(`would send again ${r.wouldSend}` + (gone > 0 ? `  left as they are ${gone} (no longer among the campaign's recipients: flagged, opted out, or not matching its where)` : ''));
  } else lines.push(`recipients ${r.recipients}  would send ${r.wouldSend}  already done ${r.done}`);
  if (r.sample) {
    lines.push('first message (its token is shown for send id 0; real tokens are made when sending):',
      `  To: ${r.sample.to}`, `  Envelope from: ${r.sample.envelopeFrom}`, `  Subject: ${r.sample.subject}`);
    if (r.sample.text) lines.push('', r.sample.text.split('\n').slice(0, 12).map((l) => '  ' + l).join('\n'));
  }
  if (r.aborted) lines.push(`STOPPED: ${r.aborted}; the counts are of the rows read until then.`);
  return lines.join('\n') + '\n';
}
