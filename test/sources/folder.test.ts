// A folder source meets a file it cannot read, a quarantine it cannot write, and a folder that is
// not there, under `run --once` and under the service. One file never stops the others; a missing
// folder is an error with its key and the fix, never "no mail".
// The unreadable file is a real EACCES: as root the code runs with nobody's effective ids
// (test/unprivileged.ts), as the service account meets a file delivered with mode 600 by root.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAgent } from '../../src/runner/loop.js';
import { serveHealth } from '../../src/runner/health.js';
import { Metrics } from '../../src/runner/metrics.js';
import { run as checkCommand } from '../../src/cli/commands/check.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { parseConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/log.js';
import { Checkpoints } from '../../src/ledger/checkpoints.js';
import { closeAgent, openAgent, processor, type Agent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { FolderSource } from '../../src/sources/folder.js';
import { freePort } from '../helpers/net.js';
import { createContacts } from '../helpers/databases.js';
import { cli } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';
import { asUnprivileged, giveAway, writeUnreadable } from '../helpers/unprivileged.js';
import { dsn } from '../helpers/mail.js';

const READABLE = 49;
let dir: string;
let crm: Knex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-folder-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'db'));
  crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'db', 'crm.sqlite') }, useNullAsDefault: true });
  await createContacts(crm);
  await crm('contacts').insert(Array.from({ length: READABLE }, (_, i) => ({ id: i + 1, email: `u${i + 1}@far.test` })));
  vi.stubEnv('BOUNCESYNC_LOG', 'silent');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await crm.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A folder of 49 hard bounces (one per contact) and, among them, one file nobody but root may read. */
