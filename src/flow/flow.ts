import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { normalAddress } from '../core/address.js';
import { dbMessage, oneLine } from '../core/errors.js';
import { createLogger, silentLogger, type Logger } from '../core/log.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { sendLookup } from '../send/ledger.js';
import type { Processor, Source } from '../core/ports.js';
import type { Decoded, Outcome, Returned, Verdict } from '../core/types.js';
import { decode } from '../decode/index.js';
import { DecodePool, workerCount } from '../decode/pool.js';
import { Checkpoints } from '../ledger/checkpoints.js';
import { Ledger, type NewEvent } from '../ledger/index.js';
import { matchMany, noSends, type Match, type RowFinder, type SendLookup, type SendRecord } from '../match/index.js';
import { decide, fingerprint } from '../policy/decide.js';
import { isUnavailable, openDatabase, unavailable, type Database } from '../store/connect.js';
import { writePending, type WriteSummary } from '../store/write.js';
import { rowsByAddress } from '../store/lookup.js';
import { loadMapping, type Mapping } from '../store/mapping.js';
import { crmFault, crmRowFinder, crmWriteBack, crmWritesOptOut } from './crm.js';

// sources ──► decode ──► match ──► decide ──► ledger ──► ack ──► write-back
// Returned messages in small batches: a batch's events are committed to the ledger in one
// transaction before the source is told to move any of them; write-back then projects every
// pending event (this run's and any left over from a run that could not reach the database).

export interface Agent {
  config: Readonly<Config>;
  log: Logger;
  ledger: Ledger;
  database: Database;
  sends: SendLookup;
  /** Loaded on first use; null while the database cannot be reached. */
  mapping: Mapping | null;
  decode: (raw: Buffer) => Decoded;
  /** Decoding threads, started on first use; null = decode on this thread (or not started yet). */
  pool: DecodePool | null | undefined;
}

export async function openAgent(config: Readonly<Config>, opts: { log?: Logger; sends?: SendLookup; decode?: (raw: Buffer) => Decoded; dryRun?: boolean } = {}): Promise<Agent> {
  const log = opts.log ?? silentLogger;
  const database = await openDatabase(config.database, log.child({ component: 'database' }));
  // A dry run writes nothing anywhere, not even a new ledger: with none yet, it uses one in memory.
  const fresh = opts.dryRun && ('sqlite' in config.ledger ? !existsSync(config.ledger.sqlite) : !(await database.db.schema.hasTable(`${config.ledger.table}events`)));
  const open = { log: log.child({ component: 'ledger' }), dryRun: opts.dryRun };
  const ledger = fresh ? await Ledger.openSqlite(':memory:')
    : 'sqlite' in config.ledger ? await Ledger.openSqlite(config.ledger.sqlite, open) : await Ledger.openIn(database.db, config.ledger.table, database.adapter, open);
  // A decoder given by the caller (tests) runs here; otherwise decoding threads start on first use.
  return { config, log, ledger, database, sends: opts.sends ?? noSends, mapping: null, decode: opts.decode ?? ((raw) => decode(raw)), pool: opts.decode ? null : undefined };
}

/** The configured agent, as the commands open it: --config FILE, a logger on stderr. */
export async function openConfigured(configFile: string | undefined, opts: { dryRun?: boolean } = {}): Promise<Agent> {
  const config = loadConfig(configFile ?? DEFAULT_CONFIG_FILE);
  // Returned mail is matched against what `send` recorded (token → send, Message-ID → send).
  return openAgent(config, { log: createLogger({ pretty: process.stderr.isTTY }), sends: sendLookup(config.send.ledger), dryRun: opts.dryRun });
}

export async function closeAgent(agent: Agent): Promise<void> {
  await agent.pool?.close();
  await agent.ledger.close();
  await agent.database.db.destroy();
}

/** The mapping checked against the catalog; throws a coded error (table, column, down). */
export async function mappingOf(agent: Agent): Promise<Mapping> {
  agent.mapping ??= await loadMapping(agent.database.db, agent.database.adapter, agent.config as Config);
  return agent.mapping;
}

/** The mapping's config error (a where the database refuses, a column missing), or null: loaded, or the database cannot be reached. */
export async function mappingFault(agent: Agent): Promise<Error | null> {
  if (agent.config.crm) return crmFault(agent); // a preset's tables and columns, checked against the catalog
  try {
    await mappingOf(agent);
    return null;
  } catch (e) {
    if ((e as { code?: string }).code === 'DB_UNAVAILABLE' || isUnavailable(e)) return null;
    return e instanceof Error ? e : new Error(String(e));
  }
}

