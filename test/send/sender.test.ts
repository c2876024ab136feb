// The campaign loop against a real SMTP exchange (the programmable remote, smtp-server), the
// real classification rules and the real send ledger. The pipeline port (recordRefusal) is observed
// here by recording its calls; the end-to-end tests run it for real against the databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { classify } from '../../src/classify/index.js';
import type { Verdict } from '../../src/core/types.js';
import { verifyToken } from '../../src/match/token.js';
import { openSendLedger, type SendLedger, type SendRow } from '../../src/send/ledger.js';
import { campaignFrom } from '../../src/send/message.js';
import { sendCampaign, type Recipient, type SendOptions } from '../../src/send/sender.js';
import { reply, startRemote, type Remote, type RemoteOptions } from '../helpers/servers/remote.js';

const SECRET = 'test-secret';
let dir: string;
let ledger: SendLedger;
let remote: Remote | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bs-sender-')); ledger = openSendLedger(join(dir, 'ledger.db')); });
afterEach(async () => { ledger.close(); await remote?.close(); remote = undefined; rmSync(dir, { recursive: true, force: true }); });

const campaign = campaignFrom('spring', { subject: 'Hello {{first_name}}', text: 'Hi {{first_name}}', html: '<p>Hi {{first_name}}</p>' });
const people = (...locals: string[]): Recipient[] => locals.map((l, i) => ({ key: String(i + 1), address: `${l}@corp.test`, fields: { first_name: `<${l}>` } }));
async function* stream(rows: Recipient[]) { yield* rows; }

function options(over: Partial<SendOptions> = {}): SendOptions {
  return {
    from: 'Corp News <news@news.test>', returnPath: 'bounces+{token}@news.test', secret: SECRET,
    listUnsubscribe: 'https://news.test/u/{token}',
    rate: { perSecond: 0, concurrency: 3 }, retry: { attempts: 3, backoffSeconds: 0.05, waitSeconds: 5 },
    block: { count: 3, seconds: 60 }, ...over,
  };
}

async function run(rows: Recipient[], remoteOpts: RemoteOptions, over: Partial<SendOptions> = {}, limit?: number) {
  remote ??= await startRemote(remoteOpts);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: remote.port, pool: true, maxConnections: 3, ignoreTLS: true });
  const flags: { row: SendRow; verdict: Verdict }[] = [];
  try {
    const summary = await sendCampaign(campaign, stream(rows), options(over), {
      ledger, transport, classify: (f) => classify(f), recordRefusal: async (row, verdict) => { flags.push({ row, verdict }); return verdict.hard ? 1 : 0; },
    }, { limit });
    return { summary, flags };
  } finally {
    transport.close();
  }
}

