// The send ledger: one row per campaign + recipient row key, holding what happened to that
// recipient. Its id is the sendId inside the tracking token, and its Message-ID is recorded
// before the message goes out, so returned mail finds its row either way.
//
// States:  queued → sending → sent | deferred (4xx, retried) → expired
//                           → rejected (5xx at RCPT: about the address)
//                           → failed   (5xx at MAIL FROM / DATA: about our message; retried next run)
//                           → held     (refused as part of a sender block; retried next run)
//          sending left over from a crashed run, or whose connection went away after the server
//          had the whole message (no answer) → unknown: never sent again automatically,
//          because the server may already have taken it ("never twice" beats "never missed").
//          unknown → sending again only when the operator asks (send --resend-unknown); a resend
//          that crashes leaves it sending → unknown once more, and one that stops before the
//          server saw it puts it back to unknown, never to queued.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { asciiLower } from '../core/address.js';
import { BounceError } from '../core/errors.js';
import type { SendLookup, SendRecord } from '../match/index.js';

export type SendState = 'queued' | 'sending' | 'sent' | 'deferred' | 'expired' | 'rejected' | 'failed' | 'held' | 'unknown';

export type RowKey = string | number;

export interface SendRow {
  id: number;
  campaign: string;
  rowKey: RowKey;          // the recipients table's key, as the database returned it
  address: string;
  state: SendState;
  messageId: string | null;
  attempts: number;
  nextAt: number | null;   // ms since epoch, for deferred/failed
  reply: string | null;    // the server's last words, one line
  reason: string | null;   // classified reason of a RCPT-time refusal
  hard: boolean;           // that reason says the address is dead
  recorded: boolean;       // a RCPT-time refusal the pipeline has taken (events ledger → write-back)
  updatedAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sends (
  id INTEGER PRIMARY KEY,
  campaign TEXT NOT NULL,
  row_key TEXT NOT NULL,            -- JSON of the key, so 17 and "17" stay what they were
  address TEXT NOT NULL,
  state TEXT NOT NULL,
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER,
  reply TEXT,
  reason TEXT,
  hard INTEGER NOT NULL DEFAULT 0,
  recorded INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign, row_key)
);
CREATE INDEX IF NOT EXISTS sends_message_id ON sends (message_id);
CREATE TABLE IF NOT EXISTS send_locks (
  campaign TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  since INTEGER NOT NULL
);`;

type Raw = { id: number; campaign: string; row_key: string; address: string; state: SendState; message_id: string | null;
  attempts: number; next_at: number | null; reply: string | null; reason: string | null; hard: number; recorded: number; updated_at: number };

const toRow = (r: Raw | undefined): SendRow | null => r ? {
  id: r.id, campaign: r.campaign, rowKey: JSON.parse(r.row_key) as RowKey, address: r.address, state: r.state, messageId: r.message_id,
  attempts: r.attempts, nextAt: r.next_at, reply: r.reply, reason: r.reason, hard: r.hard === 1, recorded: r.recorded === 1, updatedAt: r.updated_at,
} : null;

/** Also the SendLookup port matching reads returned mail through (src/match). */
export interface SendLedger extends SendLookup {
  /** The ledger row for this campaign + row key, created as `queued` when new. */
  upsert(campaign: string, rowKey: RowKey, address: string): SendRow;
  /** The same for a page of recipients, in one transaction. */
  upsertMany(campaign: string, rows: { key: RowKey; address: string }[]): SendRow[];
  get(id: number): SendRow | null;
  /** The row for this campaign + row key if there is one; creates nothing (dry runs). */
  peek(campaign: string, rowKey: RowKey): SendRow | null;
  /** Mark as handed to the server, with the Message-ID it carries. */
  sending(id: number, messageId: string): void;
  /** The same for several rows in one commit. */
  sendingMany(rows: { id: number; messageId: string }[]): void;
  sent(id: number, reply: string): void;
  /** Many accepted messages in one transaction (the sender batches these; see sender.ts). */
  sentMany(done: { id: number; reply: string }[]): void;
  deferred(id: number, reply: string, nextAt: number): void;
  expired(id: number, reply: string): void;
  rejected(id: number, reply: string, reason: string, hard: boolean): void;
  /** The pipeline has taken this row's RCPT-time refusal. */
  recorded(id: number): void;
  /** Refused rows whose refusal did not reach the pipeline yet (a crash, a database outage). */
  unrecorded(campaign: string): SendRow[];
  failed(id: number, reply: string, nextAt: number): void;
  held(id: number, reply: string): void;
  /**
   * Put a row back as it was before `sending` (the run stopped before the server saw it): `queued`,
   * or `unknown` for a row being re-sent on request, so a plain send still never sends it.
   */
  requeue(id: number, to?: 'queued' | 'unknown'): void;
  /** The connection was lost after the whole message went out: `unknown` (it may have been accepted), the error kept. */
  lost(id: number, reply: string): void;
  /** Rows a crashed run left in `sending` become `unknown`; returns how many. */
  settleInterrupted(campaign: string): number;
  /** The campaign's `unknown` rows: how many, the first few (oldest first), and when they were handed over. */
  unknown(campaign: string, sample?: number): UnknownRows;
  counts(campaign: string): Record<SendState, number>;
  /** One sender per campaign at a time; release in finally. */
  lock(campaign: string): () => void;
  close(): void;
}

export interface UnknownRows {
  count: number;
  first: SendRow[];
  /** ms since epoch: when the oldest and newest of them were handed to the server. */
  oldest: number | null;
  newest: number | null;
}

export function openSendLedger(path: string): SendLedger {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: every commit survives the process dying (the case that matters for "never
  // twice": a killed or crashed sender); only an OS crash may lose the last few commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const q = {
    find: db.prepare<[string, string], Raw>('SELECT * FROM sends WHERE campaign = ? AND row_key = ?'),
    insert: db.prepare('INSERT INTO sends (campaign, row_key, address, state, updated_at) VALUES (?, ?, ?, \'queued\', ?)'),
    readdress: db.prepare('UPDATE sends SET address = ?, updated_at = ? WHERE id = ?'),
    get: db.prepare<[number], Raw>('SELECT * FROM sends WHERE id = ?'),
    byMid: db.prepare<[string], Raw>('SELECT * FROM sends WHERE message_id = ? ORDER BY id LIMIT 1'),
    sending: db.prepare('UPDATE sends SET state = \'sending\', message_id = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?'),
    set: db.prepare('UPDATE sends SET state = ?, reply = ?, reason = ?, next_at = ?, updated_at = ? WHERE id = ?'),
    hard: db.prepare('UPDATE sends SET hard = ? WHERE id = ?'),
    recorded: db.prepare('UPDATE sends SET recorded = 1, updated_at = ? WHERE id = ?'),
    unrecorded: db.prepare<[string], Raw>('SELECT * FROM sends WHERE campaign = ? AND state = \'rejected\' AND recorded = 0 ORDER BY id'),
    requeue: db.prepare('UPDATE sends SET state = ?, attempts = max(attempts - 1, 0), updated_at = ? WHERE id = ? AND state = \'sending\''),
    // updated_at is left as the claim set it: for an unknown row it says when it was handed to the
    // server, which is what the operator needs to judge a resend.
    settle: db.prepare('UPDATE sends SET state = \'unknown\' WHERE campaign = ? AND state = \'sending\''),
    lost: db.prepare('UPDATE sends SET state = \'unknown\', reply = ? WHERE id = ? AND state = \'sending\''),
    unknownSpan: db.prepare<[string], { n: number; oldest: number | null; newest: number | null }>('SELECT count(*) AS n, min(updated_at) AS oldest, max(updated_at) AS newest FROM sends WHERE campaign = ? AND state = \'unknown\''),
    unknownFirst: db.prepare<[string, number], Raw>('SELECT * FROM sends WHERE campaign = ? AND state = \'unknown\' ORDER BY updated_at, id LIMIT ?'),
    counts: db.prepare<[string], { state: SendState; n: number }>('SELECT state, count(*) AS n FROM sends WHERE campaign = ? GROUP BY state'),
    lockGet: db.prepare<[string], { pid: number }>('SELECT pid FROM send_locks WHERE campaign = ?'),
    lockPut: db.prepare('INSERT OR REPLACE INTO send_locks (campaign, pid, since) VALUES (?, ?, ?)'),
    lockDel: db.prepare('DELETE FROM send_locks WHERE campaign = ? AND pid = ?'),
  };
  const set = (id: number, state: SendState, reply: string | null, reason: string | null, nextAt: number | null) =>
    q.set.run(state, reply, reason, nextAt, Date.now(), id);

  const upsert = db.transaction((campaign: string, rowKey: RowKey, address: string): SendRow => {
    const key = JSON.stringify(rowKey);
    const found = toRow(q.find.get(campaign, key));
    if (!found) {
      const id = Number(q.insert.run(campaign, key, address, Date.now()).lastInsertRowid);
      return toRow(q.get.get(id))!;
    }
    // The address may have been corrected in the table since; only rows not yet tried follow it.
    if (found.address !== address && found.state === 'queued') {
      q.readdress.run(address, Date.now(), found.id);
      return { ...found, address };
    }
    return found;
  });

  const lock = db.transaction((campaign: string): void => {
    const holder = q.lockGet.get(campaign);
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      throw new BounceError('SEND_LOCKED', `Campaign "${campaign}" is being sent by another process (pid ${holder.pid}).`,
        { fix: 'Wait for it to finish, or stop it; a second sender would race the first.' });
    }
    q.lockPut.run(campaign, process.pid, Date.now());
  });

  const lookupMany = db.transaction((ids: number[]) => {
    const out = new Map<number, SendRecord>();
    for (const id of ids) {
      const r = record(toRow(q.get.get(id)));
      if (r) out.set(id, r);
    }
    return out;
  });

  return {
    upsert,
    upsertMany: db.transaction((campaign: string, rows: { key: RowKey; address: string }[]) => rows.map((r) => upsert(campaign, r.key, r.address))),
    get: (id) => toRow(q.get.get(id)),
    peek: (campaign, rowKey) => toRow(q.find.get(campaign, JSON.stringify(rowKey))),
    bySendId: async (id) => lookupMany([id]).get(id) ?? null,
    // One read transaction for a batch: in WAL mode each lone statement takes and drops its own
    // read lock, which cost four times the lookup itself.
    bySendIds: async (ids) => lookupMany(ids),
    byMessageId: async (mid) => record(toRow(q.byMid.get(normaliseMessageId(mid)))),
    sending: (id, messageId) => { q.sending.run(normaliseMessageId(messageId), Date.now(), id); },
    sendingMany: db.transaction((rows: { id: number; messageId: string }[]) => {
      const now = Date.now();
      for (const r of rows) q.sending.run(normaliseMessageId(r.messageId), now, r.id);
    }),
    sent: (id, reply) => { set(id, 'sent', reply, null, null); },
    sentMany: db.transaction((done: { id: number; reply: string }[]) => { for (const d of done) set(d.id, 'sent', d.reply, null, null); }),
    deferred: (id, reply, nextAt) => { set(id, 'deferred', reply, null, nextAt); },
    expired: (id, reply) => { set(id, 'expired', reply, null, null); },
    rejected: db.transaction((id: number, reply: string, reason: string, hard: boolean) => {
      set(id, 'rejected', reply, reason, null);
      q.hard.run(hard ? 1 : 0, id);
    }),
    recorded: (id) => { q.recorded.run(Date.now(), id); },
    unrecorded: (campaign) => q.unrecorded.all(campaign).map((r) => toRow(r)!),
    failed: (id, reply, nextAt) => { set(id, 'failed', reply, null, nextAt); },
    held: (id, reply) => { set(id, 'held', reply, null, null); },
    requeue: (id, to = 'queued') => { q.requeue.run(to, Date.now(), id); },
    lost: (id, reply) => { q.lost.run(reply, id); },
    settleInterrupted: (campaign) => q.settle.run(campaign).changes,
    unknown: db.transaction((campaign: string, sample = 5): UnknownRows => {
      const span = q.unknownSpan.get(campaign)!;
      return { count: span.n, first: q.unknownFirst.all(campaign, sample).map((r) => toRow(r)!), oldest: span.oldest, newest: span.newest };
    }),
    counts(campaign) {
      const out = { queued: 0, sending: 0, sent: 0, deferred: 0, expired: 0, rejected: 0, failed: 0, held: 0, unknown: 0 };
      for (const r of q.counts.all(campaign)) out[r.state] = r.n;
      return out;
    },
    lock(campaign) {
      lock(campaign);
      return () => { q.lockDel.run(campaign, process.pid); };
    },
    close: () => db.close(),
  };
}

// Only a message that may have left counts as ours: a row never handed to the server has no Message-ID.
function record(row: SendRow | null): SendRecord | null {
  if (!row || row.state === 'queued') return null;
  return { id: row.id, campaign: row.campaign, rowKey: row.rowKey, address: row.address, messageId: row.messageId };
}

/** Message-IDs are compared without angle brackets and, in the domain part, ASCII letter case ignored. */
export function normaliseMessageId(mid: string): string {
  const bare = mid.trim().replace(/^<|>$/g, '');
  const at = bare.lastIndexOf('@');
  return at < 0 ? bare : bare.slice(0, at) + '@' + asciiLower(bare.slice(at + 1));
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/**
 * The send ledger as the matcher sees it, for `run` and the service: opened on first use, and
 * only once a send has created it (before that, nothing was sent by us: an empty answer).
 */
export function sendLookup(path: string): SendLookup & { close(): void } {
  let ledger: SendLedger | null = null;
  const open = () => (ledger ??= existsSync(path) ? openSendLedger(path) : null);
  return {
    bySendId: async (id) => open()?.bySendId(id) ?? null,
    byMessageId: async (mid) => open()?.byMessageId(mid) ?? null,
    bySendIds: async (ids) => (await open()?.bySendIds(ids)) ?? new Map(),
    close: () => { ledger?.close(); ledger = null; },
  };
}
