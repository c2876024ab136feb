import { createHash } from 'node:crypto';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { BounceError, oneLine } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Source } from '../core/ports.js';
import type { Decoded, Outcome, Returned } from '../core/types.js';
import type { Checkpoints } from '../ledger/checkpoints.js';

/** The `sources: - imap:` block of the config. */
export interface ImapOptions {
  name?: string;
  host: string;
  port?: number;                 // default 993 when secure, else 143
  secure?: boolean;              // implicit TLS; false = STARTTLS
  requireTLS?: boolean;          // default true: with secure false, no STARTTLS = no login (false: log in in clear)
  tls?: { rejectUnauthorized?: boolean; ca?: string; servername?: string };
  user: string;
  password: string;
  mailbox?: string;              // default INBOX
  processed?: string;            // default Processed; folders are created if missing
  unrecognised?: string;         // default Unrecognised
  quarantine?: string;           // default Quarantine
  idle?: boolean;                // default true: IDLE where offered; false = poll only
  pollSeconds?: number;          // default 60: re-check even when IDLE says nothing
  batch?: number;                // messages per FETCH round, default 200
  batchBytes?: number;           // bytes per FETCH round, default 16 MB
  maxBytes?: number;             // larger messages are fetched cut at maxBytes+1 (the decoder refuses them)
  moveBatch?: number;            // messages moved per MOVE command while a backlog is read, default 2000
  timeoutSeconds?: number;       // no answer for this long = stalled connection, reconnect (default 300)
}

/** Starts decoding messages as soon as they are fetched (on the agent's decoding threads). */
export type DecodeAhead = (raws: Buffer[]) => Promise<Decoded[]>;

export interface ImapDeps { checkpoints: Checkpoints; log: Logger; decodeAhead?: DecodeAhead }

interface Round { messages: FetchMessageObject[]; decoded?: Promise<Decoded[]> }

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const UNTRUSTED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED']);

/**
 * Reads a bounce mailbox by UID from a checkpoint, without setting \Seen, a bounded batch at a
 * time (memory does not grow with the mailbox). ack() only queues the move; queued moves run on a
 * second connection while the first keeps fetching, and when the pull ends, so a crash before
 * them only means a re-read, which the keyed ledger makes harmless. Ids are a hash of the
 * message, so they survive a UIDVALIDITY change.
 */
export class ImapSource implements Source {
  readonly name: string;
  private readonly o: Required<Omit<ImapOptions, 'name' | 'tls'>> & { tls: ImapOptions['tls'] };
  private readonly log: Logger;
  private client: ImapFlow | null = null;
  private mover: ImapFlow | null = null;  // a second connection: moves never hold up a FETCH
  private readonly uidsById = new Map<string, number[]>();
  private readonly pending = new Map<Outcome, Set<number>>();
  private readonly done = new Set<number>();
  private order: number[] = [];           // UIDs handed out in this pull, ascending
  private newMail = false;
  private wake: (() => void) | null = null;
  private noMoveWarned = false;
  private found: number | undefined;

  constructor(opts: ImapOptions, private readonly deps: ImapDeps) {
    this.name = opts.name ?? `imap:${opts.user}@${opts.host}`;
    const secure = opts.secure ?? true;
    this.o = {
      host: opts.host, port: opts.port ?? (secure ? 993 : 143), secure, requireTLS: opts.requireTLS ?? true, tls: opts.tls, user: opts.user, password: opts.password,
      mailbox: opts.mailbox ?? 'INBOX', processed: opts.processed ?? 'Processed', unrecognised: opts.unrecognised ?? 'Unrecognised',
      quarantine: opts.quarantine ?? 'Quarantine', idle: opts.idle ?? true, pollSeconds: opts.pollSeconds ?? 60,
      batch: opts.batch ?? 200, batchBytes: opts.batchBytes ?? 16 << 20, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, moveBatch: opts.moveBatch ?? 2000,
      timeoutSeconds: opts.timeoutSeconds ?? 300,
    };
    this.log = deps.log.child({ source: this.name });
    if (opts.tls?.rejectUnauthorized === false) this.log.warn('TLS certificate verification is turned off for this IMAP source (tls.rejectUnauthorized: false)');
    if (!secure && !this.o.requireTLS) this.log.warn('requireTLS: false: if the IMAP server offers no STARTTLS, the password is sent in clear');
  }

