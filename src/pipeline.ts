import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Processor } from './agent/agent.js';
import type { Config } from './config/schema.js';
import { oneLine } from './core/errors.js';
import { silentLogger, type Logger } from './core/log.js';
import type { Source } from './core/ports.js';
import type { Decoded, Outcome, Returned, Verdict } from './core/types.js';
import { decode } from './decode/index.js';
import { Ledger, type NewEvent } from './ledger/index.js';
import { match, noSends, normalAddress, type Match, type RowFinder, type SendLookup, type SendRecord } from './match/index.js';
import { decide, fingerprint } from './policy/decide.js';
import { dbMessage, isUnavailable, openDatabase, unavailable, type Database } from './writeback/connect.js';
import { writePending, type WriteSummary } from './writeback/index.js';
import { from, loadMapping, restrict, type Mapping } from './writeback/mapping.js';

// sources ──► decode ──► match ──► decide ──► ledger ──► ack ──► write-back
// One returned message at a time: its events are committed to the ledger before the source
// is told to move it; write-back then projects every pending event (this run's and any left
// over from a run that could not reach the database).

export interface Agent {
  config: Readonly<Config>;
  log: Logger;
  ledger: Ledger;
  database: Database;
  sends: SendLookup;
  /** Loaded on first use; null while the database cannot be reached. */
  mapping: Mapping | null;
  decode: (raw: Buffer) => Decoded;
}

export async function openAgent(config: Readonly<Config>, opts: { log?: Logger; sends?: SendLookup; decode?: (raw: Buffer) => Decoded; dryRun?: boolean } = {}): Promise<Agent> {
  const log = opts.log ?? silentLogger;
  const database = await openDatabase(config.database, log.child({ component: 'database' }));
  // A dry run writes nothing anywhere, not even a new ledger: with none yet, it uses one in memory.
  const fresh = opts.dryRun && ('sqlite' in config.ledger ? !existsSync(config.ledger.sqlite) : !(await database.db.schema.hasTable(`${config.ledger.table}events`)));
  const ledger = fresh ? await Ledger.openSqlite(':memory:')
    : 'sqlite' in config.ledger ? await Ledger.openSqlite(config.ledger.sqlite) : await Ledger.openIn(database.db, config.ledger.table);
  return { config, log, ledger, database, sends: opts.sends ?? noSends, mapping: null, decode: opts.decode ?? ((raw) => decode(raw)) };
}

export async function closeAgent(agent: Agent): Promise<void> {
  await agent.ledger.close();
  await agent.database.db.destroy();
}