export interface RunSummary {
  runId: string;
  dryRun: boolean;
  messages: number;
  failures: number;
  flag: number;
  soft: number;
  optout: number;
  ignored: number;
  review: number;
  unmatched: number;
  errors: number;
  alreadySeen: number;
  write: WriteSummary | null;
  problems: string[];
}

export async function writeBack(agent: Agent, ledger: Ledger, runId: string, dryRun: boolean, s: RunSummary): Promise<WriteSummary | null> {
  // crm: a preset's write shapes instead of the mapped table (src/store/shapes/).
  if (agent.config.crm) return crmWriteBackOf(agent, ledger, runId, dryRun, s);
  let mapping: Mapping;
  try {
    mapping = await mappingOf(agent);
  } catch (e) {
    s.problems.push(dbMessage(e));
    return null;
  }
  const w = await writePendingOf(agent, mapping, ledger, runId, dryRun);
  if (w.error) s.problems.push(`write-back: ${w.error}`);
  return w;
}

async function crmWriteBackOf(agent: Agent, ledger: Ledger, runId: string, dryRun: boolean, s: RunSummary): Promise<WriteSummary | null> {
  try {
    const w = await crmWriteBack(agent, ledger, runId, dryRun);
    if (w.error) s.problems.push(`write-back: ${w.error}`);
    return w;
  } catch (e) {
    s.problems.push(dbMessage(e));
    return null;
  }
}

/** The write-back of every pending event with this agent's database, policy and limits. */
export function writePendingOf(agent: Agent, mapping: Mapping, ledger: Ledger, runId: string, dryRun: boolean): Promise<WriteSummary> {
  const { db, adapter } = agent.database;
  const c = agent.config.database;
  return writePending({ db, adapter, mapping, ledger, runId, policy: agent.config.policy, dryRun, batchSize: c.batchSize, lockTimeoutMs: c.lockTimeoutMs, log: agent.log.child({ component: 'writeback' }) });
}

export interface Processed { outcome: Outcome; kind: Decoded['kind']; unmatched: number }

/** decode → match → decide → ledger commit; returns how the source should file the message. */
export async function processReturned(agent: Agent, ledger: Ledger, runId: string, returned: Returned, s: RunSummary): Promise<Processed> {
  const [r] = await processBatch(agent, ledger, runId, [returned], s);
  if (r instanceof Error) throw r;
  return r;
}

/**
 * A batch of messages: decode each, match all recipients at once, read their soft-bounce history
 * at once, and commit every event in ONE ledger transaction. The caller acks only after this
 * returns. A message that fails alone comes back as its Error (the rest are recorded): one its
 * source could not read, undecoded; one the ledger refused. An error of the infrastructure
 * (database down) throws, and nothing of the batch is acked.
 */
export async function processBatch(agent: Agent, ledger: Ledger, runId: string, batch: Returned[], s: RunSummary): Promise<(Processed | Error)[]> {
  const readable = batch.filter((r) => !r.unreadable);
  const done = readable.length ? await recordBatch(agent, ledger, runId, readable, s) : [];
  let k = 0;
  return batch.map((r) => {
    if (!r.unreadable) return done[k++];
    s.messages++;
    return r.unreadable;
  });
}

async function recordBatch(agent: Agent, ledger: Ledger, runId: string, batch: Returned[], s: RunSummary): Promise<(Processed | Error)[]> {
  const decoded = await decodeBatch(agent, batch);
  const items = batch.flatMap((r, i) => decoded[i].recipients.map((verdict) => ({ i, decoded: decoded[i], verdict })));
  const matches = await matchMany(items, { sends: agent.sends, rows: agent.config.policy.match === 'address' ? rowFinder(agent) : null, secret: agent.config.send.secret });
  const history = await softHistory(agent, ledger, batch, matches);
  const events: NewEvent[][] = batch.map(() => []);
  items.forEach((it, k) => events[it.i].push(eventFor(agent, history, batch[it.i], decoded[it.i].kind, it.verdict, matches[k])));
  batch.forEach((r, i) => { if (!events[i].length) events[i].push(eventFor(agent, history, r, decoded[i].kind, null, null, decoded[i].error)); });

  const fresh = await recordAll(ledger, runId, events);
  return batch.map((r, i) => {
    s.messages++;
    const d = decoded[i];
    const f = fresh[i];
    if (f instanceof Error) return f;
    for (const v of d.recipients) if (v.action === 'failed') s.failures++;
    // A message read again adds nothing: it is counted as seen, not as new flags.
    if (f === 0) s.alreadySeen++;
    else for (const e of events[i]) count(s, e.decision);
    agent.log.info({ source: r.source, id: r.id, kind: d.kind, decisions: events[i].map((e) => e.decision) }, 'message recorded');
    const outcome: Outcome = d.kind === 'error' ? 'quarantined'
      : d.kind === 'not-bounce' || (d.kind === 'bounce' && d.recipients.length === 0) ? 'unrecognised' : 'processed';
    return { outcome, kind: d.kind, unmatched: events[i].filter((e) => e.decision === 'unmatched').length };
  });
}

