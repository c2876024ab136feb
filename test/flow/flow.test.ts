import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { makeToken } from '../../src/match/token.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { FolderSource } from '../../src/sources/folder.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as eventsCommand } from '../../src/cli/commands/events.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import { run as checkCommand } from '../../src/cli/commands/check.js';
import { createContacts } from '../helpers/databases.js';
import { memorySends, SECRET } from '../helpers/agent.js';
import { autoReply, dsn, notABounce } from '../helpers/mail.js';

// End to end with the real decoder: .eml files in a folder → run → rows in a SQLite "CRM",
// files moved to processed/ unrecognised/ quarantine/, and the CLI commands on top.

let dir: string;
let crm: Knex;
const rows = () => crm('contacts').orderBy('id').select('id', 'email_bounced', 'bounce_reason', 'soft_bounces', 'notes');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-pipeline-'));
  crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'crm.sqlite') }, useNullAsDefault: true });
  await createContacts(crm);
  await crm('contacts').insert([
    { id: 1, email: 'ann@far.test', notes: 'keep' }, { id: 2, email: 'bob@far.test' }, { id: 3, email: 'cy@far.test' }, { id: 4, email: 'dee@far.test' },
  ]);
});
afterAll(async () => { await crm.destroy(); });

describe('run --once over a folder, with the real decoder', () => {
  it('flags by token, counts soft by Message-ID, files every message, and a second pass changes nothing', async () => {
    const inbox = join(dir, 'returned');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '1.eml'), dsn({ id: 'd1', to: `bounces+${makeToken(SECRET, 1)}@crm.test`, failed: 'ann@far.test', status: '5.1.1', code: '550', text: 'User unknown in virtual mailbox table' }));
    writeFileSync(join(inbox, '2.eml'), dsn({ id: 'd2', to: 'bounces@crm.test', failed: 'bob@far.test', status: '4.2.2', code: '552', text: 'Mailbox full', originalId: '<send-2@crm.test>' }));
    writeFileSync(join(inbox, '3.eml'), autoReply('cy@far.test'));
    writeFileSync(join(inbox, '4.eml'), notABounce(4));
    writeFileSync(join(inbox, '5.eml'), Buffer.alloc(11 * 1024 * 1024, 'a'));
    const sends = memorySends([
      { id: 1, campaign: 'dec', rowKey: '1', address: 'ann@far.test', messageId: '<send-1@crm.test>' },
      { id: 2, campaign: 'dec', rowKey: '2', address: 'bob@far.test', messageId: '<send-2@crm.test>' },
    ]);
    const config = parseConfig({
      database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
      recipients: { table: 'contacts', key: 'id', email: 'email' },
      flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason', softCount: 'soft_bounces' },
      ledger: { sqlite: join(dir, 'ledger-a.sqlite') },
      send: { secret: SECRET },
    });
    const agent = await openAgent(config, { sends });
    const s = await runOnce(agent, [new FolderSource(inbox)]);
    expect({ messages: s.messages, flag: s.flag, soft: s.soft, ignored: s.ignored, errors: s.errors, problems: s.problems })
      .toEqual({ messages: 5, flag: 1, soft: 1, ignored: 2, errors: 1, problems: [] });
    expect(await rows()).toEqual([
      { id: 1, email_bounced: 1, bounce_reason: 'userunknown', soft_bounces: 0, notes: 'keep' },
      { id: 2, email_bounced: 0, bounce_reason: null, soft_bounces: 1, notes: null },
      { id: 3, email_bounced: 0, bounce_reason: null, soft_bounces: 0, notes: null },
      { id: 4, email_bounced: 0, bounce_reason: null, soft_bounces: 0, notes: null },
    ]);
    expect(readdirSync(join(inbox, 'processed')).sort()).toEqual(['1.eml', '2.eml', '3.eml']);
    expect(readdirSync(join(inbox, 'unrecognised'))).toEqual(['4.eml']);
    expect(readdirSync(join(inbox, 'quarantine'))).toEqual(['5.eml']);
    expect(readdirSync(inbox).filter((f) => f.endsWith('.eml'))).toEqual([]);

    const again = await runOnce(agent, [new FolderSource(join(inbox, 'processed'))]);
    expect(again.alreadySeen).toBe(0); // a new source name: new events, same absolute values
    expect(again.write?.rowsChanged).toBe(0);
    await closeAgent(agent);
  });
});

