// The campaign sender: recipients (already filtered by the store) → send ledger → render →
// SMTP, one message per recipient, at the configured rate and concurrency → per-recipient outcome.
// RCPT-time refusals are classified by the same rules as returned mail and handed to the pipeline
// at once (decide → events ledger → write-back): a dead address is flagged, a full mailbox counts
// as a soft bounce, a policy refusal is recorded only. Nothing else that happens here flags a row.
import PQueue from 'p-queue';
import type { SendMailOptions } from 'nodemailer';
import { backoffMs, sleep } from '../core/backoff.js';
import type { Logger } from '../core/log.js';
import { maskAddress, silentLogger } from '../core/log.js';
import { maskIn, refusalFailure, sessionTrouble } from './replies.js';
import type { Failure, Verdict } from '../core/types.js';
import { BlockDetector, DEFAULT_BLOCK, signatureOf, type BlockOptions, type BlockVerdict } from './block.js';
import type { RowKey, SendLedger, SendRow } from './ledger.js';
import { buildMessage, type Campaign, type MessageSettings } from './message.js';
import { handedOver } from './handover.js';
import { fromError, fromInfo, silent, type SmtpOutcome } from './outcome.js';
import type { Fields } from './render.js';

export { maskIn };

export interface Recipient { key: RowKey; address: string; fields: Fields }

/** What nodemailer's transporter gives us; the tests and the benchmark use a real one. */
export interface Transport { sendMail(msg: SendMailOptions): Promise<unknown> }

export interface SendOptions extends MessageSettings {
  rate: { perSecond: number; concurrency: number };
  retry: { attempts: number; backoffSeconds: number; waitSeconds: number };
  block: BlockOptions;
}

export const DEFAULT_RETRY = { attempts: 5, backoffSeconds: 60, waitSeconds: 0 };

export interface SendPorts {
  ledger: SendLedger;
  transport: Transport;
  /** The same classification returned mail gets (src/classify). */
  classify(f: Failure): Verdict;
  /** Records a RCPT-time refusal for a known row through decide → ledger → write-back; returns how many rows it flags (0 or 1). */
  recordRefusal(row: SendRow, verdict: Verdict): Promise<number>;
  log?: Logger;
  progress?(s: SendSummary): void;
}

export interface SendSummary {
  campaign: string;
  seen: number;        // recipients the query returned
  skipped: number;     // already done (sent, refused, expired, unknown) or not due yet
  sent: number;
  deferred: number;    // 4xx this run, to be retried
  expired: number;     // 4xx until the retry limit
  rejected: number;    // 5xx at RCPT TO
  flagged: number;     // of those, rows the pipeline flagged (dead addresses)
  failed: number;      // 5xx at MAIL FROM / DATA: our message, not the address
  held: number;        // refused in a sender block, to be sent again later
  interrupted: number; // left "sending" by a previous run that stopped: not re-sent
  unknown: number;     // rows of the campaign whose outcome is unknown after this run (sent again only by --resend-unknown)
  resendUnknown: boolean; // this run sent only the unknown rows, on request
  paused?: { signature: string; reply: string; count: number; seconds: number; why: string };
  aborted?: string;
  elapsedMs: number;
}

/** Recipients are read, recorded and accepted in pages of this many. */
const PAGE = 100;

async function* pages<T>(items: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length >= size) { yield page; page = []; }
  }
  if (page.length) yield page;
}

/** The options of one run. */
export interface RunOptions {
  limit?: number;
  signal?: AbortSignal;
  /**
   * Send only the rows whose outcome is unknown (a run stopped while the server may have had
   * them), again, on the operator's request; nothing else is sent.
   */
  resendUnknown?: boolean;
  /** Called once the campaign is locked and a crashed run's rows are settled, before anything is sent. */
  started?(): void;
}

/** Whether a ledger row is to be sent now: never tried, held in a block, or a retry that is due. */
export function isDue(row: Pick<SendRow, 'state' | 'attempts' | 'nextAt'>, now: number, maxAttempts: number): boolean {
  return row.state === 'queued' || row.state === 'held' ||
    ((row.state === 'deferred' || row.state === 'failed') && row.attempts < maxAttempts && (row.nextAt ?? 0) <= now);
}

