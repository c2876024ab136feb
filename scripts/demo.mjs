#!/usr/bin/env node
// npm start: the main job on the embedded default. A SQLite "CRM" seeded with sample contacts,
// the sample returned mail in samples/returned copied to a folder, `run --once --dry-run`,
// `run --once`, the flagged rows, the ledger, and how to point the agent at a real database.
// Everything lives in .tmp/demo and is made afresh on every run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/src/cli/main.js');
if (!existsSync(cli)) {
  console.error('bouncesync: dist/ is missing: run `npm install` (it builds) or `npm run build`.');
  process.exit(1);
}
const Database = createRequire(import.meta.url)('better-sqlite3');
const demo = join(repo, '.tmp/demo');
rmSync(demo, { recursive: true, force: true });
mkdirSync(join(demo, 'returned'), { recursive: true });
const samples = join(repo, 'samples/returned');
for (const f of readdirSync(samples).filter((f) => f.endsWith('.eml'))) cpSync(join(samples, f), join(demo, 'returned', f));

const bouncesync = (...args) => {
  console.log(`\n$ bouncesync ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args, '--config', join(demo, 'bouncesync.yaml')], { stdio: 'inherit', env: { ...process.env, BOUNCESYNC_LOG: 'warn' } });
  return r.status ?? 1;
};

// The CRM: one row for every address the samples mention, plus two nobody wrote about.
const decoded = spawnSync(process.execPath, [cli, 'decode', '--jsonl', samples], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const addresses = [...new Set(decoded.flatMap((d) => d.recipients.map((r) => r.address.toLowerCase())))];
const crm = new Database(join(demo, 'crm.sqlite'));
crm.exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, email_bounced INTEGER NOT NULL DEFAULT 0,
  bounce_reason TEXT, bounced_at TEXT, soft_bounces INTEGER NOT NULL DEFAULT 0, email_opt_out INTEGER NOT NULL DEFAULT 0)`);
const insert = crm.prepare('INSERT INTO contacts (email, name) VALUES (?, ?)');
for (const a of [...addresses, 'happy.reader@example.com', 'another.reader@example.org']) insert.run(a, a.split('@')[0]);
crm.close();

writeFileSync(join(demo, 'bouncesync.yaml'), `# The demo's config: see config/*.yaml for every database and every key.
database: { client: sqlite, connection: { filename: ./crm.sqlite } }
recipients: { table: contacts, key: id, email: email }
flags:
  hard: { column: email_bounced, value: 1 }
  reason: bounce_reason
  at: bounced_at
  softCount: soft_bounces
  optOut: { column: email_opt_out, value: 1 }
policy:
  soft: { flagAfter: 3, withinDays: 30 }
  # The samples were not sent by this agent, so no token or Message-ID of ours is in them:
  # allow the address alone to match here. Keep "signed" in production.
  match: address
ledger: { sqlite: ./ledger.sqlite }
send: { secret: demo-secret-not-for-production }
sources: [ { folder: ./returned } ]
`);

console.log(`bouncesync demo: a SQLite CRM with ${addresses.length + 2} contacts in ${join(demo, 'crm.sqlite')},`);
console.log(`and ${readdirSync(join(demo, 'returned')).length} returned messages in ${join(demo, 'returned')}.`);
let status = bouncesync('check');
status ||= bouncesync('run', '--once', '--dry-run');
status ||= bouncesync('run', '--once');

const rows = new Database(join(demo, 'crm.sqlite'), { readonly: true })
  .prepare('SELECT id, email, email_bounced, bounce_reason, bounced_at, soft_bounces, email_opt_out FROM contacts ORDER BY id').all();
console.log('\nThe CRM table now:');
console.table(rows);
bouncesync('events');
console.log(`
Files moved: ${['processed', 'unrecognised', 'quarantine'].map((d) => `${d}/ ${existsSync(join(demo, 'returned', d)) ? readdirSync(join(demo, 'returned', d)).length : 0}`).join(', ')}.
A token in a sample that this agent did not sign is recorded and never flags (decision "review").

Point the agent at your own database:
  1. copy config/mysql.yaml, config/postgres.yaml or config/mssql.yaml to ./bouncesync.yaml and map your table and columns;
  2. npx bouncesync check              (table, columns, types, UPDATE right, a sample row; changes nothing)
  3. npx bouncesync run --once --dry-run   (the exact row changes, old → new; writes nothing)
  4. npx bouncesync run --once         (and \`bouncesync undo --run ID\` puts back what a run changed)
`);
process.exit(status);