describe('run --once with the real decoder: addresses compared in ASCII letter case only', () => {
  it('a DSN for a look-alike of kim@ (U+212A KELVIN SIGN) flags nothing under match: address; KIM@ does', async () => {
    const inbox = join(dir, 'kelvin');
    mkdirSync(inbox);
    await crm('contacts').insert({ id: 50, email: 'kim@far.test' });
    writeFileSync(join(inbox, '1.eml'), dsn({ id: 'k1', to: 'bounces@crm.test', failed: '\u212Aim@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
    const agent = await openAgent(parseConfig({
      database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
      recipients: { table: 'contacts', key: 'id', email: 'email' }, flags: { hard: { column: 'email_bounced', value: 1 } },
      policy: { match: 'address' }, ledger: { sqlite: join(dir, 'ledger-kelvin.sqlite') },
    }));
    try {
      const s = await runOnce(agent, [new FolderSource(inbox)]);
      expect({ flag: s.flag, unmatched: s.unmatched, problems: s.problems }).toEqual({ flag: 0, unmatched: 1, problems: [] });
      expect((await agent.ledger.list({})).map((e) => e.address)).toEqual(['\u212Aim@far.test']);
      expect(Number((await crm('contacts').where({ id: 50 }).first()).email_bounced)).toBe(0);
      // The control: the same DSN for KIM@FAR.TEST is kim's.
      writeFileSync(join(inbox, '2.eml'), dsn({ id: 'k2', to: 'bounces@crm.test', failed: 'KIM@FAR.TEST', status: '5.1.1', code: '550', text: 'No such user' }));
      expect((await runOnce(agent, [new FolderSource(inbox)])).flag).toBe(1);
      expect(Number((await crm('contacts').where({ id: 50 }).first()).email_bounced)).toBe(1);
    } finally {
      await closeAgent(agent);
      await crm('contacts').where({ id: 50 }).delete();
    }
  });
});

describe('the CLI: check, run --once [--dry-run], events, undo', () => {
  const out: string[] = [];
  const capture = () => {
    out.length = 0;
    return vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
  };

  it('runs the documented commands against a YAML config', async () => {
    const inbox = join(dir, 'cli-returned');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'a.eml'), dsn({ id: 'c1', to: 'bounces@crm.test', failed: 'DEE@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
    const file = join(dir, 'bouncesync.yaml');
    writeFileSync(file, [
      'database: { client: sqlite, connection: { filename: ./crm.sqlite } }',
      'recipients: { table: contacts, key: id, email: email }',
      'flags: { hard: { column: email_bounced, value: 1 }, reason: bounce_reason }',
      'policy: { match: address }',
      'ledger: { sqlite: ./ledger-cli.sqlite }',
      'sources: [ { folder: ./cli-returned } ]',
    ].join('\n'));
    vi.stubEnv('BOUNCESYNC_LOG', 'silent');

    let spy = capture();
    expect(await checkCommand(['--config', file])).toBe(0);
    spy.mockRestore();
    expect(out.join('')).toMatch(/UPDATE right on the mapped columns: yes[^\n]*\naddress matching: "email" compares letter case: [^\n]*lower\(trim\(email\)\)\n[\s\S]*sample row 1:\n  email_bounced: 1 → 1/);

    spy = capture();
    expect(await runCommand(['--once', '--dry-run', '--config', file])).toBe(0);
    spy.mockRestore();
    expect(out.join('')).toMatch(/dry run[\s\S]*row 4: email_bounced 0 → 1/);
    expect(existsSync(join(inbox, 'a.eml'))).toBe(true);
    expect(existsSync(join(dir, 'ledger-cli.sqlite'))).toBe(false); // not even a new ledger file
    expect(Number((await crm('contacts').where({ id: 4 }).first()).email_bounced)).toBe(0);

    spy = capture();
    expect(await runCommand(['--once', '--config', file])).toBe(0);
    spy.mockRestore();
    const runId = /run (\S+)/.exec(out.join(''))?.[1];
    expect(out.join('')).toMatch(/hard flags 1[\s\S]*rows changed 1/);
    expect(Number((await crm('contacts').where({ id: 4 }).first()).email_bounced)).toBe(1);

    spy = capture();
    expect(await eventsCommand(['--config', file, '--address', 'dee@far.test', '--json'])).toBe(0);
    spy.mockRestore();
    const listed = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(listed.map((e) => [e.decision, e.state, e.matchBy, e.status])).toEqual([['flag', 'written', 'address', '5.1.1']]);

    spy = capture();
    expect(await eventsCommand(['--config', file, '--run', String(runId)])).toBe(0);
    spy.mockRestore();
    expect(out.join('')).toMatch(/^row 4  applied  email_bounced 0 → 1, bounce_reason NULL → "userunknown"\n$/);

    spy = capture();
    expect(await undoCommand(['--config', file, '--run', String(runId)])).toBe(0);
    spy.mockRestore();
    expect(out.join('')).toMatch(/rows restored 1/);
    expect(Number((await crm('contacts').where({ id: 4 }).first()).email_bounced)).toBe(0);
    vi.unstubAllEnvs();
  });
});

describe('run --once with the database down', () => {
  it('records the events, moves the mail, exits 1 and says so; nothing is lost', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r())); // a port nobody listens on: a stopped server
    const inbox = join(dir, 'down-returned');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'a.eml'), dsn({ id: 'dn', to: `bounces+${makeToken(SECRET, 1)}@crm.test`, failed: 'ann@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
    const file = join(dir, 'down.yaml');
    writeFileSync(file, [
      `database: { client: postgres, connection: { host: 127.0.0.1, port: ${port}, user: x, database: x }, connectTimeoutMs: 1000 }`,
      'recipients: { table: contacts, key: id, email: email }',
      'flags: { hard: { column: email_bounced, value: 1 } }',
      'ledger: { sqlite: ./ledger-down.sqlite }',
      `send: { secret: ${SECRET} }`,
      'sources: [ { folder: ./down-returned } ]',
    ].join('\n'));
    vi.stubEnv('BOUNCESYNC_LOG', 'silent');
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out.push(String(c)); return true; });
    const code = await runCommand(['--once', '--config', file]);
    spy.mockRestore();
    vi.unstubAllEnvs();
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/problem: DB_UNAVAILABLE|problem: .*cannot reach the database/);
    expect(readdirSync(join(inbox, 'processed'))).toEqual(['a.eml']);
  });
});