  async *pull(signal: AbortSignal): AsyncGenerator<Returned> {
    const client = await this.connect();
    const lock = await client.getMailboxLock(this.o.mailbox);
    this.newMail = false;
    // Moves queued by a pull that ended without running them (connection lost) name UIDs that may
    // no longer hold (UIDVALIDITY): forget them; those messages are read again, harmlessly.
    this.pending.clear();
    const box = client.mailbox;
    const uidValidity = String(box ? box.uidValidity : 0);
    let ahead: Promise<Round | null> = Promise.resolve(null);
    let moving: Promise<void> = Promise.resolve();
    let moveBusy = false;
    let moveError: unknown = null;
    const mark = { lastUid: -1 };         // the checkpoint as the moves advance it (-1: not read yet)
    try {
      let cp = await this.deps.checkpoints.get(this.name, this.o.mailbox);
      if (cp && cp.uidValidity !== uidValidity) {
        this.log.warn({ was: cp.uidValidity, now: uidValidity }, 'UIDVALIDITY changed: rescanning the whole mailbox (events are keyed, nothing is counted twice)');
        cp = null;
      }
      mark.lastUid = cp?.lastUid ?? 0;
      const from = mark.lastUid + 1;
      this.order = [];
      this.done.clear();
      // "n:*" always includes the highest UID, even below n: filter.
      const found = ((await client.search({ uid: `${from}:*`, deleted: false }, { uid: true })) || []).filter((u) => u >= from);
      this.found = found.length;
      // Rounds of at most `batch` messages and `batchBytes`. The next round is read while the
      // caller works on this one (the server's wait and ours overlap); the moves of a round are
      // run after its last message is handed out, so they always follow the caller's commit.
      let slice = 0;
      let planned: number[][] = [];
      // The round read ahead is also decoded ahead (on other threads) while the caller works.
      const nextRound = async (): Promise<Round | null> => {
        while (!planned.length && slice < found.length) {
          // Sizes for ten rounds in one FETCH: one round trip fewer per round.
          planned = await this.sizeGroups(client, found.slice(slice, (slice += 10 * this.o.batch)));
        }
        const group = planned.shift();
        if (!group) return null;
        const messages = await client.fetchAll(uidSet(group), { uid: true, internalDate: true, source: { maxLength: this.o.maxBytes + 1 } }, { uid: true });
        const decoded = this.deps.decodeAhead?.(messages.map((m) => m.source ?? Buffer.alloc(0)));
        decoded?.catch(() => undefined); // the caller decodes again if this failed
        return { messages, decoded };
      };
      ahead = nextRound();
      ahead.catch(() => undefined); // awaited below; a failure surfaces there
      while (!signal.aborted) {
        const round = await ahead;
        if (!round) break;
        const { messages, decoded } = round;
        ahead = nextRound();
        ahead.catch(() => undefined);
        for (const [k, m] of messages.entries()) {
          if (signal.aborted) break;
          const raw = m.source ?? Buffer.alloc(0);
          const id = createHash('sha256').update(raw).digest('hex').slice(0, 32);
          this.uidsById.set(id, [...(this.uidsById.get(id) ?? []), m.uid]);
          this.order.push(m.uid);
          const receivedAt = m.internalDate instanceof Date ? m.internalDate : m.internalDate ? new Date(m.internalDate) : undefined;
          yield { id, source: this.name, raw, receivedAt, roundEnd: k === messages.length - 1, decoded: decoded?.then((d) => d[k]) };
        }
        // The moves run on the second connection while this one fetches, in large MOVEs: a
        // server's cost per MOVE barely depends on its size (Dovecot/Maildir here: 165 µs of its
        // CPU per message moved 200 at a time, 67 µs 2,000 at a time). Whatever is left moves
        // when the pull ends. One flush at a time; only when two batches are queued do we wait,
        // so a slow server cannot make the queue grow with the mailbox.
        if (moveError) throw moveError;
        const queued = this.queued();
        if (queued < this.o.moveBatch || (moveBusy && queued < 2 * this.o.moveBatch)) continue;
        await moving;
        if (moveError) throw moveError;
        moveBusy = true;
        moving = this.flush(uidValidity, mark).catch((e: unknown) => { moveError = e; }).finally(() => { moveBusy = false; });
      }
      await moving;
      if (moveError) throw moveError;
    } finally {
      try {
        // A read or moves still running finish before the last moves and the unlock.
        await Promise.all([ahead.catch(() => null), moving]);
        if (client.usable && mark.lastUid >= 0 && !moveError) await this.flush(uidValidity, mark);
      } finally {
        lock.release();
        this.uidsById.clear();
      }
    }
  }

