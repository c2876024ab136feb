// `bouncesync events --run ID`: what one run wrote, row by row (old → new, with the change's state),
// for review before `undo --run ID`. Against a YAML config, a SQLite "CRM" and the real decoder.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as eventsCommand } from '../../src/cli/commands/events.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import type { BounceError } from '../../src/core/errors.js';
import { dsn } from '../pipeline/mail.js';
import { createContacts } from '../store/databases.js';

let dir: string;
let crm: Knex;
const config = (ledger: string) => [
  'database: { client: sqlite, connection: { filename: ./crm.sqlite } }',
  'recipients: { table: contacts, key: id, email: email }',
  'flags: { hard: { column: email_bounced, value: 1 }, reason: bounce_reason }',
  'policy: { match: address }',
  `ledger: { sqlite: ./${ledger} }`,
  'sources: [ { folder: ./returned } ]',
].join('\n');

async function cli(command: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out.push(String(c)); return true; });
  try {
    return { code: await command(argv), out: out.join('') };
  } finally { spy.mockRestore(); }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-cli-events-'));
  crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'crm.sqlite') }, useNullAsDefault: true });
  await createContacts(crm);
  await crm('contacts').insert([{ id: 1, email: 'ann@far.test' }, { id: 2, email: 'bob@far.test' }]);
  mkdirSync(join(dir, 'returned'));
  for (const [n, who] of [[1, 'ann'], [2, 'bob']] as const) {
    writeFileSync(join(dir, 'returned', `${n}.eml`), dsn({ id: `e${n}`, to: 'bounces@crm.test', failed: `${who}@far.test`, status: '5.1.1', code: '550', text: 'User unknown' }));
  }
  writeFileSync(join(dir, 'bouncesync.yaml'), config('ledger.sqlite'));
  writeFileSync(join(dir, 'no-ledger.yaml'), config('never-written.sqlite'));
  vi.stubEnv('BOUNCESYNC_LOG', 'silent');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await crm.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('bouncesync events --run', () => {
  it('lists each row the run changed, old → new, and after undo shows the changes undone', async () => {
    const file = join(dir, 'bouncesync.yaml');
    const ran = await cli(runCommand, '--once', '--config', file);
    const runId = /^run (\S+)/.exec(ran.out)?.[1] as string;
    expect([ran.code, ran.out]).toEqual([0, expect.stringMatching(/rows changed 2/)]);

    const listed = await cli(eventsCommand, '--config', file, '--run', runId);
    expect(listed).toEqual({ code: 0, out: [
      'row 1  applied  email_bounced 0 → 1, bounce_reason NULL → "userunknown"',
      'row 2  applied  email_bounced 0 → 1, bounce_reason NULL → "userunknown"',
      '',
    ].join('\n') });
    const json = (await cli(eventsCommand, '--config', file, '--run', runId, '--json')).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(json).toEqual([1, 2].map((key) => ({ run: runId, key, state: 'applied', old: { email_bounced: 0, bounce_reason: null }, new: { email_bounced: 1, bounce_reason: 'userunknown' } })));

    expect((await cli(undoCommand, '--config', file, '--run', runId)).code).toBe(0);
    expect((await cli(eventsCommand, '--config', file, '--run', runId)).out).toMatch(/^row 1  undone  .*\nrow 2  undone  .*\n$/);

    // A run that found nothing to write says so, rather than printing nothing.
    const empty = await cli(runCommand, '--once', '--config', file);
    const emptyId = /^run (\S+)/.exec(empty.out)?.[1] as string;
    expect((await cli(eventsCommand, '--config', file, '--run', emptyId)).out).toBe(`run ${emptyId} has no row changes in the ledger\n`);
  });

  it('an unknown run id is RUN_UNKNOWN, not an empty list', async () => {
    const e = await eventsCommand(['--config', join(dir, 'bouncesync.yaml'), '--run', '20261201-000000-typo']).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('RUN_UNKNOWN');
  });

  it('reads only: with no ledger yet it lists nothing and creates none', async () => {
    const file = join(dir, 'no-ledger.yaml');
    expect(await cli(eventsCommand, '--config', file)).toEqual({ code: 0, out: '' });
    const e = await eventsCommand(['--config', file, '--run', 'x']).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('RUN_UNKNOWN');
    expect(existsSync(join(dir, 'never-written.sqlite'))).toBe(false);
  });
});
