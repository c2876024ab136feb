// The mail half of the end-to-end scenarios, with real servers: the sender talking to a real
// Postfix, and real Postfix DSNs travelling back to the VERP address, delivered over LMTP into a
// real Dovecot, then decoded. The database half (flags written through the pipeline) is in
// test/e2e/loop.int.test.ts; this file needs no database.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classify } from '../../src/classify/index.js';
import type { Verdict } from '../../src/core/types.js';
import { decode } from '../../src/decode/index.js';
import { verifyToken } from '../../src/match/token.js';
import { openSendLedger, type RowKey, type SendLedger, type SendRow } from '../../src/send/ledger.js';
import { campaignFrom } from '../../src/send/message.js';
import { sendCampaign, type Recipient, type SendOptions } from '../../src/send/sender.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/servers/dovecot.js';
import { postfixMissing, startPostfix, type Postfix } from '../helpers/servers/postfix.js';
import { relays, type Relay } from '../helpers/servers/relays.js';
import { reply, startRemote, typicalRefusals, type Remote } from '../helpers/servers/remote.js';
import { until, waitForCount } from '../helpers/wait.js';

const missing = postfixMissing() ?? dovecotMissing();
if (missing && process.env.CI === 'true') throw new Error(`end-to-end mail tests need Postfix and Dovecot: ${missing}`);
const suite = missing ? describe.skip : describe;
if (missing) console.warn(`skipping end-to-end mail tests: ${missing}`);

const SECRET = 'e2e-secret';
const campaign = campaignFrom('spring', { subject: 'Hello {{first_name}}', text: 'Hi {{first_name}}' });
const rows = (domain: string, ...locals: string[]): Recipient[] =>
  locals.map((l, i) => ({ key: String(i + 1), address: `${l}@${domain}`, fields: { first_name: l } }));
async function* stream(r: Recipient[]) { yield* r; }
const options = (): SendOptions => ({
  from: 'News <news@news.test>', returnPath: 'bounces+{token}@bounce.test', secret: SECRET,
  rate: { perSecond: 50, concurrency: 2 }, retry: { attempts: 3, backoffSeconds: 1, waitSeconds: 0 }, block: { count: 10, seconds: 60 },
});

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'bs-e2e-mail-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function send(port: number, ledger: SendLedger, r: Recipient[]) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: 2, ignoreTLS: true });
  const flags: { row: SendRow; verdict: Verdict }[] = [];
  try {
    const summary = await sendCampaign(campaign, stream(r), options(), {
      ledger, transport, classify: (f) => classify(f), recordRefusal: async (row, verdict) => { flags.push({ row, verdict }); return verdict.hard ? 1 : 0; },
    });
    return { summary, flags };
  } finally { transport.close(); }
}

suite('Postfix with authority over the domain (scenario 1, mail part)', () => {
  let pf: Postfix;
  beforeAll(async () => { pf = await startPostfix({ role: { kind: 'authority', domain: 'corp.test', mailboxes: ['ann', 'bob'] } }); });
  afterAll(async () => { await pf?.destroy(); });

  test('unknown users are refused at RCPT TO with 550 5.1.1 and handed over as dead, the rest delivered', async () => {
    const ledger = openSendLedger(join(dir, 'authority.db'));
    try {
      const { summary, flags } = await send(pf.port, ledger, rows('corp.test', 'ann', 'zed', 'bob', 'nobody'));
      expect(summary).toMatchObject({ sent: 2, rejected: 2, flagged: 2, failed: 0 });
      expect(flags.map((f) => f.row.address).sort()).toEqual(['nobody@corp.test', 'zed@corp.test']);
      for (const f of flags) {
        expect(f.verdict).toMatchObject({ reason: 'userunknown', hard: true, replyCode: '550', status: '5.1.1' });
        expect(f.verdict.diagnostic).toMatch(/User unknown in virtual mailbox table/);
      }
      // Postfix really delivered the two it accepted.
      await until('Postfix delivered both', async () => (await pf.delivered('ann')) + (await pf.delivered('bob')) >= 2, 30_000);
      expect([await pf.delivered('ann'), await pf.delivered('bob')]).toEqual([1, 1]);
    } finally { ledger.close(); }
  });
});

