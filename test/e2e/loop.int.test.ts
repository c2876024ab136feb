// The whole loop with real servers, on each database (STORE_DB picks; SQLite, MariaDB and
// PostgreSQL by default): `send` reads a live table and sends through real Postfix; refusals at
// RCPT TO flag at once; relays (Postfix, Exim) return real DSNs to the VERP address, delivered
// into a real Dovecot; `run` reads them over IMAP and writes exactly the expected flags. Forged
// bounces are recorded and flag nothing; a sender block pauses sending and flags nothing.
// The mail servers start once; each database gets its own table, ledgers and campaign run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/core/log.js';
import { makeToken } from '../../src/match/token.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { sendFromConfig } from '../../src/runner/send.js';
import { openSendLedger, sendLookup } from '../../src/send/ledger.js';
import type { SendSummary } from '../../src/send/sender.js';
import { ImapSource } from '../../src/sources/imap.js';
import { sourcesFromConfig } from '../../src/sources/index.js';
import { createContacts, createTestDb, selected, unavailableReason, type TestDb } from '../helpers/databases.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/servers/dovecot.js';
import { eximMissing, startExim, type Exim } from '../helpers/servers/exim.js';
import { postfixMissing, startPostfix, type Postfix } from '../helpers/servers/postfix.js';
import { dsn } from '../helpers/mail.js';
import { waitForCount } from '../helpers/wait.js';
import { reply, startRemote, typicalRefusals, type Remote } from '../helpers/servers/remote.js';

const SECRET = 'e2e-loop-secret-0123456789';
const missing = postfixMissing() ?? dovecotMissing() ?? eximMissing();
if (missing && process.env.CI === 'true') throw new Error(`end-to-end loop needs Postfix, Exim and Dovecot: ${missing}`);
if (missing) console.warn(`SKIPPED test/e2e/loop.int.test.ts: ${missing}`);

const BLOCK_REPLY = '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.example.test';

let dir: string;
let authority: Postfix;  // owns corp.test, refuses unknown users at RCPT TO
let blocking: Postfix;   // refuses every recipient from us: a sender block
let relay: Postfix;      // relays to the remote, bounces to Dovecot
let exim: Exim;          // the same, with Exim's bounce format
let remote: Remote;
let dc: Dovecot;

