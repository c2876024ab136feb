// The command line as a person meets it: a misspelt option is a usage error that names the option
// and shows how to call the command (exit 2), never a stack trace; --help prints the command's line.
// Every command exits 2 for a wrong command line (a missing or malformed option, a run or campaign
// it names that is not there) and 1 only when the work itself fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContacts } from '../helpers/databases.js';

const cli = join(import.meta.dirname, '../../dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, BOUNCESYNC_LOG: 'silent' } });

let dir: string;
let config: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-usage-'));
  const crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'crm.sqlite') }, useNullAsDefault: true });
  await createContacts(crm);
  await crm.destroy();
  config = join(dir, 'bouncesync.yaml');
  writeFileSync(config, [
    'database: { client: sqlite, connection: { filename: ./crm.sqlite } }',
    'recipients: { table: contacts, key: id, email: email }',
    'flags: { hard: { column: email_bounced, value: 1 } }',
    'send: { secret: usage-test-secret-0123456789, smtp: { host: 127.0.0.1 }, from: news@corp.test, returnPath: "b+{token}@corp.test" }',
  ].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bouncesync usage', () => {
  it.each(['decode', 'check', 'run', 'events', 'undo', 'review', 'send'])('%s with an unknown option: exit 2, names it, no stack', (name) => {
    const r = run(name, '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`bouncesync:? (${name}: |SEND_USAGE: )Unknown option '--no-such-option'`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['send', [], /SEND_USAGE: send needs --campaign NAME/],
    ['send', ['--campaign'], /SEND_USAGE: Option '--campaign <value>' argument missing/],
    ['send', ['--campaign', 'spring', '--limit', 'ten'], /SEND_USAGE: --limit must be a whole number/],
    ['send', ['--campaign', 'spring', 'extra'], /SEND_USAGE: Unexpected argument 'extra'/],
    ['send', ['--campaign', 'nope', '--config', '{config}'], /SEND_NO_CAMPAIGN: there is no campaign "nope" in the config/],
    ['check', ['extra'], /check: Unexpected argument 'extra'/],
    ['run', ['--dry-run'], /run: --dry-run needs --once/],
    ['events', ['--since', 'yesterday-ish'], /events: --since "yesterday-ish" is not a date/],
    ['events', ['--run'], /events: Option '--run <value>' argument missing/],
    ['events', ['--run', 'no-such-run', '--config', '{config}'], /RUN_UNKNOWN: there is no run "no-such-run"/],
    ['undo', [], /usage: bouncesync undo --run ID/],
    ['undo', ['--run', 'no-such-run', '--config', '{config}'], /RUN_UNKNOWN: there is no run "no-such-run"/],
    ['review', ['--dry-run'], /review: --dry-run goes with --approve or --dismiss/],
    ['review', ['--approve', 'a', '--dismiss', 'b'], /review: approve and dismiss in separate calls/],
    ['service', [], /usage: bouncesync service install\|uninstall\|status/],
    ['service', ['install'], /service install: --config FILE is required/],
    ['decode', [], /usage: bouncesync decode/],
    ['decode', ['--max-bytes', 'many', 'x.eml'], /decode: --max-bytes must be a positive whole number/],
  ] as const)('%s %j: exit 2 with what to type', (name, args, said) => {
    const r = run(name, ...args.map((a) => a.replace('{config}', config)));
    expect(r.stderr).toMatch(said);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a failure that is not the command line\'s exits 1 (a config that cannot be read)', () => {
    const r = run('check', '--config', dir);
    expect(r.stderr).toMatch(/CONFIG_UNREADABLE: the config file .* exists but cannot be read \(EISDIR/);
    expect(r.status).toBe(1);
  });

  it('CMD --help prints the command line and exits 0', () => {
    const r = run('undo', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^bouncesync undo: .*undo --run ID \[--dry-run\]/);
  });

  it('an unknown command lists the commands (exit 2)', () => {
    const r = run('flag-everyone');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "flag-everyone"[\s\S]*decode[\s\S]*undo/);
  });
});

describe('a reader that closes the pipe early', () => {
  // `bouncesync events | head`: the output ends there; no "write EPIPE" stack trace on stderr.
  it('ends quietly', () => {
    for (let i = 0; i < 5; i++) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" decode --help | true`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
    }
  });
});