// The remote the relays deliver to: unknown, full, blocked, greylisted (450 until the relay gives up).
const remoteRefusals = typicalRefusals;

for (const [name, relay] of Object.entries(relays)) {
  const why = missing ?? relay.missing();
  if (why && process.env.CI === 'true') throw new Error(`end-to-end ${name} tests: ${why}`);
  if (why) console.warn(`skipping ${name} relay tests: ${why}`);
  (why ? describe.skip : describe)(`${name} relay → remote refusals → real DSNs to the VERP address → Dovecot (scenarios 2/3, mail part)`, () => {
    let remote: Remote;
    let dc: Dovecot;
    let mta: Relay;
    beforeAll(async () => {
      remote = await startRemote({ rcpt: remoteRefusals });
      dc = await startDovecot({ user: 'bounces@bounce.test' });
      mta = await relay.start(remote.port, dc.lmtpPort);
    });
    afterAll(async () => { await mta?.destroy(); await dc?.destroy(); await remote?.close(); });

    test('the relay accepts everything, the remote refuses, the relay bounces to bounces+token@ and Dovecot holds real DSNs we decode', async () => {
      const ledger = openSendLedger(join(dir, `${name}-relay.db`));
      try {
        const { summary, flags } = await send(mta.port, ledger, rows('far.test', 'ok', 'gone', 'full', 'blocked', 'grey'));
        expect(summary).toMatchObject({ sent: 5, rejected: 0, flagged: 0 });
        expect(flags).toEqual([]);

        // Four DSNs: three at once, the greylisted one when the 6 s queue lifetime runs out.
        const got = await waitForCount(() => dc.count(), 4, { ms: 75_000, nudgeAfterMs: 12_000, nudge: () => mta.flush?.() ?? Promise.resolve() });
        expect(got, await mta.log()).toBe(4);

        const box = join(dc.dir, 'mail', 'bounces@bounce.test', 'Maildir');
        const files = ['new', 'cur'].flatMap((sub) => readdirSync(join(box, sub)).map((f) => join(box, sub, f)));
        // The row key comes back as the recipients gave it (strings here, see rows()).
        const byAddress = new Map<string, [string, boolean, RowKey]>();
        for (const file of files) {
          const raw = readFileSync(file);
          expect(raw.toString()).toMatch(/^Return-Path: <>/m);
          const d = decode(raw);
          if (process.env.BS_DEBUG) console.log(name, JSON.stringify(d.recipients));
          expect(d.kind).toBe('bounce');
          // Exim's DSN says only Status: 5.0.0; the real code is in Diagnostic-Code, which the decoder reads.
          if (name === 'exim') expect(raw.toString()).toMatch(/^Status: 5\.0\.0\r?$/m);
          const check = verifyToken(SECRET, d.token ?? '');
          expect(check.ok).toBe(true);
          const row = ledger.get((check as { sendId: number }).sendId)!;
          for (const r of d.recipients) byAddress.set(r.address, [r.reason, r.hard, row.rowKey]);
          // The original Message-ID comes back too, and finds the same row.
          expect((await ledger.byMessageId(d.originalMessageId ?? ''))?.id).toBe(row.id);
        }
        expect(Object.fromEntries(byAddress)).toEqual({
          'gone@far.test': ['userunknown', true, '2'],
          'full@far.test': ['mailboxfull', false, '3'],
          'blocked@far.test': ['blocked', false, '4'],
          // Greylisted until the relay gave up: some temporary reason (the decoder's call), never dead.
          'grey@far.test': [expect.any(String), false, '5'],
        });
        expect(remote.messages.map((m) => m.to[0])).toEqual(['ok@far.test']);
      } finally { ledger.close(); }
    }, 120_000);
  });
}
