// `send --resend-unknown` as the operator meets it: a real crash (the CLI in a child process,
// killed while the SMTP server holds its answer to a message it has received) leaves rows whose
// outcome is unknown. A plain send never sends them and says how to; --resend-unknown --dry-run
// lists them and sends nothing; --resend-unknown sends exactly those, once; a crash of the resend
// itself leaves them unknown again; a bounce of the new message finds its row.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/log.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { openSendLedger, sendLookup } from '../../src/send/ledger.js';
import { FolderSource } from '../../src/sources/folder.js';
import { createContacts, createTestDb, type TestDb } from '../helpers/databases.js';
import { dsn } from '../helpers/mail.js';
import { until } from '../helpers/wait.js';
import { sendCli, sendConfig } from '../helpers/send-workspace.js';
import { reply, startRemote, type Received, type Remote } from '../helpers/servers/remote.js';

const root = resolve(__dirname, '../..');
const main = join(root, 'dist/src/cli/main.js');

let dir: string;
let t: TestDb;
let remote: Remote;
/** Addresses whose message the remote receives and then never answers (until released). */
const holdFor = new Set<string>();
const held: Received[] = [];
let releaseHeld: () => void = () => {};
let stillHeld = new Promise<void>((r) => { releaseHeld = r; });

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { cwd: root });
  process.env.BOUNCESYNC_LOG = 'silent';
  process.env.TEST_SECRET = 'resend-test-secret-0123456789';
  dir = mkdtempSync(join(tmpdir(), 'bs-resend-'));
  t = await createTestDb('sqlite', 'resend');
  await createContacts(t.db);
  await t.db('contacts').insert(['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'gone', 'ivy'].map((l, i) => ({ id: i + 1, email: `${l}@corp.test`, name: l, list_id: 1, email_bounced: 0 })));
  remote = await startRemote({
    rcpt: (to) => (to.startsWith('gone') ? reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`) : undefined),
    data: (msg) => {
      if (!holdFor.has(msg.to[0]!)) return undefined;
      held.push(msg);
      return stillHeld.then(() => undefined);
    },
  });
  writeFileSync(join(dir, 'spring.txt'), 'Hello {{name}}\n');
  writeFileSync(join(dir, 'bouncesync.yaml'), sendConfig({ crm: (t.connection as { filename: string }).filename, port: remote.port, rate: '{ perSecond: 0, concurrency: 1 }' }));
});
afterAll(async () => { releaseHeld(); await remote?.close(); await t?.drop(); rmSync(dir, { recursive: true, force: true }); });

const cli = (...args: string[]) => sendCli(dir, ...args);

const states = () => {
  const l = openSendLedger(join(dir, 'sends.sqlite'));
  try {
    return Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => [k, l.peek('spring', k)?.state ?? null]));
  } finally { l.close(); }
};
/** Data for these addresses reached the remote (RCPT accepted, message received) this many times. */
// Rows 3-8: cat reached the server and was held; rows are claimed ("sending") four at a time
// while fewer than four wait in the queue, so 4-8 were claimed behind it and never reached it;
// 9 and 10 were read (queued) but not claimed.
const LOST = [3, 4, 5, 6, 7, 8];
const LOST_TO = ['cat', 'dan', 'eve', 'fay', 'gus', 'hal'].map((l) => `${l}@corp.test`);
const only = (keys: number[], state: string | null) => Object.fromEntries(keys.map((k) => [k, state]));
const received = (to: string) => remote.messages.filter((m) => m.to[0] === to).length + held.filter((m) => m.to[0] === to).length;

/**
 * Runs `bouncesync send ARGS` in a child and kills it (SIGKILL: no finally, no cleanup) once the
 * remote holds the message to `crashAt` and `sentFirst` are recorded as sent in the send ledger.
 */
async function crashingSend(args: string[], crashAt: string, sentFirst: number[]): Promise<void> {
  holdFor.add(crashAt);
  const heldBefore = held.length;
  const child = spawn(process.execPath, [main, 'send', '--config', join(dir, 'bouncesync.yaml'), '--json', ...args], { stdio: 'ignore', env: { ...process.env } });
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  try {
    await until(`the remote to hold ${crashAt}`, () => held.length > heldBefore, 60_000, 50);
    await until('earlier rows recorded as sent', () => sentFirst.every((k) => states()[k] === 'sent'), 60_000, 50);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  holdFor.delete(crashAt);
}

describe('send --resend-unknown', () => {
  test('a crash while the server holds a message leaves its row (and those claimed behind it) sending; a plain send makes them unknown and never sends them', async () => {
    await crashingSend(['--campaign', 'spring'], 'cat@corp.test', [1, 2]);
    expect(states()).toEqual({ 1: 'sent', 2: 'sent', ...only(LOST, 'sending'), 9: 'queued', 10: 'queued' });
    expect(LOST_TO.map(received)).toEqual([1, 0, 0, 0, 0, 0]);

    const plain = await cli('--campaign', 'spring');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/sent 1 .* refused 1 \(flagged as dead 1\)/);
    expect(plain.out).toContain('6 recipients were being sent when a previous run stopped; they are not sent again');
    expect(plain.out).toContain('6 recipients have an unknown outcome');
    expect(plain.out).toContain('bouncesync send --campaign spring --resend-unknown');
    expect(states()).toEqual({ 1: 'sent', 2: 'sent', ...only(LOST, 'unknown'), 9: 'rejected', 10: 'sent' });
    // Another plain send, as JSON: still not sent, still counted.
    const again = JSON.parse((await cli('--campaign', 'spring', '--json')).out);
    expect(again).toMatchObject({ sent: 0, unknown: 6, resendUnknown: false });
    expect(LOST_TO.map(received)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(remote.rcpts.filter((r) => LOST_TO.slice(1).includes(r.to))).toEqual([]);
  });

  test('--resend-unknown --dry-run lists them (how many, who, when) and sends nothing', async () => {
    const rcpts = remote.rcpts.length;
    const { code, out } = await cli('--campaign', 'spring', '--resend-unknown', '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('dry run: nothing sent, nothing recorded');
    expect(out).toMatch(/campaign spring: 6 recipients with an unknown outcome \(handed to the server (at|between) 20\d\d-/);
    // The first five (oldest first), with when they were handed over, and how many more.
    for (const to of LOST_TO.slice(0, 5)) expect(out).toMatch(new RegExp(` {2}${to.replace('.', '\\.')} {2}20\\d\\d-\\d\\d-\\d\\dT`));
    expect(out).toContain('and 1 more');
    expect(out).toContain('would send again 6');
    expect(out).toContain('To: cat@corp.test');
    expect(remote.rcpts.length).toBe(rcpts);
    expect(states()).toMatchObject(only(LOST, 'unknown'));
  });

  test('a resend that crashes leaves its rows unknown again: never lost, never counted twice', async () => {
    await crashingSend(['--campaign', 'spring', '--resend-unknown'], 'cat@corp.test', []);
    expect(states()).toMatchObject(only(LOST, 'sending'));
    const plain = JSON.parse((await cli('--campaign', 'spring', '--json')).out);
    expect(plain).toMatchObject({ sent: 0, interrupted: 6, unknown: 6 });
    const l = openSendLedger(join(dir, 'sends.sqlite'));
    try {
      expect(l.counts('spring')).toEqual({ unknown: 6, sending: 0, sent: 3, rejected: 1, queued: 0, deferred: 0, expired: 0, failed: 0, held: 0 });
    } finally { l.close(); }
    expect(LOST_TO.map(received)).toEqual([2, 0, 0, 0, 0, 0]);
  });

  test('--resend-unknown lists, then sends exactly those, once; a second one sends nothing', async () => {
    const before = remote.rcpts.length;
    const { code, out } = await cli('--campaign', 'spring', '--resend-unknown');
    expect(code).toBe(0);
    const listedAt = out.indexOf('6 recipients with an unknown outcome');
    expect(listedAt).toBeGreaterThanOrEqual(0);
    expect(listedAt).toBeLessThan(out.indexOf('sent again: sent 6'));
    expect(out).toMatch(/sent again: sent 6 .* refused 0/);
    expect(out).not.toContain('have an unknown outcome');
    expect(remote.rcpts.slice(before).map((r) => r.to).sort()).toEqual(LOST_TO);
    expect(LOST_TO.map(received)).toEqual([3, 1, 1, 1, 1, 1]);
    expect(states()).toEqual({ 1: 'sent', 2: 'sent', ...only(LOST, 'sent'), 9: 'rejected', 10: 'sent' });

    const second = await cli('--campaign', 'spring', '--resend-unknown', '--json');
    expect(JSON.parse(second.out)).toMatchObject({ sent: 0, unknown: 0, resendUnknown: true, listed: { count: 0 } });
    expect(remote.rcpts.length).toBe(before + 6);
    const plain = JSON.parse((await cli('--campaign', 'spring', '--json')).out);
    expect(plain).toMatchObject({ sent: 0, unknown: 0 });
    expect(remote.rcpts.length).toBe(before + 6);
  });

  test('bounces of the re-sent messages find their rows: one by the token it quotes, one by its Message-ID alone', async () => {
    const resent = (to: string) => remote.messages.filter((m) => m.to[0] === to).at(-1)!;
    const header = (m: Received, name: string) => new RegExp(`^${name}: (.+)$`, 'im').exec(m.raw.toString())![1]!.trim();
    const cat = resent('cat@corp.test');
    const dan = resent('dan@corp.test');
    const catToken = header(cat, 'X-Bouncesync-Token');
    const danMid = header(dan, 'Message-ID');
    const sends = openSendLedger(join(dir, 'sends.sqlite'));
    try {
      // The ledger holds the new message's Message-ID, not the lost attempt's.
      expect((await sends.byMessageId(danMid))?.rowKey).toBe(4);
      expect(sends.peek('spring', 4)!.attempts).toBe(3);
    } finally { sends.close(); }

    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '1.eml'), dsn({ id: 'dsn-cat', to: `bounces+${catToken}@corp.test`, failed: 'cat@corp.test', status: '5.1.1', code: '550', text: 'User unknown', quoted: [`X-Bouncesync-Token: ${catToken}`] }));
    writeFileSync(join(inbox, '2.eml'), dsn({ id: 'dsn-dan', to: 'bounces@corp.test', failed: 'dan@corp.test', status: '5.1.1', code: '550', text: 'User unknown', quoted: [`Message-ID: ${danMid}`] }));
    const config = loadConfig(join(dir, 'bouncesync.yaml'));
    const lookup = sendLookup(config.send.ledger);
    const agent = await openAgent(config, { sends: lookup, log: silentLogger });
    try {
      const s = await runOnce(agent, [new FolderSource(inbox)]);
      expect(s.problems).toEqual([]);
      expect(s).toMatchObject({ messages: 2, flag: 2 });
      const events = await agent.ledger.list({ limit: 100 });
      const by = (a: string) => events.find((e) => e.address === a && e.source !== 'send-time');
      expect(by('cat@corp.test')).toMatchObject({ matchBy: 'token', rowKey: '3', decision: 'flag' });
      expect(by('dan@corp.test')).toMatchObject({ matchBy: 'message-id', rowKey: '4', decision: 'flag' });
    } finally {
      await closeAgent(agent);
      lookup.close();
    }
    const rows = await t.db('contacts').whereIn('id', [3, 4]).orderBy('id').select('email_bounced', 'bounce_status');
    expect(rows).toEqual([{ email_bounced: 1, bounce_status: '5.1.1' }, { email_bounced: 1, bounce_status: '5.1.1' }]);
  });
});