  async ack(id: string, outcome: Outcome, error?: string): Promise<void> {
    const uids = this.uidsById.get(id);
    if (!uids) throw new BounceError('SOURCE_UNKNOWN_ID', `IMAP source ${this.name} has no message ${id} in hand.`, { fix: 'Acknowledge a message only while its pull() is running.' });
    if (outcome === 'quarantined') this.log.warn({ id, error }, 'message quarantined');
    let set = this.pending.get(outcome);
    if (!set) this.pending.set(outcome, (set = new Set()));
    for (const u of uids) set.add(u);
    this.uidsById.delete(id); // memory stays with the round, not the mailbox
  }

  expected(): number | undefined {
    return this.found;
  }

  async wait(signal: AbortSignal): Promise<void> {
    if (this.newMail || signal.aborted || !this.client?.usable) return;
    await new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); this.wake = null; resolve(); };
      const timer = setTimeout(done, this.o.pollSeconds * 1000);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  async close(): Promise<void> {
    const [c, m] = [this.client, this.mover];
    this.client = null;
    this.mover = null;
    for (const x of [c, m]) {
      if (x?.usable) await x.logout().catch(() => x.close());
      else x?.close();
    }
  }

  private queued(): number {
    let n = 0;
    for (const set of this.pending.values()) n += set.size;
    return n;
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.client?.close();
    this.client = null;
    const c = this.newClient(this.o.idle);
    c.on('exists', () => this.notify());
    c.on('close', () => { if (this.client === c) this.client = null; this.notify(); });
    try {
      await c.connect();
    } catch (e) {
      c.close();
      throw this.explain(e);
    }
    if (!c.secureConnection) this.log.warn({ host: this.o.host, port: this.o.port }, 'IMAP login without TLS: the password crossed the network in clear (requireTLS: false)');
    await this.ensureFolders(c);
    this.client = c;
    this.log.info({ host: this.o.host, port: this.o.port, tls: c.secureConnection, idle: this.o.idle && c.capabilities.has('IDLE') }, 'IMAP connected');
    return c;
  }

  /** For `check`: logs in (and out) on a connection of its own, changes nothing, says whether the login was protected. */
  async check(): Promise<string> {
    const c = this.newClient(false);
    try {
      await c.connect();
    } catch (e) {
      c.close();
      throw this.explain(e);
    }
    try {
      const box = await c.status(this.o.mailbox, { messages: true });
      const login = c.secureConnection ? `login protected by TLS (${this.o.secure ? 'implicit TLS' : 'STARTTLS'})`
        : 'login NOT protected: the password crossed the network in clear (requireTLS: false)';
      return `${this.o.host}:${this.o.port}: ${login}; ${box ? box.messages ?? 0 : 0} messages in ${this.o.mailbox}`;
    } finally {
      await c.logout().catch(() => c.close());
    }
  }

  /** The moving connection, with the mailbox selected under the pull's UIDVALIDITY (else UIDs would name other mail). */
  private async moverFor(uidValidity: string): Promise<ImapFlow> {
    let m = this.mover;
    if (!m?.usable) {
      m?.close();
      this.mover = null;
      m = this.newClient(false);
      m.on('close', () => { if (this.mover === m) this.mover = null; });
      try {
        await m.connect();
      } catch (e) {
        m.close();
        throw this.explain(e);
      }
      this.mover = m;
    }
    if (m.mailbox === false || m.mailbox.path !== this.o.mailbox) await m.mailboxOpen(this.o.mailbox);
    const box = m.mailbox;
    if (!box || String(box.uidValidity) !== uidValidity) {
      throw new BounceError('IMAP_UIDVALIDITY_CHANGED', `The UIDVALIDITY of "${this.o.mailbox}" on ${this.o.host} changed while reading it.`, { fix: 'Nothing to do: the messages are read again under the new UIDVALIDITY (events are keyed, nothing is counted twice).' });
    }
    return m;
  }

  private newClient(idle: boolean): ImapFlow {
    const c = new ImapFlow({
      host: this.o.host, port: this.o.port, secure: this.o.secure, tls: this.o.tls,
      // true: no STARTTLS, no login (imapflow fails before AUTHENTICATE); undefined: STARTTLS when offered.
      doSTARTTLS: this.o.secure || !this.o.requireTLS ? undefined : true,
      auth: { user: this.o.user, pass: this.o.password },
      // imapflow is chatty at info: its warnings are enough, unless our own level is quieter.
      logger: this.log.child({ component: 'imapflow' }, { level: this.log.levelVal > 40 ? this.log.level : 'warn' }) as never,
      disableAutoIdle: !idle, autoIdleDelay: 1000, maxIdleTime: this.o.pollSeconds * 1000,
      socketTimeout: this.o.timeoutSeconds * 1000, connectionTimeout: 30_000,
      clientInfo: { name: 'bouncesync' },
      // Where offered, moved messages are reported as one VANISHED range instead of an EXPUNGE
      // line per message, on both connections: a fifth of the agent's time at 20,000 messages.
      qresync: true,
    });
    c.on('error', (e: Error) => this.log.warn({ err: oneLine(e) }, 'IMAP connection error'));
    return c;
  }

  private notify(): void {
    this.newMail = true;
    this.wake?.();
  }

  private async ensureFolders(c: ImapFlow): Promise<void> {
    const have = new Set((await c.list()).map((b) => b.path));
    for (const f of [this.o.processed, this.o.unrecognised, this.o.quarantine]) {
      if (!have.has(f)) await c.mailboxCreate(f);
    }
  }

  /** Split UIDs into FETCH rounds of at most `batch` messages and `batchBytes` (and at least one message). */
  private async sizeGroups(c: ImapFlow, uids: number[]): Promise<number[][]> {
    const groups: number[][] = [];
    let cur: number[] = [];
    let bytes = 0;
    for await (const m of c.fetch(uidSet(uids), { uid: true, size: true }, { uid: true })) {
      const size = Math.min(m.size ?? 0, this.o.maxBytes + 1);
      if (cur.length && (bytes + size > this.o.batchBytes || cur.length >= this.o.batch)) { groups.push(cur); cur = []; bytes = 0; }
      cur.push(m.uid);
      bytes += size;
    }
    if (cur.length) groups.push(cur);
    return groups;
  }

  /** Run the moves queued so far, then advance the checkpoint over every UID dealt with, in order. */
  private async flush(uidValidity: string, mark: { lastUid: number }): Promise<void> {
    const folders: Record<Outcome, string> = { processed: this.o.processed, unrecognised: this.o.unrecognised, quarantined: this.o.quarantine };
    // Taken now: acks that arrive while these moves run belong to the next flush.
    const jobs = [...this.pending].filter(([, set]) => set.size).map(([outcome, set]) => {
      const uids = [...set].sort((a, b) => a - b);
      set.clear();
      return { outcome, uids };
    });
    try {
      // The moving connection learns of mail only when it asks: without this, a UID it was never
      // told about is "not found", the MOVE answers OK having moved nothing, and the checkpoint
      // would pass a message still in the mailbox.
      if (jobs.length) await (await this.moverFor(uidValidity)).noop();
      while (jobs.length) {
        const { outcome, uids } = jobs[0];
        await this.moveRetrying(uidValidity, uids, folders[outcome]);
        for (const u of uids) this.done.add(u);
        jobs.shift();
      }
    } catch (e) {
      // Not moved: back in the queue for the next flush (or forgotten by the next pull, and read again).
      for (const { outcome, uids } of jobs) for (const u of uids) this.pending.get(outcome)?.add(u);
      throw e;
    }
    let i = 0;
    while (i < this.order.length && this.done.has(this.order[i])) {
      mark.lastUid = Math.max(mark.lastUid, this.order[i]);
      this.done.delete(this.order[i++]);
    }
    this.order = this.order.slice(i);
    await this.deps.checkpoints.set(this.name, this.o.mailbox, { uidValidity, lastUid: mark.lastUid });
  }

  /** A dropped moving connection is opened again and the move retried once: by UID within one UIDVALIDITY a move is idempotent. */
  private async moveRetrying(uidValidity: string, uids: number[], folder: string): Promise<void> {
    try {
      await this.move(await this.moverFor(uidValidity), uids, folder);
    } catch (e) {
      if (this.mover?.usable || (e as { code?: string }).code === 'IMAP_UIDVALIDITY_CHANGED') throw e;
      this.log.warn({ err: oneLine(e) }, 'IMAP moving connection lost: reconnecting and moving again');
      await this.move(await this.moverFor(uidValidity), uids, folder);
    }
  }

  /** MOVE; or COPY + \Deleted + UID EXPUNGE with UIDPLUS; never a plain EXPUNGE. */
  private async move(c: ImapFlow, uids: number[], folder: string): Promise<void> {
    const set = uidSet(uids);
    const fail = () => new BounceError('IMAP_MOVE_FAILED', `Could not move ${uids.length} message(s) to "${folder}" on ${this.o.host}.`, { fix: 'Check the folder exists and the account may write to it; the messages stay in place and are read again.' });
    if (c.capabilities.has('MOVE')) {
      if (!(await c.messageMove(set, folder, { uid: true }))) throw fail();
      return;
    }
    if (!(await c.messageCopy(set, folder, { uid: true }))) throw fail();
    if (!(await c.messageFlagsAdd(set, ['\\Deleted'], { uid: true }))) throw fail();
    if (c.capabilities.has('UIDPLUS')) {
      if (!(await c.messageDelete(set, { uid: true }))) throw fail(); // UID EXPUNGE of exactly these
    } else if (!this.noMoveWarned) {
      this.noMoveWarned = true;
      this.log.warn('server has neither MOVE nor UIDPLUS: copied messages are left flagged \\Deleted in the mailbox (a plain EXPUNGE could remove other clients\' mail)');
    }
  }

  private explain(e: unknown): Error {
    const err = e as { authenticationFailed?: boolean; tlsFailed?: boolean; code?: string; message?: string };
    const where = `${this.o.host}:${this.o.port}`;
    if (err.authenticationFailed) {
      return new BounceError('IMAP_AUTH_FAILED', `The IMAP server ${where} refused the login for source ${this.name}.`, { fix: 'Check sources[].imap.user and password (and the environment variable it refers to).', cause: e });
    }
    // imapflow's own "no STARTTLS" failure carries no code; a failed handshake keeps the TLS error's.
    if (err.tlsFailed && !err.code && !this.o.secure) {
      return new BounceError('IMAP_TLS_REQUIRED', `The IMAP server ${where} offers no STARTTLS (${oneLine(e)}), so source ${this.name} did not log in: the password would have crossed the network in clear.`, {
        fix: 'Use secure: true (implicit TLS, usually port 993) or turn on STARTTLS on the server; only on a network you trust, allow a plain login with requireTLS: false.', cause: e,
      });
    }
    if (err.code && UNTRUSTED.has(err.code)) {
      return new BounceError('IMAP_TLS_UNTRUSTED', `The TLS certificate of ${where} is not trusted (${err.code}).`, { fix: 'Give the issuing CA in sources[].imap.tls.ca or install a trusted certificate; tls.rejectUnauthorized: false turns checking off.', cause: e });
    }
    return new BounceError('IMAP_CONNECT_FAILED', `Could not connect to the IMAP server ${where}: ${oneLine(e)}.`, { fix: 'Check host, port and secure, and that the server is running; the agent retries with backoff.', cause: e });
  }
}

/** UIDs as an IMAP sequence set, runs as ranges ("1:5,9"): short commands, well under servers' line limits (ascending UIDs compress best). */
export function uidSet(uids: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < uids.length; i++) {
    const start = uids[i];
    while (i + 1 < uids.length && uids[i + 1] === uids[i] + 1) i++;
    parts.push(start === uids[i] ? String(start) : `${start}:${uids[i]}`);
  }
  return parts.join(',');
}
