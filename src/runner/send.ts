// `bouncesync send` wired from config: the campaign's templates, the recipients from the live
// table (through the store's checked mapping), the send ledger, the SMTP pool, and the pipeline
// entry that flags a dead address refused at RCPT TO (decide → ledger → write-back).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config/schema.js';
import { classify } from '../classify/index.js';
import { BounceError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import { closeAgent, mappingOf, openAgent, sendTimeRun, type Agent } from '../flow/flow.js';
import { checkWhere } from '../store/mapping.js';
import { DEFAULT_BLOCK } from '../send/block.js';
import { openSendLedger, type SendLedger, type SendRow } from '../send/ledger.js';
import { buildMessage, campaignFrom, type Campaign } from '../send/message.js';
import { campaignRecipients, recipientsQuery } from '../send/recipients.js';
import { checkFields } from '../send/render.js';
import { crmRecipientSource, type RecipientSource } from '../send/crm-recipients.js';
import { crmOf } from '../flow/crm.js';
import { isDue, maskIn, sendCampaign, type SendOptions, type SendSummary, type Transport } from '../send/sender.js';
import { smtpTransport } from '../send/transport.js';
import { listUnknown, type UnknownListing } from '../send/unknown.js';
import { coalescedWriteBacks } from '../send/writebacks.js';

export interface SendRequest {
  campaign: string;
  dryRun?: boolean;
  /** Send again only the rows whose outcome is unknown; never done without this. */
  resendUnknown?: boolean;
  /** With resendUnknown: told which rows will be sent again, before any is. */
  listed?(l: UnknownListing): void;
  limit?: number;
  signal?: AbortSignal;
  log?: Logger;
  progress?(s: SendSummary): void;
  /** Told how many rows the campaign's query returns, before sending starts (for a progress bar). */
  total?(n: number): void;
}

export interface DryRunReport {
  campaign: string;
  recipients: number;   // rows the query returns now
  wouldSend: number;    // of those, due now (never sent, held, or a due retry)
  done: number;         // already sent, refused, expired or unknown
  sample: { to: string; envelopeFrom: string; subject: string; text?: string; html?: string } | null;
  /** With resendUnknown: the unknown rows (wouldSend: those still among the campaign's recipients). */
  unknown?: UnknownListing;
  /** Stopped (SIGTERM) before the last row: the counts are of the rows read until then. */
  aborted?: string;
}

const need = (what: string, fix: string) => new BounceError('SEND_CONFIG', `send needs ${what}.`, { fix });

/** Checks what `send` needs in config, up front, with the fix for each. */
export function sendSettings(config: Readonly<Config>, name: string): { options: SendOptions; campaign: Campaign } {
  const s = config.send;
  if (!s.smtp) throw need('send.smtp (host, port, auth)', "Add send.smtp with your mail server's submission host and port.");
  if (!s.from) throw need('send.from', 'Add send.from, e.g. "Example News <news@example.com>".');
  if (!s.returnPath) throw need('send.returnPath', 'Add send.returnPath, e.g. "bounces+{token}@example.com" (the mailbox bounces come back to).');
  if (!s.secret) throw need('send.secret', 'Add send.secret ("${BOUNCESYNC_SECRET}"): the key that signs tracking tokens.');
  const c = config.campaigns[name];
  if (!c) {
    const known = Object.keys(config.campaigns);
    throw new BounceError('SEND_NO_CAMPAIGN', `there is no campaign "${name}" in the config.`, { fix: known.length ? `Use one of: ${known.join(', ')}.` : 'Add it under campaigns:.', usage: true });
  }
  const read = (path: string | undefined) => {
    if (path === undefined) return undefined;
    try { return readFileSync(path, 'utf8'); } catch {
      throw new BounceError('SEND_TEMPLATE', `the template ${path} of campaign "${name}" cannot be read.`, { fix: 'Check the path (relative to the config file).' });
    }
  };
  return {
    campaign: campaignFrom(name, { subject: c.subject, text: read(c.text), html: read(c.html) }),
    options: {
      from: s.from, returnPath: s.returnPath, secret: s.secret, listUnsubscribe: s.listUnsubscribe,
      rate: s.rate, retry: s.retry, block: s.block ?? DEFAULT_BLOCK,
    },
  };
}

export function openSends(config: Readonly<Config>): SendLedger {
  mkdirSync(dirname(config.send.ledger), { recursive: true });
  return openSendLedger(config.send.ledger);
}

/** The mapped table's recipients: its columns as merge fields, the campaign's where checked by the database. */
async function tableRecipients(agent: Agent, filter: Readonly<Config>['campaigns'][string], name: string, signal?: AbortSignal): Promise<RecipientSource> {
  const mapping = await mappingOf(agent);
  const columns = await agent.database.adapter.columns(agent.database.db, mapping.ref);
  if (filter.where) await checkWhere(agent.database.db, mapping, { sql: filter.where, params: filter.params }, `campaigns.${name}.where`);
  return {
    fields: columns.map((c) => c.name),
    recipients: campaignRecipients(agent.database.db, mapping, filter, { signal }),
    count: async () => {
      const [row] = await recipientsQuery(agent.database.db, mapping, filter).clearSelect().count({ n: '*' });
      return Number((row as { n: number | string }).n);
    },
  };
}

/** Runs one send (or dry run) of a campaign. `transport` is for the benchmark; normally from config. */
export async function sendFromConfig(config: Readonly<Config>, req: SendRequest, transport?: Transport & { close?(): void }): Promise<SendSummary | DryRunReport> {
  // Each part takes its own child of the caller's logger: the agent's parts name themselves
  // (database, ledger, writeback), sendCampaign is the "send" component; a child of a child
  // with the same key wrote that key twice on every line.
  const base = req.log ?? silentLogger;
  const log = base.child({ component: 'send', campaign: req.campaign });
  const { options, campaign } = sendSettings(config, req.campaign);
  const ledger = openSends(config);
  let agent: Agent | null = null;
  try {
    agent = await openAgent(config, { log: base, sends: ledger });
    const filter = config.campaigns[req.campaign]!;
    // crm: the recipients the app itself would mail, through the preset (src/send/crm-recipients.ts).
    const source = config.crm
      ? await crmRecipientSource(agent.database.db, agent.database.adapter, (await crmOf(agent)).store, filter, req.campaign, req.signal)
      : await tableRecipients(agent, filter, req.campaign, req.signal);
    checkFields({ subject: campaign.subject, text: campaign.text, html: campaign.html }, source.fields);
    // Told of a stop (SIGTERM) between pages, in a dry run too.
    const recipients = source.recipients;
    if (req.dryRun) return await dryRun(campaign, options, ledger, recipients, !!req.resendUnknown, req.signal);

    if (req.total) req.total(await source.count());
    const smtp = transport ?? smtpTransport(config.send);
    // Refusals are committed to the events ledger one batch at a time, as they come; their
    // write-backs run one at a time, coalesced (src/send/writebacks.ts); all under one run.
    const events = sendTimeRun(agent);
    const writeBacks = coalescedWriteBacks(async () => {
      // Recorded in the events ledger: a write-back problem (database down) leaves them pending there.
      for (const p of await events.writeBack()) log.warn({ problem: maskIn(p) }, 'send-time refusals recorded, write-back pending');
    }, log);
    try {
      return await sendCampaign(campaign, recipients, options, {
        ledger, transport: smtp, log: base,
        classify: (f) => classify(f, { hardReasons: config.policy.hard }),
        async recordRefusal(row, verdict) {
          const r = await events.record([{ send: row, verdict }]);
          writeBacks.request();
          return r.flag;
        },
        progress: req.progress,
      }, {
        limit: req.limit, signal: req.signal, resendUnknown: req.resendUnknown,
        // Listed once the campaign is locked and a crashed run's rows are settled: exactly the rows this run may send.
        started: req.resendUnknown ? () => req.listed?.(listUnknown(ledger, campaign.name)) : undefined,
      });
    } finally {
      if (!transport) smtp.close?.();
      // The last write-back, for refusals recorded while the one before ran: the send ends with them written.
      await writeBacks.settle();
      // The run's summary only; the events and changes are committed already.
      await events.finish().catch((e: unknown) => log.warn({ problem: maskIn(e instanceof Error ? e.message : String(e)) }, 'could not record the send run summary in the events ledger'));
    }
  } finally {
    if (agent) await closeAgent(agent);
    ledger.close();
  }
}

async function dryRun(campaign: Campaign, options: SendOptions, ledger: SendLedger, recipients: AsyncIterable<{ key: string | number; address: string; fields: Record<string, unknown> }>, resendUnknown: boolean, signal?: AbortSignal): Promise<DryRunReport> {
  const report: DryRunReport = { campaign: campaign.name, recipients: 0, wouldSend: 0, done: 0, sample: null };
  if (resendUnknown) report.unknown = listUnknown(ledger, campaign.name);
  const now = Date.now();
  const due = (row: SendRow | null) => resendUnknown ? row?.state === 'unknown' : !row || isDue(row, now, options.retry.attempts);
  for await (const r of recipients) {
    report.recipients++;
    const row = ledger.peek(campaign.name, r.key);
    if (!due(row)) { report.done++; continue; }
    report.wouldSend++;
    if (!report.sample) {
      const m = buildMessage(options, campaign, row?.id ?? 0, r.address, r.fields);
      report.sample = { to: r.address, envelopeFrom: (m.envelope as { from: string }).from, subject: String(m.subject), text: m.text as string | undefined, html: m.html as string | undefined };
    }
  }
  if (signal?.aborted) report.aborted = 'stopped by signal';
  return report;
}