const unknownUser = (to: string) => reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown in local recipient table`);

describe('sending a campaign', () => {
  test('per recipient: sent, dead address flagged at once, full mailbox and block recorded only, greylisting retried', async () => {
    const greyTries = new Map<string, number>();
    const { summary, flags } = await run(people('ann', 'gone', 'full', 'grey', 'policy'), {
      rcpt: (to) => {
        if (to.startsWith('gone')) return unknownUser(to);
        if (to.startsWith('full')) return reply(552, '5.2.2 <' + to + '>: Mailbox full');
        if (to.startsWith('policy')) return reply(554, '5.7.1 <' + to + '>: Relay access denied by policy');
        if (to.startsWith('grey')) {
          const n = (greyTries.get(to) ?? 0) + 1;
          greyTries.set(to, n);
          if (n === 1) return reply(450, '4.2.0 <' + to + '>: Recipient address rejected: Greylisted');
        }
        return undefined;
      },
    });
    expect(summary).toMatchObject({ seen: 5, sent: 2, rejected: 3, flagged: 1, deferred: 0, failed: 0, held: 0 });
    // Every RCPT-time refusal goes to the pipeline (which counts the full mailbox as soft and only
    // records the policy refusal); only the dead address is flagged.
    expect(flags.map((f) => [f.row.rowKey, f.verdict.reason, f.verdict.hard]).sort()).toEqual([['2', 'userunknown', true], ['3', 'mailboxfull', false], ['5', expect.any(String), false]]);
    expect(ledger.counts('spring')).toMatchObject({ sent: 2, rejected: 3 });
    const full = ledger.upsert('spring', '3', 'full@corp.test');
    expect(full).toMatchObject({ state: 'rejected', reason: 'mailboxfull', hard: false, recorded: true });
    expect(ledger.upsert('spring', '5', 'policy@corp.test')).toMatchObject({ state: 'rejected', hard: false });
    expect(ledger.upsert('spring', '4', 'grey@corp.test')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(greyTries.get('grey@corp.test')).toBe(2);
  });

  test('every message carries the signed token in the envelope sender, its own header and the Message-ID; merge fields escaped in HTML', async () => {
    await run(people('ann'), {});
    const [msg] = remote!.messages;
    const row = ledger.upsert('spring', '1', 'ann@corp.test');
    const token = /^bounces\+([a-z0-9]+)@news\.test$/.exec(msg!.from)?.[1];
    expect(token && verifyToken(SECRET, token)).toEqual({ ok: true, sendId: row.id });
    expect(msg!.from.split('@')[0]!.length).toBeLessThan(64);
    const raw = msg!.raw.toString();
    expect(raw).toContain(`X-Bouncesync-Token: ${token}`);
    expect(raw).toContain(`List-Unsubscribe: <https://news.test/u/${token}>`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw).toContain('<p>Hi &lt;ann&gt;</p>');
    expect(raw).toContain('Subject: Hello <ann>');
    const mid = /^Message-ID: (<[^>]+>)/im.exec(raw)?.[1];
    expect(mid).toContain(token);
    expect((await ledger.byMessageId(mid!))?.id).toBe(row.id);
  });

  test('an interrupted send resumes where it stopped and never sends twice', async () => {
    const rows = people('a', 'b', 'c', 'd', 'e');
    const first = await run(rows, {}, {}, 2);
    expect(first.summary.sent).toBe(2);
    // A crash while a message was with the server: its row is left "sending".
    const c = ledger.upsert('spring', '3', 'c@corp.test');
    ledger.sending(c.id, '<crash@news.test>');
    const second = await run(rows, {});
    expect(second.summary).toMatchObject({ sent: 2, skipped: 3, interrupted: 1 });
    const third = await run(rows, {});
    expect(third.summary).toMatchObject({ sent: 0, skipped: 5 });
    const received = remote!.messages.map((m) => m.to[0]).sort();
    expect(received).toEqual(['a@corp.test', 'b@corp.test', 'd@corp.test', 'e@corp.test']);
    expect(ledger.counts('spring')).toMatchObject({ sent: 4, unknown: 1 });
  });

  test('4xx until the retry limit: expired, never flagged', async () => {
    const { summary, flags } = await run(people('grey'), { rcpt: () => reply(451, '4.7.1 Try again later') });
    expect(summary).toMatchObject({ sent: 0, expired: 1, deferred: 0, flagged: 0 });
    expect(remote!.rcpts.length).toBe(3);
    expect(flags).toEqual([]);
  });

  test('sender block: same policy refusal for many recipients pauses; nobody flagged; held rows go out once it is lifted', async () => {
    let blocked = true;
    const rows = people('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    const { summary, flags } = await run(rows, {
      rcpt: () => (blocked ? reply(554, '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.example.test') : undefined),
    }, { rate: { perSecond: 0, concurrency: 1 } });
    expect(summary.paused).toMatchObject({ signature: '554 5.7.1', count: 3 });
    expect(summary.paused!.why).toMatch(/not these addresses. Nobody was flagged/);
    expect(summary).toMatchObject({ rejected: 0, held: 3, flagged: 0, sent: 0 });
    // The refusals that revealed the block were recorded (as policy refusals), none as a dead address.
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.filter((f) => f.verdict.hard)).toEqual([]);
    expect(remote!.rcpts.length).toBe(3);
    blocked = false;
    const after = await run(rows, {});
    expect(after.summary).toMatchObject({ sent: 8, held: 0 });
  });

  test('AUTH refused: the run stops, nothing is marked, the rows wait for the next run', async () => {
    remote = await startRemote({ auth: { user: 'news', pass: 'right' } });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: remote.port, auth: { user: 'news', pass: 'wrong' }, ignoreTLS: true });
    const summary = await sendCampaign(campaign, stream(people('a', 'b', 'c')), options({ rate: { perSecond: 0, concurrency: 1 } }), {
      ledger, transport, classify: (f) => classify(f), recordRefusal: async () => { throw new Error('not called'); },
    });
    transport.close();
    expect(summary.aborted).toMatch(/refused the session .*535.*check send.smtp.auth/);
    expect(summary.sent + summary.failed + summary.rejected).toBe(0);
    expect(ledger.counts('spring')).toMatchObject({ queued: 3, sending: 0, failed: 0 });
  });

  test('the server goes away after a whole message without answering: that row is unknown and never sent again unasked; a server not there at all leaves rows queued', async () => {
    let dropOnce = true;
    const first = await run(people('a', 'b', 'c'), { drop: (m) => m.to[0] === 'b@corp.test' && dropOnce && !(dropOnce = false) }, { rate: { perSecond: 0, concurrency: 1 } });
    expect(first.summary.aborted).toMatch(/went away after a whole message without answering.*send --resend-unknown/);
    expect(remote!.dropped.map((m) => m.to[0])).toEqual(['b@corp.test']);
    expect(ledger.counts('spring')).toMatchObject({ sent: 1, unknown: 1, queued: 1, sending: 0 });
    expect(first.summary.unknown).toBe(1);

    const second = await run(people('a', 'b', 'c'), {}, { rate: { perSecond: 0, concurrency: 1 } });
    expect(second.summary).toMatchObject({ sent: 1, unknown: 1 });
    expect(remote!.messages.map((m) => m.to[0])).toEqual(['a@corp.test', 'c@corp.test']); // b not twice

    // Nothing listening: nothing can have been delivered, so the rows stay queued (sent by the next run).
    const port = remote!.port;
    await remote!.close();
    remote = undefined;
    const gone = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const down = await sendCampaign(campaign, stream(people('a', 'b', 'c', 'd')), options({ rate: { perSecond: 0, concurrency: 1 } }), {
      ledger, transport: gone, classify: (f) => classify(f), recordRefusal: async () => 0,
    });
    gone.close();
    expect(down.aborted).toMatch(/cannot reach the SMTP server/);
    expect(ledger.counts('spring')).toMatchObject({ sent: 2, unknown: 1, queued: 1 });
  });

  test('a refusal the pipeline could not take (database down) is handed over again by the next run', async () => {
    remote = await startRemote({ rcpt: (to) => (to.startsWith('gone') ? unknownUser(to) : undefined) });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: remote.port, ignoreTLS: true });
    const ports = { ledger, transport, classify: (f: Parameters<typeof classify>[0]) => classify(f) };
    const down = await sendCampaign(campaign, stream(people('gone')), options(), { ...ports, recordRefusal: async () => { throw new Error('ECONNREFUSED'); } });
    expect(down).toMatchObject({ rejected: 1, flagged: 0 });
    const taken: string[] = [];
    const up = await sendCampaign(campaign, stream(people('gone')), options(), { ...ports, recordRefusal: async (row) => { taken.push(String(row.rowKey)); return 1; } });
    transport.close();
    expect(up).toMatchObject({ flagged: 1, sent: 0, skipped: 1 });
    expect(taken).toEqual(['1']);
    expect(remote.rcpts.length).toBe(1);
  });
});