/** Decoded ahead by the source where it could, else now; a failed decode-ahead is decoded again. */
async function decodeBatch(agent: Agent, batch: Returned[]): Promise<Decoded[]> {
  const early = await Promise.all(batch.map((r) => r.decoded?.catch(() => undefined)));
  const todo = batch.filter((_, i) => !early[i]);
  const late = todo.length ? await decodeAll(agent, todo.map((r) => r.raw)) : [];
  let k = 0;
  return early.map((d) => d ?? late[k++]);
}

/** The decoder as sources use it to decode what they read ahead (SourceDeps.decodeAhead). */
export function decoderOf(agent: Agent): (raws: Buffer[]) => Promise<Decoded[]> {
  return (raws) => decodeAll(agent, raws);
}

async function decodeAll(agent: Agent, raws: Buffer[]): Promise<Decoded[]> {
  if (agent.pool === undefined) {
    const a = agent.config.agent;
    agent.pool = DecodePool.create({ workers: workerCount(a.decodeWorkers), timeoutMs: a.decodeTimeoutSeconds * 1000, log: agent.log.child({ component: 'decode' }) });
  }
  return agent.pool ? agent.pool.decodeMany(raws) : raws.map((raw) => decodeSafely(agent, raw));
}

function decodeSafely(agent: Agent, raw: Buffer): Decoded {
  try {
    return agent.decode(raw);
  } catch (e) {
    return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: oneLine(e) };
  }
}

