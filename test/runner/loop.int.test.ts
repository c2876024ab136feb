// The runner loop (the service) with real IMAP sources on a real Dovecot: arrival, reconnect, stop, poison,
// database down, /healthz and /metrics. The flow is the stand-in in ./processor.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { runAgent, type AgentOptions, type AgentSummary } from '../../src/runner/loop.js';
import { Metrics } from '../../src/runner/metrics.js';
import { serveHealth } from '../../src/runner/health.js';
import { Checkpoints } from '../../src/ledger/checkpoints.js';
import { silentLogger } from '../../src/core/log.js';
import { freePort } from '../helpers/net.js';
import { startDovecot, type Dovecot } from '../helpers/servers/dovecot.js';
import { dovecotOrSkip, folder, sourceFor } from '../helpers/imap.js';
import { notABounce, poison, postfixDsn } from '../helpers/mail.js';
import { BatchingTestProcessor, TestProcessor } from './processor.js';
import { createServer, connect, type Server } from 'node:net';
import { ImapSource } from '../../src/sources/imap.js';
import { until } from '../helpers/wait.js';

const missing = dovecotOrSkip('test/runner/loop.int.test.ts');

/** Holds the processor before its (n+1)th message until released: a run is stopped mid-way by a condition, not a timing. */
function holdAfter(p: TestProcessor, n: number): () => void {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let seen = 0;
  p.before = async () => { if (++seen > n) await gate; };
  return release;
}