function inbox(name: string): string {
  const at = join(dir, name);
  mkdirSync(at);
  for (let i = 1; i <= READABLE; i++) writeFileSync(join(at, `${String(i).padStart(2, '0')}.eml`), dsn({ id: `${name}${i}`, to: 'bounces@crm.test', failed: `u${i}@far.test`, status: '5.1.1', code: '550', text: 'No such user' }));
  giveAway(at);
  writeUnreadable(join(at, '25-unreadable.eml'), dsn({ id: `${name}-x`, to: 'bounces@crm.test', failed: 'u1@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
  return at;
}

async function agentFor(ledger: string, maxAttempts: number): Promise<Agent> {
  const agent = await openAgent(parseConfig({
    database: { client: 'sqlite', connection: { filename: join(dir, 'db', 'crm.sqlite') } },
    recipients: { table: 'contacts', key: 'id', email: 'email' }, flags: { hard: { column: 'email_bounced', value: 1 } },
    policy: { match: 'address' }, ledger: { sqlite: join(dir, 'db', ledger) }, agent: { maxAttempts },
  }));
  giveAway(join(dir, 'db')); // the CRM and the ledger, now created, are the unprivileged account's to write
  return agent;
}

const flagged = async () => Number((await crm('contacts').where('email_bounced', 1).count({ n: '*' }))[0].n);
const reset = () => crm('contacts').update({ email_bounced: 0 });

describe('a file the agent cannot read', () => {
  it('run --once: the other 49 are processed; its attempts are counted and on the third it goes to quarantine', async () => {
    const at = inbox('once');
    const agent = await agentFor('ledger-once.sqlite', 3);
    try {
      const pass = () => asUnprivileged(() => runOnce(agent, [new FolderSource(at, 'sources[0].folder')]));
      const first = await pass();
      expect(first.flag).toBe(READABLE);
      expect(await flagged()).toBe(READABLE);
      expect(readdirSync(join(at, 'processed'))).toHaveLength(READABLE);
      expect(first.problems).toEqual([`folder:once: 25-unreadable.eml: SOURCE_UNREADABLE: the file ${join(at, '25-unreadable.eml')} cannot be read: `
        + `EACCES: permission denied, open '${join(at, '25-unreadable.eml')}'. Let the account the agent runs as read it; until then it is tried again each pass, `
        + 'and moved to quarantine/ after agent.maxAttempts. (attempt 1 of 3)']);
      expect((await pass()).problems).toEqual([expect.stringMatching(/25-unreadable\.eml: SOURCE_UNREADABLE: .*\(attempt 2 of 3\)$/)]);
      expect((await pass()).problems).toEqual([expect.stringMatching(/25-unreadable\.eml: SOURCE_UNREADABLE: .*\(attempt 3 of 3: moved to quarantine\)$/)]);
      expect(readdirSync(join(at, 'quarantine'))).toEqual(['25-unreadable.eml']);
      expect(readdirSync(at).filter((f) => f.endsWith('.eml'))).toEqual([]);
      const fourth = await pass();
      expect([fourth.messages, fourth.problems]).toEqual([0, []]);
    } finally {
      await closeAgent(agent);
      await reset();
    }
  });

  it('run --once: when it cannot even be moved to quarantine, every run says so and the others go on', async () => {
    const at = inbox('stuck');
    mkdirSync(join(at, 'quarantine'));
    chmodSync(join(at, 'quarantine'), 0o555); // (as root: root's, so not the unprivileged account's to write either)
    const agent = await agentFor('ledger-stuck.sqlite', 1);
    try {
      for (const attempt of [1, 2]) {
        const s = await asUnprivileged(() => runOnce(agent, [new FolderSource(at)]));
        expect(s.problems, `run ${attempt}`).toEqual([expect.stringMatching(new RegExp(`25-unreadable\\.eml: SOURCE_UNREADABLE: .* \\(failed ${attempt} times; it cannot be moved to quarantine either: EACCES: permission denied.*; tried again next pass\\)$`))]);
      }
      expect(readdirSync(join(at, 'processed'))).toHaveLength(READABLE);
      expect(existsSync(join(at, '25-unreadable.eml'))).toBe(true);
    } finally {
      await closeAgent(agent);
      await reset();
    }
  });

  it('the service: the other 49 are processed and written, the file is quarantined after maxAttempts', async () => {
    const at = inbox('service');
    const agent = await agentFor('ledger-service.sqlite', 2);
    const metrics = new Metrics();
    const stop = new AbortController();
    try {
      const src = new FolderSource(at);
      await asUnprivileged(async () => {
        const running = runAgent({ sources: [src], processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics, log: silentLogger,
          maxAttempts: 2, pollSeconds: 0.2, writeEverySeconds: 0.2, backoff: { minMs: 100, maxMs: 500 } }, stop.signal);
        await until('quarantined and written', async () => existsSync(join(at, 'quarantine', '25-unreadable.eml')) && (await flagged()) === READABLE);
        stop.abort();
        const sum = await running;
        expect([sum.quarantined, sum.written]).toEqual([1, READABLE]);
      });
      expect(readdirSync(join(at, 'processed'))).toHaveLength(READABLE);
      expect(metrics.get('bouncesync_quarantined_total', { source: src.name })).toBe(1);
      expect(metrics.get('bouncesync_errors_total', { source: src.name })).toBe(2);
      expect(metrics.get('bouncesync_source_up', { source: src.name })).toBe(1);
    } finally {
      stop.abort();
      await closeAgent(agent);
      await reset();
    }
  });
});

describe('a folder source that is not there', () => {
  const config = (folder: string) => [
    'database: { client: sqlite, connection: { filename: ./db/crm.sqlite } }',
    'recipients: { table: contacts, key: id, email: email }',
    'flags: { hard: { column: email_bounced, value: 1 } }',
    'policy: { match: address }',
    'ledger: { sqlite: ./db/ledger-missing.sqlite }',
    `sources: [ { folder: ./returned-elsewhere }, { folder: ${folder} } ]`,
  ].join('\n');

  it('run --once and check: SOURCE_NOT_FOUND naming the path and the key, exit 1; a file in its place too', async () => {
    mkdirSync(join(dir, 'returned-elsewhere'));
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    for (const [folder, what] of [['./retruned', 'does not exist'], ['./a-file', 'is a file, not a folder']]) {
      const file = join(dir, 'missing.yaml');
      writeFileSync(file, config(folder));
      const path = join(dir, folder.slice(2));
      const said = `SOURCE_NOT_FOUND: the folder ${path} (sources[1].folder) ${what}. Correct sources[1].folder in the config, or create the folder (or mount it) where returned mail is delivered; the agent keeps trying.`;
      const once = await cli(runCommand, '--once', '--config', file);
      expect(once.code).toBe(1);
      expect(once.out).toContain(`problem: folder:${folder.slice(2)}: ${said}`);
      const check = await cli(checkCommand, '--config', file);
      expect(check.code).toBe(1);
      expect(check.out).toContain(`source folder:returned-elsewhere: ${join(dir, 'returned-elsewhere')} (sources[0].folder): 0 messages waiting\n`);
      expect(check.out).toContain(`source folder:${folder.slice(2)}: ${said}\n`);
      expect(check.out).toMatch(/a source failed: see above\n$/);
    }
  });

  it('the service: the source is down in /healthz and the metrics, tried again, and up once the folder appears', async () => {
    const at = join(dir, 'mounted-later');
    const agent = await agentFor('ledger-later.sqlite', 3);
    const metrics = new Metrics();
    const sourceErrors = new Map<string, string>();
    const port = await freePort();
    const server = await serveHealth({ port, staleSeconds: 600, sourceErrors }, metrics, ['folder:mounted-later'], silentLogger);
    const stop = new AbortController();
    const running = runAgent({ sources: [new FolderSource(at, 'sources[0].folder')], processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics, log: silentLogger,
      sourceErrors, pollSeconds: 0.2, writeEverySeconds: 0.2, backoff: { minMs: 100, maxMs: 300 } }, stop.signal);
    const health = async () => { const r = await fetch(`http://127.0.0.1:${port}/healthz`); return { status: r.status, body: await r.json() }; };
    try {
      await until('an error counted', () => metrics.get('bouncesync_errors_total', { source: 'folder:mounted-later' }) >= 2);
      expect(metrics.get('bouncesync_source_up', { source: 'folder:mounted-later' })).toBe(0);
      expect(await health()).toEqual({ status: 503, body: { status: 'failing', backlog: 0, sources: { 'folder:mounted-later': {
        ok: false, up: false, lastPoll: null, error: expect.stringMatching(new RegExp(`^SOURCE_NOT_FOUND: the folder ${at} \\(sources\\[0\\]\\.folder\\) does not exist`)) } } } });
      mkdirSync(at);
      writeFileSync(join(at, '1.eml'), dsn({ id: 'later1', to: 'bounces@crm.test', failed: 'u7@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
      await until('read once it appeared', () => existsSync(join(at, 'processed', '1.eml')));
      await until('up again', () => metrics.get('bouncesync_source_up', { source: 'folder:mounted-later' }) === 1);
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', sources: { 'folder:mounted-later': { ok: true, up: true, error: null } } } });
    } finally {
      stop.abort();
      await running;
      server.close();
      await closeAgent(agent);
      await reset();
    }
  });
});