/** The mapping checked against the catalog; throws a coded error (table, column, down). */
export async function mappingOf(agent: Agent): Promise<Mapping> {
  agent.mapping ??= await loadMapping(agent.database.db, agent.database.adapter, agent.config as Config);
  return agent.mapping;
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

/** One pass over the sources, then write-back. The IMAP service calls this in its loop. */
export async function runOnce(agent: Agent, sources: Source[], opts: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<RunSummary> {
  const dryRun = opts.dryRun ?? false;
  const work = async (ledger: Ledger) => {
    const runId = await ledger.startRun();
    const s = emptySummary(runId, dryRun);
    const signal = opts.signal ?? new AbortController().signal;
    for (const source of sources) {
      try {
        for await (const returned of source.pull(signal)) {
          const { outcome } = await processReturned(agent, ledger, runId, returned, s);
          if (!dryRun) await source.ack(returned.id, outcome);
        }
      } catch (e) {
        // A message we could not record stays in its source; the next run reads it again.
        s.problems.push(`${source.name}: ${dbMessage(e)}`);
        agent.log.error({ source: source.name, err: dbMessage(e) }, 'source stopped');
      }
    }
    s.write = await writeBack(agent, ledger, runId, dryRun, s);
    await ledger.finishRun(runId, s);
    return s;
  };
  return dryRun ? agent.ledger.dryRun(work) : work(agent.ledger);
}

async function writeBack(agent: Agent, ledger: Ledger, runId: string, dryRun: boolean, s: RunSummary): Promise<WriteSummary | null> {
  let mapping: Mapping;
  try {
    mapping = await mappingOf(agent);
  } catch (e) {
    s.problems.push(dbMessage(e));
    return null;
  }
  const { db, adapter } = agent.database;
  const c = agent.config.database;
  const w = await writePending({ db, adapter, mapping, ledger, runId, policy: agent.config.policy, dryRun, batchSize: c.batchSize, lockTimeoutMs: c.lockTimeoutMs, log: agent.log.child({ component: 'writeback' }) });
  if (w.error) s.problems.push(`write-back: ${w.error}`);
  return w;
}

/** decode → match → decide → ledger commit; returns how the source should file the message. */
export async function processReturned(agent: Agent, ledger: Ledger, runId: string, returned: Returned, s: RunSummary): Promise<{ outcome: Outcome; kind: Decoded['kind']; unmatched: number }> {
  s.messages++;
  let decoded: Decoded;
  try {
    decoded = agent.decode(returned.raw);
  } catch (e) {
    decoded = { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: oneLine(e) };
  }
  const at = returned.receivedAt ?? new Date();
  const events: NewEvent[] = [];
  const rows = agent.config.policy.match === 'address' ? rowFinder(agent) : null;
  for (const verdict of decoded.recipients) {
    if (verdict.action === 'failed') s.failures++;
    const m = await match(decoded, verdict, { sends: agent.sends, rows, secret: agent.config.send.secret });
    events.push(await eventFor(agent, ledger, returned, decoded.kind, verdict, m, at));
  }
  if (decoded.recipients.length === 0) events.push(await eventFor(agent, ledger, returned, decoded.kind, null, null, at, decoded.error));
  const fresh = await ledger.record(runId, events);
  // A message read again adds nothing: it is counted as seen, not as new flags.
  if (fresh === 0) s.alreadySeen++;
  else for (const e of events) count(s, e.decision);
  agent.log.info({ source: returned.source, id: returned.id, kind: decoded.kind, decisions: events.map((e) => e.decision) }, 'message recorded');
  const unmatched = events.filter((e) => e.decision === 'unmatched').length;
  const outcome: Outcome = decoded.kind === 'error' ? 'quarantined'
    : decoded.kind === 'not-bounce' || (decoded.kind === 'bounce' && decoded.recipients.length === 0) ? 'unrecognised' : 'processed';
  return { outcome, kind: decoded.kind, unmatched };
}

function emptySummary(runId: string, dryRun: boolean): RunSummary {
  return { runId, dryRun, messages: 0, failures: 0, flag: 0, soft: 0, optout: 0, ignored: 0, review: 0, unmatched: 0, errors: 0, alreadySeen: 0, write: null, problems: [] };
}

/**
 * The pipeline as the long-running service (src/agent) drives it: one message at a time
 * (decode → ledger commit; the caller acks), and write-back when it chooses. writeBack throws
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

async function eventFor(agent: Agent, ledger: Ledger, r: Pick<Returned, 'source' | 'id'>, kind: Decoded['kind'], v: Verdict | null, m: Match | null, at: Date, error?: string): Promise<NewEvent> {
  const policy = agent.config.policy;
  const rowKey = m?.rowKey == null ? null : String(m.rowKey);
  const day = at.toISOString().slice(0, 10);
  const softDaysBefore = rowKey ? await ledger.softDays(rowKey, at, policy.soft.withinDays) : [];
  const d = decide({ kind, verdict: v, match: m ?? { by: 'none', strength: 'none', rowKey: null, note: null }, softDaysBefore, day }, policy, { optOut: !!agent.config.flags.optOut });
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

/** Address matching: the row must exist (and be inside recipients.where). */
function rowFinder(agent: Agent): RowFinder {
  return {
    async byAddress(address) {
      try {
        const m = await mappingOf(agent);
        const row = await restrict(from(agent.database.db, m).first(m.key).whereRaw('LOWER(TRIM(??)) = ?', [m.email, address]), m);
        return row ? (row[m.key] as string | number) : null;
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
 * so recording the same refusal twice changes nothing.
 */
export async function recordSendTimeFailures(agent: Agent, failures: SendTimeFailure[], runId?: string): Promise<RunSummary> {
  const id = runId ?? (await agent.ledger.startRun());
  const s = { ...emptySummary(id, false), failures: failures.length };
  const events: NewEvent[] = [];
  for (const f of failures) {
    const m: Match = { by: 'token', strength: 'strong', rowKey: f.send.rowKey, address: normalAddress(f.send.address), note: 'refused during sending' };
    events.push(await eventFor(agent, agent.ledger, { source: 'send-time', id: String(f.send.id) }, 'bounce', f.verdict, m, f.at ?? new Date()));
  }
  await agent.ledger.record(id, events);
  for (const e of events) count(s, e.decision);
  s.write = await writeBack(agent, agent.ledger, id, false, s);
  if (!runId) await agent.ledger.finishRun(id, s);
  return s;
}