export async function sendCampaign(
  campaign: Campaign,
  recipients: AsyncIterable<Recipient>,
  opts: SendOptions,
  ports: SendPorts,
  run: RunOptions = {},
): Promise<SendSummary> {
  const { ledger, transport } = ports;
  const sentWhole = handedOver(transport);
  const log = (ports.log ?? silentLogger).child({ component: 'send', campaign: campaign.name });
  const started = Date.now();
  const s: SendSummary = { campaign: campaign.name, seen: 0, skipped: 0, sent: 0, deferred: 0, expired: 0, rejected: 0,
    flagged: 0, failed: 0, held: 0, interrupted: 0, unknown: 0, resendUnknown: !!run.resendUnknown, elapsedMs: 0 };
  const stop = new AbortController();
  run.signal?.addEventListener('abort', () => { s.aborted ??= 'stopped by signal'; stop.abort(); }, { once: true });
  const detector = new BlockDetector(opts.block ?? DEFAULT_BLOCK);
  const retry = opts.retry ?? DEFAULT_RETRY;
  const queue = new PQueue({
    concurrency: Math.max(1, opts.rate.concurrency),
    ...(opts.rate.perSecond > 0 ? { intervalCap: opts.rate.perSecond, interval: 1000 } : {}),
  });
  const later = new Map<number, Recipient>(); // deferred this run, retried while the run may wait
  let attempts = 0;
  const tick = () => ports.progress?.(s);
  // A claimed row that never reached the server goes back as it was: a resent unknown row stays
  // unknown (a plain send must never pick it up), anything else is queued.
  const putBack = (row: SendRow) => ledger.requeue(row.id, row.state === 'unknown' ? 'unknown' : 'queued');

  const hand = async (row: SendRow, verdict: Verdict) => {
    try {
      // Awaited before adding: `s.flagged += await ...` read the count before the await, so two
      // refusals recorded at the same time (concurrency > 1) lost one of the two.
      const flagged = await ports.recordRefusal(row, verdict);
      s.flagged += flagged;
      ledger.recorded(row.id);
    } catch (e) {
      // The refusal stays in the send ledger, not recorded; the next run hands it over again.
      log.error({ sendId: row.id, err: maskIn(e instanceof Error ? e.message : String(e)) }, 'could not record a send-time failure; will retry next run');
    }
  };

  const pause = (b: BlockVerdict) => {
    if (s.paused) return;
    for (const id of b.ids) {
      const row = ledger.get(id);
      if (row?.state === 'rejected' || row?.state === 'failed') {
        ledger.held(id, row.reply ?? b.reply);
        if (row.state === 'rejected') s.rejected--; else s.failed--;
        s.held++;
      }
    }
    const why = `${b.ids.length} recipients were refused with "${b.signature}" within ${b.seconds}s: the server is refusing our mail, ` +
      'not these addresses. Nobody was flagged for it; the refused rows are held and will be sent when you run send again after the block is lifted.';
    s.paused = { signature: b.signature, reply: maskIn(b.reply), count: b.ids.length, seconds: b.seconds, why };
    log.warn({ signature: b.signature, reply: maskIn(b.reply), count: b.ids.length }, 'sender block: sending paused');
    stop.abort();
    queue.clear();
  };

  // A message already in flight when the pause came, refused the same way: part of the block.
  const holdLate = (row: SendRow, reply: string) => {
    ledger.held(row.id, reply);
    s.rejected--;
    s.held++;
  };

  // Accepted messages are written to the ledger in small batches: one commit per message would
  // stall the SMTP connections on the event loop. A crash before a batch is written leaves those
  // rows "sending", which the next run settles as unknown and never re-sends (their Message-IDs
  // are already recorded, so their bounces still match).
  let accepted: { id: number; reply: string }[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  const flushSent = () => {
    if (flushTimer) { clearTimeout(flushTimer); flushTimer = null; }
    if (accepted.length) { ledger.sentMany(accepted); accepted = []; }
  };

  // The session cannot go on: say why (the first reason wins), and send nothing more this run.
  const halt = (why: string, fields: Record<string, unknown>, message: string) => {
    s.aborted ??= why;
    log.error(fields, message);
    stop.abort();
    queue.clear();
  };

  const record = async (row: SendRow, o: SmtpOutcome) => {
    if (o.kind === 'sent') {
      accepted.push({ id: row.id, reply: o.reply });
      s.sent++;
      if (accepted.length >= PAGE) flushSent();
      else flushTimer ??= setTimeout(flushSent, 200);
      return;
    }
    if (o.kind === 'unknown') {
      // Gone after the whole message went out: it may be queued there. Never sent again unasked.
      ledger.lost(row.id, o.reply);
      halt(`the SMTP server went away after a whole message without answering (${o.reply || 'no reply'}): whether it took it is unknown; `
        + 'check its log, then `send --resend-unknown` sends it again if it was not delivered',
      { sendId: row.id, reply: maskIn(o.reply) }, 'SMTP connection lost after a whole message was sent: its outcome is unknown (send --resend-unknown sends it again); stopping');
      return;
    }
    if (silent(o)) {
      // No server to talk to: nothing was said about this row; stop rather than defer everyone.
      putBack(row);
      halt(sessionTrouble(o.reply), { reply: maskIn(o.reply) }, 'SMTP server unreachable: stopping');
      return;
    }
    if (o.kind === 'deferred') {
      if (row.attempts + 1 >= retry.attempts) { ledger.expired(row.id, o.reply); s.expired++; return; }
      const nextAt = Date.now() + backoffMs(row.attempts + 1, { baseMs: retry.backoffSeconds * 1000 });
      ledger.deferred(row.id, o.reply, nextAt);
      s.deferred++;
      log.info({ sendId: row.id, to: maskAddress(row.address), reply: maskIn(o.reply) }, 'deferred');
      return;
    }
    if (o.kind === 'rejected') {
      const verdict = ports.classify(refusalFailure(row.address, o.reply, o.replyCode));
      ledger.rejected(row.id, o.reply, verdict.reason, verdict.hard);
      s.rejected++;
      log.info({ sendId: row.id, to: maskAddress(row.address), reply: maskIn(o.reply), reason: verdict.reason, hard: verdict.hard, rule: verdict.rule }, 'refused at RCPT TO');
      if (!verdict.hard && s.paused && signatureOf(o.reply, o.replyCode) === s.paused.signature) return holdLate(row, o.reply);
      // The block is judged as each refusal arrives, before the (slower) ledger commit: judged
      // after it, a refusal that arrived during another's commit was counted rejected, not held.
      if (!verdict.hard) {
        const b = detector.refused(row.id, o.reply, o.replyCode);
        if (b) pause(b);
      }
      await hand({ ...row, state: 'rejected' }, verdict);
      return;
    }
    // failed: our message or account.
    if (o.stage === 'auth' || o.stage === 'connection') {
      putBack(row);
      halt(o.stage === 'auth'
        ? `the SMTP server refused the session (${o.reply || 'no reply'}); check send.smtp.auth (user, password) and that the account may send`
        : sessionTrouble(o.reply), { stage: o.stage, reply: maskIn(o.reply) }, 'SMTP session refused: stopping');
      return;
    }
    if (s.paused && signatureOf(o.reply, o.replyCode) === s.paused.signature) { ledger.held(row.id, o.reply); s.held++; return; }
    ledger.failed(row.id, o.reply, Date.now());
    s.failed++;
    log.warn({ sendId: row.id, stage: o.stage, reply: maskIn(o.reply) }, 'message refused at ' + o.stage.toUpperCase());
    const b = detector.refused(row.id, o.reply, o.replyCode);
    if (b) pause(b);
  };

  // Rows are claimed ("sending", with their Message-IDs) a few at a time, in one commit, just
  // before they are queued: one commit per message would stall the SMTP connections. A crash
  // leaves at most one claim's worth plus those in flight as "unknown" (never re-sent); a stop
  // or pause puts claimed rows that never reached the server back as they were.
  const claimed = new Map<number, SendRow>();
  type Job = { row: SendRow; r: Recipient; msg: ReturnType<typeof buildMessage> };
  const claim = (items: { row: SendRow; r: Recipient }[]) => {
    const jobs: Job[] = items.map(({ row, r }) => ({ row, r, msg: buildMessage(opts, campaign, row.id, row.address, r.fields) }));
    ledger.sendingMany(jobs.map((j) => ({ id: j.row.id, messageId: j.msg.messageId })));
    for (const j of jobs) {
      claimed.set(j.row.id, j.row);
      void queue.add(() => attempt(j));
    }
  };

  const attempt = async ({ row, r, msg }: Job) => {
    if (stop.signal.aborted) return;
    claimed.delete(row.id);
    let outcome: SmtpOutcome;
    try {
      outcome = fromInfo((await transport.sendMail(msg)) as object);
    } catch (e) {
      outcome = fromError(e);
      if (silent(outcome) && sentWhole?.has(msg.messageId)) outcome = { kind: 'unknown', reply: outcome.reply };
    }
    sentWhole?.delete(msg.messageId);
    await record(row, outcome);
    if (outcome.kind === 'deferred' && ledger.get(row.id)?.state === 'deferred') later.set(row.id, r);
    tick();
  };

  const due = (row: SendRow, now: number) => run.resendUnknown ? row.state === 'unknown' : isDue(row, now, retry.attempts);

  const unlock = ledger.lock(campaign.name);
  try {
    s.interrupted = ledger.settleInterrupted(campaign.name);
    if (s.interrupted) log.warn({ count: s.interrupted }, 'rows were being sent when the last run stopped; they are not sent again');
    for (const row of ledger.unrecorded(campaign.name)) {
      await hand(row, ports.classify(refusalFailure(row.address, row.reply ?? '', /^\d{3}/.exec(row.reply ?? '')?.[0] ?? '550')));
    }
    run.started?.();

    const chunk = Math.max(4, queue.concurrency * 2);
    feed: for await (const page of pages(recipients, PAGE)) {
      if (stop.signal.aborted) break;
      const rows = ledger.upsertMany(campaign.name, page);
      const dueNow: { row: SendRow; r: Recipient }[] = [];
      for (let i = 0; i < page.length; i++) {
        const row = rows[i]!;
        const r = page[i]!;
        s.seen++;
        if (due(row, Date.now())) dueNow.push({ row, r });
        else if (!run.resendUnknown && row.state === 'deferred' && row.attempts < retry.attempts) later.set(row.id, r);
        else s.skipped++;
      }
      for (let i = 0; i < dueNow.length; i += chunk) {
        await queue.onSizeLessThan(chunk);
        if (stop.signal.aborted) break feed;
        const take = dueNow.slice(i, i + chunk).slice(0, run.limit === undefined ? chunk : Math.max(0, run.limit - attempts));
        if (!take.length) break feed;
        attempts += take.length;
        claim(take);
      }
    }
    await queue.onIdle();

    // Deferred rows: try again while the run is allowed to wait for them.
    const until = started + retry.waitSeconds * 1000;
    while (!stop.signal.aborted && later.size) {
      const rows = [...later.keys()].map((id) => ledger.get(id)!).filter((row) => row.state === 'deferred');
      if (!rows.length) break;
      const next = Math.min(...rows.map((row) => row.nextAt ?? 0));
      if (next > until) break;
      await sleep(Math.max(0, next - Date.now()), stop.signal);
      // Retries of this run's own deferred rows, in either mode (a resent row that got a 4xx is retried like any other).
      for (const row of rows.filter((x) => isDue(x, Date.now(), retry.attempts))) {
        if (run.limit !== undefined && attempts >= run.limit) break;
        attempts++;
        claim([{ row, r: later.get(row.id)! }]);
        later.delete(row.id);
      }
      await queue.onIdle();
    }
  } finally {
    await queue.onIdle();
    flushSent();
    for (const row of claimed.values()) putBack(row);
    unlock();
  }
  s.unknown = ledger.counts(campaign.name).unknown;
  s.deferred = [...later.keys()].filter((id) => ledger.get(id)?.state === 'deferred').length;
  s.elapsedMs = Date.now() - started;
  tick();
  // The campaign is the logger's own binding already.
  const { campaign: _, ...summary } = s;
  log.info({ ...summary, paused: s.paused?.signature }, 'send finished');
  return s;
}