describe('processor(): the pipeline as the service drives it', () => {
  it('handles one message at a time and writes back on request', async () => {
    const { processor } = await import('../../src/flow/flow.js');
    const inbox = join(dir, 'svc');
    mkdirSync(inbox);
    const config = parseConfig({
      database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
      recipients: { table: 'contacts', key: 'id', email: 'email' },
      flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason' },
      policy: { match: 'address' },
      ledger: { sqlite: join(dir, 'ledger-svc.sqlite') },
    });
    const agent = await openAgent(config);
    await crm('contacts').where({ id: 3 }).update({ email_bounced: 0 });
    const p = processor(agent);
    const raw = Buffer.from(dsn({ id: 's1', to: 'bounces@crm.test', failed: 'cy@far.test', status: '5.1.1', code: '550', text: 'No such user' }));
    expect(await p.handle({ id: 'u1', source: 'imap:INBOX', raw })).toEqual({ outcome: 'processed', kind: 'bounce', unmatched: 0 });
    expect(Number((await crm('contacts').where({ id: 3 }).first()).email_bounced)).toBe(0);
    expect(await p.writeBack()).toEqual({ written: 1, pending: 0 });
    expect(Number((await crm('contacts').where({ id: 3 }).first()).email_bounced)).toBe(1);
    await closeAgent(agent);
  });
});

describe('folder source: a Maildir', () => {
  it('reads new/ and cur/, and moves a message only when told', async () => {
    const md = join(dir, 'Maildir');
    for (const d of ['new', 'cur', 'tmp']) mkdirSync(join(md, d), { recursive: true });
    writeFileSync(join(md, 'new', '1733000000.M1.host'), notABounce(1));
    writeFileSync(join(md, 'cur', '1733000001.M2.host:2,S'), autoReply('x@far.test'));
    writeFileSync(join(md, 'tmp', 'half-written'), 'From: x');
    const src = new FolderSource(md);
    const seen: string[] = [];
    for await (const r of src.pull(new AbortController().signal)) seen.push(r.id);
    expect(seen).toEqual(['new/1733000000.M1.host', 'cur/1733000001.M2.host:2,S']);
    expect(existsSync(join(md, 'new', '1733000000.M1.host'))).toBe(true);
    await src.ack(seen[0], 'unrecognised');
    await src.ack(seen[1], 'processed');
    expect(readdirSync(join(md, 'unrecognised'))).toEqual(['1733000000.M1.host']);
    expect(readdirSync(join(md, 'processed'))).toEqual(['1733000001.M2.host:2,S']);
    expect(readdirSync(join(md, 'tmp'))).toEqual(['half-written']);
  });
});

describe('logs', () => {
  it('keep addresses out of info-level lines', async () => {
    const { pino } = await import('pino');
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => { lines.push(l); } });
    const inbox = join(dir, 'logged');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'a.eml'), dsn({ id: 'l1', to: 'bounces@crm.test', failed: 'secret.person@far.test', status: '5.1.1', code: '550', text: 'No such user secret.person@far.test' }));
    const config = parseConfig({
      database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
      recipients: { table: 'contacts', key: 'id', email: 'email' }, flags: { hard: { column: 'email_bounced', value: 1 } },
      policy: { match: 'address' }, ledger: { sqlite: join(dir, 'ledger-log.sqlite') },
    });
    const agent = await openAgent(config, { log });
    await runOnce(agent, [new FolderSource(inbox)]);
    await closeAgent(agent);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain('secret.person');
  });
});