describe.skipIf(!!missing)('agent on Dovecot', () => {
  let dc: Dovecot;
  let db: Database.Database;
  let proc: TestProcessor;
  let stop: AbortController;
  let running: Promise<AgentSummary> | null;
  const dsns = (from: number, n: number) => Array.from({ length: n }, (_, i) => postfixDsn({ n: from + i }));

  beforeAll(async () => { dc = await startDovecot(); });
  afterAll(async () => { await dc?.destroy(); });
  beforeEach(async () => {
    for (const box of ['INBOX', 'Processed', 'Unrecognised', 'Quarantine']) await dc.doveadm('expunge', 'mailbox', box, 'all').catch(() => '');
    db = new Database(':memory:');
    proc = new TestProcessor();
    stop = new AbortController();
    running = null;
  });
  afterEach(async () => { stop.abort(); await running?.catch(() => undefined); db.close(); });

  const start = (extra: Partial<AgentOptions> = {}, metrics = new Metrics()) => {
    running = runAgent({
      sources: [sourceFor(dc, db, { pollSeconds: 1 })], processor: proc, checkpoints: Checkpoints.sqlite(db), metrics, log: silentLogger,
      writeEverySeconds: 0.2, backoff: { minMs: 100, maxMs: 500 }, ...extra,
    }, stop.signal);
    return running;
  };

  it('processes mail as it arrives and writes it back', async () => {
    start();
    await dc.append(dsns(1, 3));
    await until('3 written', () => proc.count("SELECT count(*) n FROM contacts") === 3);
    await dc.deliver(dc.address, postfixDsn({ n: 4 })); // through LMTP, picked up by IDLE or the poll
    await until('4 written', () => proc.count("SELECT count(*) n FROM contacts") === 4);
    stop.abort();
    const sum = await running!;
    expect(sum).toMatchObject({ messages: 4, written: 4, pending: 0, quarantined: 0 });
    expect(await dc.count('INBOX')).toBe(0);
    expect(await dc.count('Processed')).toBe(4);
  });

  it('survives Dovecot stopping and starting mid-run: reconnects, nothing lost or doubled', async () => {
    await dc.append(dsns(100, 60));
    const release = holdAfter(proc, 10);
    const metrics = new Metrics();
    start({}, metrics);
    await until('10 processed, the next held', () => proc.count('SELECT count(*) n FROM events') === 10);
    await dc.stop();
    await dc.append(dsns(200, 40)); // arrives while the server is down
    release();
    await until('the agent saw the server go', () => metrics.get('bouncesync_errors_total', { source: 'test' }) > 0);
    await dc.start();
    await until('all 100 written', () => proc.count("SELECT count(*) n FROM contacts") === 100, 30_000);
    await until('INBOX empty', async () => (await dc.count('INBOX')) === 0);
    expect(await dc.count('Processed')).toBe(100);
    expect(proc.count('SELECT count(*) n FROM events')).toBe(100);
    expect(proc.count('SELECT max(writes) n FROM contacts')).toBe(1);
  });

  it('the same with a processor that commits batches: nothing lost or doubled, and the write-back sees every batch', async () => {
    proc = new BatchingTestProcessor();
    await dc.append(dsns(100, 60));
    const release = holdAfter(proc, 10);
    const metrics = new Metrics();
    start({}, metrics);
    await until('10 processed, the next held', () => proc.count('SELECT count(*) n FROM events') === 10);
    await dc.stop();
    await dc.append(dsns(200, 40));
    release();
    await until('the agent saw the server go', () => metrics.get('bouncesync_errors_total', { source: 'test' }) > 0);
    await dc.start();
    await until('all 100 written', () => proc.count("SELECT count(*) n FROM contacts") === 100, 30_000);
    await until('INBOX empty', async () => (await dc.count('INBOX')) === 0);
    expect(await dc.count('Processed')).toBe(100);
    expect(proc.count('SELECT max(writes) n FROM contacts')).toBe(1);
    expect(Math.max(...(proc as BatchingTestProcessor).batches)).toBeGreaterThan(1);
  });

  it('sends poison to quarantine, retries a failing message N times then quarantines it, and goes on', async () => {
    await dc.append([poison('huge', 1), poison('malformed', 2), poison('nested', 3), notABounce(4), ...dsns(300, 5), postfixDsn({ n: 399, rcpt: 'fails@example.net' })]);
    proc.before = (m) => { if (m.raw.includes('fails@example.net')) throw new Error('ledger said no'); };
    const metrics = new Metrics();
    start({ maxAttempts: 3 }, metrics);
    await until('quarantine holds 4', async () => (await dc.count('Quarantine')) === 4, 20_000);
    await until('INBOX empty', async () => (await dc.count('INBOX')) === 0);
    expect((await folder(dc, 'Quarantine')).map((m) => m.subject)).toEqual(['poison huge 1', 'poison malformed 2', 'poison nested 3', 'Undelivered Mail Returned to Sender']);
    expect((await folder(dc, 'Unrecognised')).map((m) => m.subject)).toEqual(['question 4']);
    expect(await dc.count('Processed')).toBe(5);
    const failing = (await folder(dc, 'Quarantine'))[3];
    expect(failing.seen).toBe(false);
    expect(metrics.get('bouncesync_quarantined_total', { source: 'test' })).toBe(4);
    expect(metrics.get('bouncesync_messages_decoded_total', { kind: 'bounce' })).toBe(5);
  });

  it('keeps events pending while the database is down and writes them when it returns', async () => {
    proc.databaseDown = true;
    const metrics = new Metrics();
    const failedWrites = () => metrics.get('bouncesync_errors_total', { source: 'write-back' });
    start({}, metrics);
    await dc.append(dsns(400, 20));
    await until('all recorded', () => proc.count('SELECT count(*) n FROM events') === 20);
    await until('moved', async () => (await dc.count('Processed')) === 20);
    const failedBefore = failedWrites();
    await until('a write-back tried since, and failed', () => failedWrites() > failedBefore);
    expect(proc.count("SELECT count(*) n FROM events WHERE state = 'pending'")).toBe(20);
    proc.databaseDown = false;
    await until('written', () => proc.count("SELECT count(*) n FROM contacts") === 20);
    stop.abort();
    expect((await running!).pending).toBe(0);
  });

  it('stops cleanly on abort in the middle of a batch: the message in hand is finished and moved, the rest stay', async () => {
    await dc.append(dsns(500, 40));
    let n = 0;
    // The stop comes while the 10th is in hand; the rest of its work comes after the stop.
    proc.before = async () => { if (++n === 10) { stop.abort(); await new Promise((r) => setImmediate(r)); } };
    const sum = await start();
    expect(sum.messages).toBe(10);
    expect(proc.count('SELECT count(*) n FROM events')).toBe(10);
    expect(proc.count("SELECT count(*) n FROM events WHERE state = 'written'")).toBe(10);
    expect(await dc.count('Processed')).toBe(10);
    expect(await dc.count('INBOX')).toBe(30);
  });

  it('serves /healthz and /metrics', async () => {
    const metrics = new Metrics();
    const port = await freePort();
    const server = await serveHealth({ port, staleSeconds: 2 }, metrics, ['test'], silentLogger);
    try {
      start({}, metrics);
      await dc.append(dsns(600, 2));
      await until('written', () => proc.count("SELECT count(*) n FROM contacts") === 2);
      await until('polled', () => metrics.get('bouncesync_last_successful_poll_timestamp_seconds', { source: 'test' }) > 0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', sources: { test: { ok: true } } });
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('bouncesync_messages_read_total{source="test"} 2');
      expect(text).toContain('bouncesync_messages_decoded_total{kind="bounce"} 2');
      expect(text).toContain('bouncesync_flags_written_total 2');
      expect(text).toMatch(/# TYPE bouncesync_ledger_backlog gauge\nbouncesync_ledger_backlog 0/);
      await dc.stop();
      // Down once the source fails, or once its last good poll is older than staleSeconds.
      await until('/healthz says 503', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 503, 30_000);
      await dc.start();
    } finally {
      server.close();
    }
  });
});

/** A TCP proxy that can go silent (a stalled link: nothing answers, nothing closes). */
class StallProxy {
  private server: Server | null = null;
  private stalled = false;
  connections = 0;
  closed = 0;
  port = 0;
  constructor(private readonly target: number) {}
  async start(): Promise<number> {
    this.server = createServer((client) => {
      this.connections++;
      const up = connect(this.target, '127.0.0.1');
      for (const s of [client, up]) s.on('error', () => { client.destroy(); up.destroy(); });
      client.on('close', () => { this.closed++; up.destroy(); });
      up.on('close', () => client.destroy());
      client.on('data', (d) => { if (!this.stalled) up.write(d); });
      up.on('data', (d) => { if (!this.stalled) client.write(d); });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }
  stall(on: boolean): void { this.stalled = on; }
  close(): void { this.server?.close(); }
}

describe.skipIf(!!missing)('agent on a stalled connection', () => {
  it('notices a connection that went silent, drops it and reconnects; mail that arrived meanwhile is processed', async () => {
    const dc = await startDovecot();
    const proxy = new StallProxy(dc.port);
    const db = new Database(':memory:');
    const proc = new TestProcessor();
    const stop = new AbortController();
    try {
      await proxy.start();
      const src = new ImapSource({ name: 'test', host: '127.0.0.1', port: proxy.port, secure: false, requireTLS: false, user: dc.user, password: dc.password, pollSeconds: 1, timeoutSeconds: 3 },
        { checkpoints: Checkpoints.sqlite(db), log: silentLogger });
      const running = runAgent({ sources: [src], processor: proc, checkpoints: Checkpoints.sqlite(db), metrics: new Metrics(), log: silentLogger, writeEverySeconds: 0.2, backoff: { minMs: 200, maxMs: 1000 } }, stop.signal);
      await dc.append(postfixDsn({ n: 1 }));
      await until('first processed', () => proc.count('SELECT count(*) n FROM contacts') === 1);
      const [before, closedBefore] = [proxy.connections, proxy.closed];
      proxy.stall(true);
      await dc.append(postfixDsn({ n: 2 }));
      await until('the agent dropped the silent connection', () => proxy.closed > closedBefore, 30_000); // after timeoutSeconds
      proxy.stall(false);
      await until('second processed after reconnect', () => proc.count('SELECT count(*) n FROM contacts') === 2, 30_000);
      expect(proxy.connections).toBeGreaterThan(before);
      stop.abort();
      await running;
      expect(await dc.count('INBOX')).toBe(0);
    } finally {
      stop.abort();
      proxy.close();
      db.close();
      await dc.destroy();
    }
  }, 60_000);
});

describe.skipIf(!!missing)('agent with several sources', () => {
  it('reads two mailboxes on two servers side by side, each with its own checkpoint and folders', async () => {
    const [a, b] = await Promise.all([startDovecot(), startDovecot({ user: 'returns@example.org' })]);
    const db = new Database(':memory:');
    const proc = new TestProcessor();
    const stop = new AbortController();
    try {
      const sources = [
        sourceFor(a, db, { name: 'a', pollSeconds: 1 }),
        sourceFor(b, db, { name: 'b', pollSeconds: 1, mailbox: 'INBOX', processed: 'Done' }),
      ];
      const running = runAgent({ sources, processor: proc, checkpoints: Checkpoints.sqlite(db), metrics: new Metrics(), log: silentLogger, writeEverySeconds: 0.2 }, stop.signal);
      await a.append(Array.from({ length: 5 }, (_, i) => postfixDsn({ n: 700 + i })));
      await b.append(Array.from({ length: 7 }, (_, i) => postfixDsn({ n: 800 + i })));
      await until('12 written', () => proc.count('SELECT count(*) n FROM contacts') === 12);
      stop.abort();
      expect((await running).messages).toBe(12);
      expect([await a.count('Processed'), await b.count('Done'), await a.count('INBOX'), await b.count('INBOX')]).toEqual([5, 7, 0, 0]);
      const cps = Checkpoints.sqlite(db);
      expect([(await cps.get('a', 'INBOX'))?.lastUid, (await cps.get('b', 'INBOX'))?.lastUid]).toEqual([5, 7]);
    } finally {
      stop.abort();
      db.close();
      await Promise.all([a.destroy(), b.destroy()]);
    }
  }, 60_000);
});

describe.skipIf(!!missing)('agent on a server without IDLE', () => {
  it('polls instead, and new mail is still picked up', async () => {
    const dc = await startDovecot({ extraConfig: 'imap_capability = IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS MOVE ESEARCH NAMESPACE' });
    const db = new Database(':memory:');
    const proc = new TestProcessor();
    const stop = new AbortController();
    try {
      const src = sourceFor(dc, db, { pollSeconds: 1 });
      const metrics = new Metrics();
      const running = runAgent({ sources: [src], processor: proc, checkpoints: Checkpoints.sqlite(db), metrics, log: silentLogger, writeEverySeconds: 0.2 }, stop.signal);
      // The empty mailbox read once: what arrives next can only be seen by polling.
      await until('a first poll done', () => metrics.get('bouncesync_last_successful_poll_timestamp_seconds', { source: 'test' }) > 0);
      await dc.append([postfixDsn({ n: 900 }), postfixDsn({ n: 901 })]);
      await until('2 written by polling', () => proc.count('SELECT count(*) n FROM contacts') === 2, 15_000);
      stop.abort();
      await running;
      expect(await dc.count('Processed')).toBe(2);
    } finally {
      stop.abort();
      db.close();
      await dc.destroy();
    }
  }, 60_000);
});
