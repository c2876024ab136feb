// `npm start` as a newcomer runs it: scripts/demo.mjs over the built CLI (npm install builds dist/),
// in a folder of its own. Its outcomes are read back from the CRM it made and from
// `bouncesync events --json`: the dead address refused at RCPT TO is flagged by the send itself,
// the full mailbox and the block of the sender are not; the DSN that comes back later for a
// message the send sent matches by its signed token and flags its row; the forged one flags nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const cli = join(repo, 'dist/src/cli/main.js');

type Event = { address: string; source: string; runId: string; matchBy: string; matchStrength: string; status: string; decision: string; state: string; writtenRun: string | null };
type Row = { email: string; email_bounced: number; bounce_reason: string | null; bounce_status: string | null; soft_bounces: number; email_opt_out: number };

let dir: string;
let demo: { status: number | null; stdout: string; stderr: string };
let events: Map<string, Event>;
let crm: Map<string, Row>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bs-demo-'));
  demo = spawnSync(process.execPath, [join(repo, 'scripts/demo.mjs')], { encoding: 'utf8', env: { ...process.env, BOUNCESYNC_DEMO_DIR: dir } });
  const listed = spawnSync(process.execPath, [cli, 'events', '--json', '--config', join(dir, 'bouncesync.yaml')], { encoding: 'utf8', env: { ...process.env, BOUNCESYNC_LOG: 'silent' } });
  events = new Map(listed.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event).map((e) => [e.address, e]));
  const db = new Database(join(dir, 'crm.sqlite'), { readonly: true });
  crm = new Map((db.prepare('SELECT * FROM contacts').all() as Row[]).map((r) => [r.email, r]));
  db.close();
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('npm start (scripts/demo.mjs)', () => {
  it('runs every step as a user would and ends with where to go next', () => {
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    for (const command of ['send --campaign spring --dry-run', 'send --campaign spring', 'run --once --dry-run', 'run --once', 'events']) expect(demo.stdout).toContain(`\n$ bouncesync ${command}\n`);
    expect(demo.stdout).toMatch(/sent 4 .* refused 3 \(flagged as dead 1\)/);
    expect(demo.stdout).toContain('ten minutes');
    expect(demo.stdout).toContain('`crm: suitecrm`');
    expect(readdirSync(join(dir, 'returned/processed')).sort()).toEqual(['autoreply-bob.eml', 'complaint-carol.eml', 'dsn-dave.eml', 'forged-dsn.eml']);
  });

  it('flags the address refused with 5.1.1 at RCPT TO during the send, in the send\'s own run', () => {
    const erin = events.get('erin@example.org');
    expect(erin).toMatchObject({ source: 'send-time', status: '5.1.1', decision: 'flag', state: 'written' });
    expect(erin!.writtenRun).toBe(erin!.runId);
    expect(crm.get('erin@example.org')).toMatchObject({ email_bounced: 1, bounce_reason: 'userunknown', bounce_status: '5.1.1' });
  });

  it('counts the full mailbox (5.2.2) as one soft bounce and leaves the blocked one (5.7.1) alone', () => {
    expect(events.get('frank@example.net')).toMatchObject({ source: 'send-time', status: '5.2.2', decision: 'soft', state: 'written' });
    expect(crm.get('frank@example.net')).toMatchObject({ email_bounced: 0, bounce_reason: null, soft_bounces: 1 });
    expect(events.get('grace@strict.example')).toMatchObject({ source: 'send-time', status: '5.7.1', decision: 'ignore', state: 'none' });
    expect(crm.get('grace@strict.example')).toMatchObject({ email_bounced: 0, bounce_reason: null, soft_bounces: 0 });
  });

  it('flags the row of the DSN that came back later for a message the send sent, by its signed token', () => {
    const dave = events.get('dave@example.com');
    expect(dave).toMatchObject({ matchBy: 'token', matchStrength: 'strong', status: '5.1.1', decision: 'flag', state: 'written' });
    expect(dave!.source).not.toBe('send-time');
    // Written by `run --once`, a later run than the send's.
    expect(demo.stdout).toContain(`$ bouncesync run --once\nrun ${dave!.writtenRun}\n`);
    expect(dave!.writtenRun).not.toBe(events.get('erin@example.org')!.runId);
    expect(crm.get('dave@example.com')).toMatchObject({ email_bounced: 1, bounce_reason: 'userunknown' });
  });

  it('never flags for the forged bounce, the complaint or the auto-reply', () => {
    expect(events.get('ann@example.com')).toMatchObject({ matchBy: 'bad-token', decision: 'review', state: 'none' });
    expect(crm.get('ann@example.com')).toMatchObject({ email_bounced: 0, bounce_reason: null, soft_bounces: 0, email_opt_out: 0 });
    expect(events.get('carol@example.net')).toMatchObject({ matchBy: 'token', decision: 'optout', state: 'written' });
    expect(crm.get('carol@example.net')).toMatchObject({ email_bounced: 0, email_opt_out: 1 });
    expect(events.get('bob@example.org')).toMatchObject({ decision: 'ignore' });
    expect(crm.get('bob@example.org')).toMatchObject({ email_bounced: 0, soft_bounces: 0, email_opt_out: 0 });
  });
});