/** One transaction for the whole batch; if it fails, each message alone, so one bad message fails alone. */
async function recordAll(ledger: Ledger, runId: string, events: NewEvent[][]): Promise<(number | Error)[]> {
  try {
    const fresh = await ledger.recordFresh(runId, events.flat());
    return events.map((es) => es.filter((e) => fresh.has(e.eventKey)).length);
  } catch (e) {
    if (isUnavailable(e) || events.length === 1) throw isUnavailable(e) ? unavailable(e) : e;
  }
  const out: (number | Error)[] = [];
  for (const es of events) {
    try {
      out.push(await ledger.record(runId, es));
    } catch (e) {
      if (isUnavailable(e)) throw unavailable(e);
      out.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

/**
 * Soft-bounce history for the batch: the earlier counted days of every matched row, read in one
 * query, then added to as the batch's own events are decided in order (they are not committed yet).
 */
interface SoftHistory { days(rowKey: string, at: Date): string[]; add(rowKey: string, day: string): void }

async function softHistory(agent: Agent, ledger: Ledger, batch: Returned[], matches: Match[]): Promise<SoftHistory> {
  const within = agent.config.policy.soft.withinDays;
  const keys = matches.filter((m) => m.rowKey != null).map((m) => String(m.rowKey));
  const ats = batch.map((r) => receivedAt(r).getTime());
  const since = (t: number) => new Date(t - (within - 1) * DAY_MS).toISOString().slice(0, 10);
  const known = keys.length ? await ledger.softDaysMany(keys, since(Math.min(...ats)), new Date(Math.max(...ats)).toISOString().slice(0, 10)) : new Map<string, string[]>();
  return {
    days: (rowKey, at) => {
      const from = since(at.getTime());
      const to = at.toISOString().slice(0, 10);
      return [...new Set(known.get(rowKey) ?? [])].filter((d) => d >= from && d <= to);
    },
    add: (rowKey, day) => known.set(rowKey, [...(known.get(rowKey) ?? []), day]),
  };
}

const DAY_MS = 86_400_000;
// Read once per message: a source without a date gets one, the same for all its events.
const receivedAtOf = new WeakMap<Returned, Date>();
function receivedAt(r: Returned): Date {
  let at = receivedAtOf.get(r);
  if (!at) receivedAtOf.set(r, (at = r.receivedAt ?? new Date()));
  return at;
}

export function emptySummary(runId: string, dryRun: boolean): RunSummary {
  return { runId, dryRun, messages: 0, failures: 0, flag: 0, soft: 0, optout: 0, ignored: 0, review: 0, unmatched: 0, errors: 0, alreadySeen: 0, write: null, problems: [] };
}

/**
 * The pipeline as the long-running service (src/runner) drives it: a batch of messages at a time
 * (decode → one ledger commit; the caller acks), and write-back when it chooses. writeBack throws
 * while the database cannot be reached, so the service can back off; events wait in the ledger.
 */
export function processor(agent: Agent): Processor & { summary: RunSummary } {
  let runId: string | null = null;
  const s = emptySummary('', false);
  const run = async () => (runId ??= await agent.ledger.startRun());
  return {
    summary: s,
    async handle(m: Returned) {
      return processReturned(agent, agent.ledger, await run(), m, s);
    },
    async handleMany(ms: Returned[]) {
      return processBatch(agent, agent.ledger, await run(), ms, s);
    },
    async writeBack(): Promise<{ written: number; pending: number }> {
      const id = await run();
      const before = s.problems.length;
      const w = await writeBack(agent, agent.ledger, id, false, s);
      if (!w || w.error) throw new Error(s.problems.slice(before).join('; ') || 'write-back failed');
      await agent.ledger.finishRun(id, { ...s, runId: id });
      Object.assign(s, emptySummary('', false));
      runId = null;
      return { written: w.rowsChanged, pending: w.pendingLeft };
    },
  };
}

function eventFor(agent: Agent, history: SoftHistory, r: Returned, kind: Decoded['kind'], v: Verdict | null, m: Match | null, error?: string): NewEvent {
  const policy = agent.config.policy;
  const at = receivedAt(r);
  const rowKey = m?.rowKey == null ? null : String(m.rowKey);
  const day = at.toISOString().slice(0, 10);
  const d = decide({ kind, verdict: v, match: m ?? { by: 'none', strength: 'none', rowKey: null, note: null }, softDaysBefore: rowKey ? history.days(rowKey, at) : [], day }, policy, { optOut: !!agent.config.flags?.optOut || crmWritesOptOut(agent) });
  if (rowKey && d.softCounted) history.add(rowKey, day);
  const address = m?.address ?? (v ? normalAddress(v.address) : '');
  return {
    eventKey: eventKey(r.source, r.id, address), source: r.source, sourceId: r.id, receivedAt: at, kind, address, rowKey,
    matchBy: m?.by ?? 'none', matchStrength: m?.strength ?? 'none', matchNote: m?.note ?? null,
    reason: v?.reason ?? null, status: v?.status ?? null, replyCode: v?.replyCode ?? null,
    diagnostic: v?.diagnostic ?? error ?? null, rule: v?.rule ?? null, decodedBy: v?.decodedBy ?? null,
    decision: d.decision, why: d.why, softCounted: d.softCounted, softCount: d.softCount,
    fingerprint: v && d.decision === 'flag' ? fingerprint(v) : null,
  };
}

function eventKey(source: string, id: string, address: string): string {
  const key = `${source}\n${id}\n${address}`;
  return key.length <= 700 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function count(s: RunSummary, decision: NewEvent['decision']): void {
  if (decision === 'flag') s.flag++;
  else if (decision === 'soft') s.soft++;
  else if (decision === 'optout') s.optout++;
  else if (decision === 'review') s.review++;
  else if (decision === 'unmatched') s.unmatched++;
  else if (decision === 'error') s.errors++;
  else s.ignored++;
}

/** Address matching: the row must exist (and be inside recipients.where); asked for 500 addresses at a time (src/store/lookup.ts). */
function rowFinder(agent: Agent): RowFinder {
  if (agent.config.crm) return crmRowFinder(agent); // a preset: a live record of the app holds the address
  return {
    async byAddresses(addresses, spellings = []) {
      const out = new Map<string, string | number>();
      try {
        const m = await mappingOf(agent);
        for (let i = 0; i < addresses.length; i += 500) {
          const part = addresses.slice(i, i + 500);
          const inPart = new Set(part);
          const found = await rowsByAddress(agent.database.db, m, part, spellings.filter((s) => inPart.has(normalAddress(s))));
          for (const [address, key] of found) out.set(address, key);
        }
        return out;
      } catch (e) {
        throw isUnavailable(e) ? unavailable(e) : e;
      }
    },
  };
}

export interface SendTimeFailure {
  send: SendRecord;
  verdict: Verdict;   // classified from the 5xx reply seen at RCPT TO
  at?: Date;
}

/**
 * The sender's path: recipients refused during sending go through the same decide → ledger →
 * write-back as returned mail. The send is ours, so the match is strong. Keyed by send id,
 * so recording the same refusal twice changes nothing. With `writeBack: false` only the events
 * are committed; the caller runs the write-back (`send` coalesces them, see src/send/writebacks.ts).
 */
export async function recordSendTimeFailures(agent: Agent, failures: SendTimeFailure[], runId?: string, opts: { writeBack?: boolean } = {}): Promise<RunSummary> {
  const id = runId ?? (await agent.ledger.startRun());
  const s = { ...emptySummary(id, false), failures: failures.length };
  const returned: Returned[] = failures.map((f) => ({ source: 'send-time', id: String(f.send.id), raw: Buffer.alloc(0), receivedAt: f.at ?? new Date() }));
  const matches = failures.map((f): Match => ({ by: 'token', strength: 'strong', rowKey: f.send.rowKey, address: normalAddress(f.send.address), note: 'refused during sending' }));
  const history = await softHistory(agent, agent.ledger, returned, matches);
  const events = failures.map((f, i) => eventFor(agent, history, returned[i], 'bounce', f.verdict, matches[i]));
  await agent.ledger.record(id, events);
  for (const e of events) count(s, e.decision);
  if (opts.writeBack !== false) s.write = await writeBack(agent, agent.ledger, id, false, s);
  if (!runId) await agent.ledger.finishRun(id, s);
  return s;
}

/** A send's run in the events ledger, as its runs table keeps it: the usual summary and how its write-backs went. */
export interface SendTimeSummary extends RunSummary {
  /** Write-backs this send ran, and the most that were running at the same moment. */
  writeBacks: { runs: number; mostAtOnce: number };
}

export interface SendTimeRun {
  /** Commits these refusals' events (one transaction) under the send's run; writes nothing back. */
  record(failures: SendTimeFailure[]): Promise<RunSummary>;
  /** Writes back every pending event under the send's run; returns the problems (database down). */
  writeBack(): Promise<string[]>;
  /** Records the run's summary (once nothing is running). */
  finish(): Promise<void>;
}

/**
 * One `send` is one run of the events ledger, started at its first refusal: its events and the
 * changes its write-backs make share the run id, so `events --run` shows them together and
 * `undo --run` takes back what the send flagged. The caller decides when write-backs run.
 */
export function sendTimeRun(agent: Agent): SendTimeRun {
  let started: Promise<string> | null = null;
  let s: SendTimeSummary | null = null;
  let running = 0;
  const run = () => (started ??= agent.ledger.startRun().then((id) => {
    s = { ...emptySummary(id, false), writeBacks: { runs: 0, mostAtOnce: 0 } };
    return id;
  }));
  return {
    async record(failures) {
      const r = await recordSendTimeFailures(agent, failures, await run(), { writeBack: false });
      const t = s!;
      t.failures += r.failures;
      t.flag += r.flag; t.soft += r.soft; t.optout += r.optout; t.ignored += r.ignored; t.review += r.review; t.unmatched += r.unmatched; t.errors += r.errors;
      return r;
    },
    async writeBack() {
      if (!started) return [];
      const id = await started;
      const t = s!;
      // Counted here, below whatever schedules the write-backs, so the runs table shows whether they overlapped.
      t.writeBacks.runs++;
      t.writeBacks.mostAtOnce = Math.max(t.writeBacks.mostAtOnce, ++running);
      const before = t.problems.length;
      try {
        const w = await writeBack(agent, agent.ledger, id, false, t);
        if (w) t.write = addWrite(t.write, w);
      } finally {
        running--;
      }
      return t.problems.slice(before);
    },
    async finish() {
      if (started) await agent.ledger.finishRun(await started, s!);
    },
  };
}

function addWrite(a: WriteSummary | null, b: WriteSummary): WriteSummary {
  if (!a) return b;
  return {
    rowsChanged: a.rowsChanged + b.rowsChanged, unchanged: a.unchanged + b.unchanged, skipped: a.skipped + b.skipped,
    review: a.review + b.review, batches: a.batches + b.batches, retries: a.retries + b.retries,
    longestBatchMs: Math.max(a.longestBatchMs, b.longestBatchMs),
    // As the last one left them.
    pendingLeft: b.pendingLeft, error: b.error, changes: [...a.changes, ...b.changes],
  };
}
