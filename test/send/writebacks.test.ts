// Many refusals during one send (four SMTP connections, the scripted remote refusing 40 of 60
// recipients with 550 5.1.1): each is committed to the events ledger as it comes, but their
// write-backs into the live table run one at a time, coalesced, and the last one runs before
// send returns. Observed through the events ledger's runs table (each write-back is a run with
// its start and end), on each database (STORE_DB picks).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { sendFromConfig } from '../../src/send/index.js';
import type { SendSummary } from '../../src/send/sender.js';
import { createContacts, createTestDb, selected, unavailableReason, type TestDb } from '../store/databases.js';
import { reply, startRemote, type Remote } from '../servers/remote.js';

const DEAD = 40;
const ALIVE = 20;
let remote: Remote;
beforeAll(async () => {
  process.env.BOUNCESYNC_LOG = 'silent';
  remote = await startRemote({
    keep: false,
    rcpt: (to) => (to.startsWith('gone') ? reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown in local recipient table`) : undefined),
  });
});
afterAll(async () => { await remote?.close(); });

interface RunRow { id: string; started_at: string; finished_at: string | null; summary: string | null }

for (const client of selected()) {
  describe(`send-time write-backs on ${client}`, () => {
    let t: TestDb | null = null;
    let skip: string | null = null;
    let dir: string;
    beforeAll(async () => {
      skip = await unavailableReason(client);
      if (skip && process.env.CI === 'true') throw new Error(skip);
      if (skip) { console.warn(`SKIPPED ${client}: ${skip}`); return; }
      dir = mkdtempSync(join(tmpdir(), 'bs-writebacks-'));
      t = await createTestDb(client, 'wbsend');
      await createContacts(t.db);
      // Interleaved, so refusals keep arriving from all four connections for the whole send.
      const rows = Array.from({ length: DEAD + ALIVE }, (_, i) => {
        const dead = i % 3 !== 2;
        return { id: i + 1, email: `${dead ? 'gone' : 'ok'}${i + 1}@corp.test`, name: 'N', list_id: 1, email_bounced: 0 };
      });
      expect(rows.filter((r) => r.email.startsWith('gone')).length).toBe(DEAD);
      await t.db('contacts').insert(rows);
      writeFileSync(join(dir, 'news.txt'), 'Hello {{name}}\n');
      writeFileSync(join(dir, 'bouncesync.yaml'), JSON.stringify({
        database: { client, connection: t.connection },
        recipients: { table: 'contacts', key: 'id', email: 'email' },
        flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason', status: 'bounce_status', at: 'bounced_at' },
        ledger: { sqlite: './events.sqlite' },
        send: {
          smtp: { host: '127.0.0.1', port: remote.port, requireTLS: false },
          from: 'Corp News <news@corp.test>', returnPath: 'bounces+{token}@corp.test', secret: 'writebacks-secret-0123456789',
          rate: { perSecond: 0, concurrency: 4 }, ledger: './sends.sqlite',
        },
        campaigns: { news: { subject: 'News for {{name}}', text: 'news.txt' } },
      }));
    });
    afterAll(async () => { await t?.drop(); if (dir) rmSync(dir, { recursive: true, force: true }); });

    test('at most one write-back at a time, fewer than the refusals, and every refusal written when send returns', async (ctx) => {
      if (skip) return ctx.skip();
      const s = (await sendFromConfig(loadConfig(join(dir, 'bouncesync.yaml')), { campaign: 'news' })) as SendSummary;
      expect(s).toMatchObject({ seen: DEAD + ALIVE, sent: ALIVE, rejected: DEAD, flagged: DEAD, failed: 0, held: 0 });

      // Every dead address flagged in the live table, nothing pending in the events ledger.
      const flagged = await t!.db('contacts').where({ email_bounced: 1 }).select('email');
      expect(flagged.length).toBe(DEAD);
      expect(flagged.every((r: { email: string }) => r.email.startsWith('gone'))).toBe(true);
      const events = new Database(join(dir, 'events.sqlite'), { readonly: true });
      try {
        expect(events.prepare("SELECT count(*) AS n FROM events WHERE state = 'pending'").get()).toEqual({ n: 0 });
        expect(events.prepare("SELECT count(*) AS n FROM events WHERE source = 'send-time'").get()).toEqual({ n: DEAD });

        // Write-backs are the runs that wrote (summary.write set); the refusals' own runs only record.
        const runs = events.prepare('SELECT * FROM runs ORDER BY started_at, id').all() as RunRow[];
        const writes = runs.filter((r) => r.summary && JSON.parse(r.summary).write);
        const recordOnly = runs.filter((r) => r.summary && JSON.parse(r.summary).write === null);
        expect(recordOnly.length).toBe(DEAD);
        expect(writes.length).toBeGreaterThanOrEqual(1);
        expect(writes.length).toBeLessThan(DEAD);
        expect(writes.every((r) => r.finished_at)).toBe(true);
        // None overlaps the one before it: each starts after the previous one finished.
        for (let i = 1; i < writes.length; i++) expect(writes[i]!.started_at >= writes[i - 1]!.finished_at!, `${writes[i - 1]!.id} → ${writes[i]!.id}`).toBe(true);
        const written = writes.reduce((n, r) => n + (JSON.parse(r.summary!).write.rowsChanged as number), 0);
        expect(written).toBe(DEAD);
        // The last write-back began after the last refusal was committed: nothing was left for later.
        const lastRecorded = recordOnly.map((r) => r.finished_at!).sort().at(-1)!;
        expect(writes.at(-1)!.started_at >= lastRecorded).toBe(true);
      } finally { events.close(); }
    });
  });
}