(missing ? describe.skip : describe)('the whole loop with real mail servers', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bs-e2e-loop-'));
    writeFileSync(join(dir, 'spring.txt'), 'Hello {{name}},\nour spring news.\n');
    writeFileSync(join(dir, 'spring.html'), '<p>Hello {{name}}</p>');
    remote = await startRemote({
      keep: false,
      rcpt: typicalRefusals,
    });
    dc = await startDovecot({ user: 'bounces@bounce.test' });
    const toDovecot = { 'bounce.test': `lmtp:inet:127.0.0.1:${dc.lmtpPort}` };
    [authority, blocking, relay, exim] = await Promise.all([
      startPostfix({ role: { kind: 'authority', domain: 'corp.test', mailboxes: ['ann', 'bob'] } }),
      startPostfix({
        role: { kind: 'authority', domain: 'corp.test', mailboxes: ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'] },
        files: { clients: `127.0.0.1 ${BLOCK_REPLY}\n` },
        extra: { smtpd_client_restrictions: 'check_client_access texthash:@DIR@/clients' },
      }),
      startPostfix({ role: { kind: 'relay', nextHop: remote.port, transports: toDovecot }, queueLifetime: '6s' }),
      startExim({ nextHop: remote.port, lmtpPort: dc.lmtpPort, lifetime: '6s' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([authority?.destroy(), blocking?.destroy(), relay?.destroy(), exim?.destroy()]);
    await dc?.destroy();
    await remote?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const client of selected()) {
    describe(client, () => {
      let t: TestDb | null = null;
      let skip: string | null = null;
      let base: Record<string, unknown>;
      beforeAll(async () => {
        skip = await unavailableReason(client);
        if (skip && process.env.CI === 'true') throw new Error(skip);
        if (skip) { console.warn(`SKIPPED ${client}: ${skip}`); return; }
        t = await createTestDb(client, 'e2e');
        await createContacts(t.db);
        const rows: [number, string, number, number?, number?][] = [
          // id, email, list, email_bounced, email_opt_out
          [1, 'ann@corp.test', 1], [2, 'zed@corp.test', 1], [3, 'bob@corp.test', 1], [4, 'nobody@corp.test', 1],
          [5, 'old@corp.test', 1, 1], [6, 'quiet@corp.test', 1, 0, 1], [7, 'other@corp.test', 2],
          ...(['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((b, i) => [10 + i, `${b}@corp.test`, 3] as [number, string, number])),
          ...(['ok', 'gone', 'full', 'blocked', 'grey'].map((l, i) => [20 + i, `${l}@far.test`, 4] as [number, string, number])),
          ...(['ok', 'gone', 'full', 'blocked', 'grey'].map((l, i) => [30 + i, `${l}@far2.test`, 5] as [number, string, number])),
        ];
        await t.db('contacts').insert(rows.map(([id, email, list, bounced, optOut]) => ({ id, email, name: `<${email.split('@')[0]}>`, list_id: list, email_bounced: bounced ?? 0, email_opt_out: optOut ?? 0 })));
        const campaign = (list: number) => ({ where: 'list_id = :list', params: { list }, subject: 'Hello {{name}}', text: join(dir, 'spring.txt'), html: join(dir, 'spring.html') });
        base = {
          database: { client, connection: t.connection, lockTimeoutMs: 2000 },
          recipients: { table: 'contacts', key: 'id', email: 'email' },
          flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason', status: 'bounce_status', at: 'bounced_at', softCount: 'soft_bounces', optOut: { column: 'email_opt_out', value: 1 } },
          ledger: { sqlite: join(dir, `${client}-events.sqlite`) },
          send: {
            secret: SECRET, from: 'Corp News <news@news.test>', returnPath: 'bounces+{token}@bounce.test',
            smtp: { host: '127.0.0.1', port: authority.port, requireTLS: false },
            rate: { perSecond: 100, concurrency: 2 }, block: { count: 3, seconds: 60 }, ledger: join(dir, `${client}-sends.sqlite`),
          },
          campaigns: { spring: campaign(1), blocked: campaign(3), relayed: campaign(4), relayedExim: campaign(5) },
        };
      });
      afterAll(async () => { await t?.drop(); });

      const config = (smtpPort: number): Readonly<Config> =>
        parseConfig({ ...base, send: { ...(base.send as object), smtp: { host: '127.0.0.1', port: smtpPort, requireTLS: false } } });
      const row = async (id: number) => (await t!.db('contacts').where({ id }).first()) as Record<string, unknown>;
      const bounced = async (ids: number[]) => Object.fromEntries(await Promise.all(ids.map(async (id) => [id, Number((await row(id)).email_bounced)])));

      test('1. a Postfix with authority refuses unknown users at RCPT TO: `send` flags exactly those rows before it ends', async (ctx) => {
        if (skip) return ctx.skip();
        const s = (await sendFromConfig(config(authority.port), { campaign: 'spring' })) as SendSummary;
        expect(s).toMatchObject({ seen: 4, sent: 2, rejected: 2, flagged: 2, failed: 0, held: 0 });
        expect(await bounced([1, 2, 3, 4, 5, 6, 7])).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 1, 6: 0, 7: 0 });
        expect(await row(2)).toMatchObject({ bounce_reason: 'userunknown', bounce_status: '5.1.1' });
        expect((await row(1)).bounce_reason).toBeNull();
        // Already flagged, opted out, other list: never offered to the server.
        const log = await authority.log();
        for (const a of ['old@corp.test', 'quiet@corp.test', 'other@corp.test']) expect(log).not.toContain(a);
        // A second run sends nothing again and flags nothing new.
        const again = (await sendFromConfig(config(authority.port), { campaign: 'spring' })) as SendSummary;
        expect(again).toMatchObject({ seen: 2, sent: 0, rejected: 0, skipped: 2 });
      });

      test('5. a sender block (every recipient refused with 554 5.7.1) pauses sending and flags nobody', async (ctx) => {
        if (skip) return ctx.skip();
        const s = (await sendFromConfig(config(blocking.port), { campaign: 'blocked' })) as SendSummary;
        expect(s.paused).toMatchObject({ signature: '554 5.7.1', count: 3 });
        expect(s.paused!.reply).toContain('blocked using zen.example.test');
        // Three refusals trip the detector; with two in flight a fourth may come back as part of the same block.
        expect(s).toMatchObject({ flagged: 0, rejected: 0, sent: 0 });
        expect(s.held).toBeGreaterThanOrEqual(3);
        expect(await bounced([10, 11, 12, 13, 14, 15])).toEqual({ 10: 0, 11: 0, 12: 0, 13: 0, 14: 0, 15: 0 });
        const sends = openSendLedger(join(dir, `${client}-sends.sqlite`));
        try {
          const c = sends.counts('blocked');
          expect(c).toMatchObject({ held: s.held, sent: 0, rejected: 0, unknown: 0 });
          expect(c.held + c.queued).toBe(6);
        } finally { sends.close(); }
      });

      test('2/3/4. relays return real DSNs (Postfix and Exim) → Dovecot → `run` over IMAP: unknown flagged; full, blocked, greylisted not; forged ones recorded, never flagged', async (ctx) => {
        if (skip) return ctx.skip();
        const before = await dc.count();
        const [p, e] = await Promise.all([
          sendFromConfig(config(relay.port), { campaign: 'relayed' }),
          sendFromConfig(config(exim.port), { campaign: 'relayedExim' }),
        ]) as SendSummary[];
        expect(p).toMatchObject({ sent: 5, rejected: 0 });
        expect(e, JSON.stringify(e)).toMatchObject({ sent: 5, rejected: 0 });
        // 4. A forged DSN for a row we really sent to, signed with the wrong secret; and one with no token at all.
        const sends = openSendLedger(join(dir, `${client}-sends.sqlite`));
        const okRow = sends.peek('relayed', 20)!;
        sends.close();
        await dc.deliver(`bounces+${makeToken('not-our-secret-000000', okRow.id)}@bounce.test`, forgedDsn('ok@far.test', makeToken('not-our-secret-000000', okRow.id)));
        await dc.deliver('bounces@bounce.test', forgedDsn('ok@far2.test', null));

        // The greylisted ones come when the relays give up (6 s lifetime); Postfix is nudged after 12 s.
        const got = await waitForCount(() => dc.count(), before + 10, { ms: 75_000, nudgeAfterMs: 12_000, nudge: () => relay.flush() });
        expect(got, (await relay.log()) + (await exim.log())).toBe(before + 10);

        const cfg = parseConfig({ ...config(relay.port), sources: [{ imap: { name: 'bounces', host: dc.host, port: dc.port, secure: false, requireTLS: false, user: dc.user, password: dc.password, idle: false } }] });
        const lookup = sendLookup(cfg.send.ledger);
        const agent = await openAgent(cfg, { sends: lookup, log: silentLogger });
        // The IMAP source from config, its checkpoints in the agent's ledger: as `run` builds it.
        const [source] = await sourcesFromConfig(cfg, { ledger: agent.ledger });
        expect(source).toBeInstanceOf(ImapSource);
        try {
          const s = await runOnce(agent, [source!]);
          expect(s.problems).toEqual([]);
          expect(s).toMatchObject({ messages: 10, flag: 2 });
          const events = await agent.ledger.list({ limit: 100 });
          const forged = events.filter((ev) => ev.matchBy === 'bad-token');
          expect(forged.map((ev) => [ev.address, ev.decision])).toEqual([['ok@far.test', expect.not.stringMatching(/^flag$/)]]);
          const unsigned = events.find((ev) => ev.address === 'ok@far2.test');
          expect(unsigned).toMatchObject({ matchBy: 'none', decision: 'unmatched' });
        } finally {
          await source!.close();
          await closeAgent(agent);
          lookup.close();
        }
        expect(await bounced([20, 21, 22, 23, 24, 30, 31, 32, 33, 34])).toEqual({ 20: 0, 21: 1, 22: 0, 23: 0, 24: 0, 30: 0, 31: 1, 32: 0, 33: 0, 34: 0 });
        expect(await row(21)).toMatchObject({ bounce_reason: 'userunknown', bounce_status: '5.1.1' });
        expect(await row(31)).toMatchObject({ bounce_reason: 'userunknown', bounce_status: '5.1.1' });
      }, 120_000);
    });
  }
});

/** A DSN in Postfix's shape for a recipient we did send to, but not written by any server of ours. */
function forgedDsn(recipient: string, token: string | null): string {
  return dsn({ id: `forged.${Math.random().toString(36).slice(2)}`, to: token ? `bounces+${token}@bounce.test` : 'bounces@bounce.test', failed: recipient,
    status: '5.1.1', code: '550', text: 'User unknown', quoted: token ? [`X-Bouncesync-Token: ${token}`] : [] });
}
