#!/usr/bin/env node
// npm start: both bounces bouncesync exists for, on an embedded default. A SQLite "CRM", a
// campaign sent through an SMTP server on a loopback port that refuses three recipients at
// RCPT TO (one dead address flagged at once; a full mailbox and a block of the sender not), then
// the mail that comes back later (a DSN for a message that server took, a complaint, an
// auto-reply, a forged bounce) read from a folder by `run --once`. Each step is the built CLI,
// run as a user runs it. Everything lives in .tmp/demo (or $BOUNCESYNC_DEMO_DIR), made afresh.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { autoReply, complaint, laterDsn, startMailServer } from './demo-mail.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/src/cli/main.js');
if (!existsSync(cli)) {
  console.error('bouncesync: dist/ is missing: run `npm install` (it builds) or `npm run build`.');
  process.exit(1);
}
const Database = createRequire(import.meta.url)('better-sqlite3');
const demo = resolve(process.env.BOUNCESYNC_DEMO_DIR ?? join(repo, '.tmp/demo'));
const near = relative(process.cwd(), demo);
const shown = near && !near.startsWith('..') ? near : demo;

// Who is in the CRM, and what the mail server answers each at RCPT TO (accepted when not listed).
const contacts = ['ann@example.com', 'bob@example.org', 'carol@example.net', 'dave@example.com', 'erin@example.org', 'frank@example.net', 'grace@strict.example'];
const refuse = {
  'erin@example.org': [550, '5.1.1 <erin@example.org>: Recipient address rejected: User unknown in local recipient table'],
  'frank@example.net': [552, '5.2.2 <frank@example.net>: Mailbox full, quota exceeded'],
  'grace@strict.example': [554, '5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org'],
};
// What the far end says later about a message the server accepted for dave.
const laterReply = '550 5.1.1 <dave@example.com>: Recipient address rejected: User unknown in virtual mailbox table';

const heading = (text) => console.log(`\n━━ ${text} ${'━'.repeat(Math.max(3, 76 - text.length))}`);
const bouncesync = (...args) => new Promise((done) => {
  // Async, not spawnSync: the mail server answers from this process while `send` runs.
  console.log(`\n$ bouncesync ${args.join(' ')}`);
  const child = spawn(process.execPath, [cli, ...args, '--config', join(demo, 'bouncesync.yaml')], { stdio: 'inherit', env: { ...process.env, BOUNCESYNC_LOG: 'warn' } });
  child.on('close', (code) => done(code ?? 1));
});
const rows = (cols) => {
  const db = new Database(join(demo, 'crm.sqlite'), { readonly: true });
  try { return db.prepare(`SELECT ${cols} FROM contacts ORDER BY id`).all(); } finally { db.close(); }
};
/** A plain left-aligned table: narrower than console.table, and NULL shown as SQL says it. */
function table(list) {
  const cols = Object.keys(list[0]);
  const cell = (v) => (v === null ? 'NULL' : String(v));
  const width = cols.map((c) => Math.max(c.length, ...list.map((r) => cell(r[c]).length)));
  const line = (vals) => '  ' + vals.map((v, i) => v.padEnd(width[i])).join('  ').trimEnd();
  console.log([line(cols), line(width.map((w) => '-'.repeat(w))), ...list.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n'));
}

// Made afresh, but a folder named in $BOUNCESYNC_DEMO_DIR is emptied only when empty or the demo's own.
const mark = join(demo, '.bouncesync-demo');
if (process.env.BOUNCESYNC_DEMO_DIR && existsSync(demo) && readdirSync(demo).length && !existsSync(mark)) {
  console.error(`bouncesync demo: ${demo} holds other files; name an empty or new folder in BOUNCESYNC_DEMO_DIR.`);
  process.exit(1);
}
rmSync(demo, { recursive: true, force: true });
mkdirSync(join(demo, 'returned'), { recursive: true });
writeFileSync(mark, '');
cpSync(join(repo, 'config/templates'), join(demo, 'templates'), { recursive: true });
const crm = new Database(join(demo, 'crm.sqlite'));
crm.exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, email_bounced INTEGER NOT NULL DEFAULT 0,
  bounce_reason TEXT, bounce_status TEXT, bounced_at TEXT, soft_bounces INTEGER NOT NULL DEFAULT 0, email_opt_out INTEGER NOT NULL DEFAULT 0)`);
const insert = crm.prepare('INSERT INTO contacts (email, name) VALUES (?, ?)');
for (const a of contacts) insert.run(a, a[0].toUpperCase() + a.slice(1, a.indexOf('@')));
crm.close();

const server = await startMailServer(refuse).catch((e) => {
  console.error(`bouncesync demo: ${e.message}`);
  process.exit(1);
});
writeFileSync(join(demo, 'bouncesync.yaml'), `# The demo's config. config/*.yaml explain every key, for every database.
database: { client: sqlite, connection: { filename: ./crm.sqlite } }
recipients: { table: contacts, key: id, email: email }
flags:
  hard: { column: email_bounced, value: 1 }
  reason: bounce_reason
  status: bounce_status
  at: bounced_at
  softCount: soft_bounces
  optOut: { column: email_opt_out, value: 1 }
policy:
  soft: { flagAfter: 3, withinDays: 30 }
  match: signed            # only our signed token or a Message-ID we sent may flag a row
ledger: { sqlite: ./ledger.sqlite }
send:
  secret: demo-secret-not-for-production   # yours: "\${BOUNCESYNC_SECRET}", never written here
  # The demo's server listens on loopback without TLS; keep requireTLS (the default) for yours.
  smtp: { host: 127.0.0.1, port: ${server.port}, requireTLS: false }
  from: "Example News <news@example.com>"
  returnPath: "bounces+{token}@example.com"
  rate: { perSecond: 20, concurrency: 1 }   # one connection: the demo prints the same order every time
  ledger: ./sends.sqlite
campaigns:
  spring: { subject: "Hello {{name}}", text: templates/spring.txt, html: templates/spring.html }
sources: [ { folder: ./returned } ]
`);

console.log(`bouncesync demo, in ${shown}/: a SQLite CRM (crm.sqlite, table contacts, ${contacts.length} rows), a config
(bouncesync.yaml, given to every command below with --config) and a mail server on 127.0.0.1:${server.port}
that refuses three of the recipients at RCPT TO.`);

/** Runs one step; a step that fails ends the demo there, with that step's exit code. */
async function step(...args) {
  const code = await bouncesync(...args);
  if (code) throw Object.assign(new Error(`\`bouncesync ${args.join(' ')}\` exited with ${code}; the demo stops here.`), { exit: code });
}

async function sending() {
  heading('1. Send a campaign: refusals at RCPT TO are bounces at once');
  try {
    await step('send', '--campaign', 'spring', '--dry-run');
    await step('send', '--campaign', 'spring');
  } finally {
    await server.close();
  }
  console.log('\nWhat the server said at RCPT TO:');
  const said = new Map(server.answers.map((a) => [a.to.toLowerCase(), a.reply]));
  const accepted = contacts.filter((c) => said.get(c)?.startsWith('250')).map((c) => c.split('@')[0]).join(', ');
  const refused = contacts.filter((c) => said.has(c) && !said.get(c).startsWith('250'));
  const w = Math.max(accepted.length, ...refused.map((c) => c.length));
  console.log([`  ${accepted.padEnd(w)}  250 Accepted`, ...refused.map((c) => `  ${c.padEnd(w)}  ${said.get(c)}`)].join('\n'));
  console.log('\nThe CRM right after `send`:');
  table(rows('id, email, email_bounced, bounce_reason, bounce_status, soft_bounces'));
  console.log(`
The 5.1.1 (user unknown) row is flagged before \`send\` returns. The 5.2.2 (mailbox full) counts
as one soft bounce: the row is flagged after 3 on different days within 30. The 5.7.1 is a block
of the sender, nothing wrong with the address: recorded, never flagged.`);
}

async function later() {
  heading('2. Later: returned mail, read from the bounce mailbox (here a folder)');
  const by = (to) => server.received.find((m) => m.to === to);
  const mail = {
    'dsn-dave.eml': [laterDsn(by('dave@example.com'), laterReply), 'the server took dave\'s message; the next hop said 5.1.1 (a DSN to its signed return path)'],
    'complaint-carol.eml': [complaint(by('carol@example.net')), 'carol\'s provider forwards her "this is spam" (ARF, quoting the message)'],
    'autoreply-bob.eml': [autoReply(by('bob@example.org')), 'bob is out of the office'],
  };
  for (const [file, [text, what]] of Object.entries(mail)) {
    writeFileSync(join(demo, 'returned', file), text);
    console.log(`  ${file.padEnd(20)} ${what}`);
  }
  cpSync(join(repo, 'samples/returned/forged-dsn.eml'), join(demo, 'returned/forged-dsn.eml'));
  console.log(`  ${'forged-dsn.eml'.padEnd(20)} "ann@example.com: user unknown", with a token nobody signed (from samples/returned)`);
  await step('run', '--once', '--dry-run');
  await step('run', '--once');
}

async function after() {
  heading('3. The CRM table now, and every decision with its evidence');
  table(rows('id, email, email_bounced, bounce_reason, bounce_status, soft_bounces, email_opt_out, bounced_at'));
  await step('events');
  heading('Next');
  console.log(`Flagged: erin (refused at RCPT TO, during \`send\`) and dave (a DSN that came back later for a
message \`send\` sent, matched by its signed token). Carol opted out, frank counted once; grace, bob
and ann untouched; the forged bounce held for review (\`bouncesync review\`).
\`bouncesync undo --run ID\` takes back what a run changed.

Next, your own database: README's "From \`npm start\` to your own database, in ten minutes".
Copy the config/*.yaml of your database (mysql, postgres, mssql, sqlite) to ./bouncesync.yaml, map
your table and columns, then \`npx bouncesync check\` and \`npx bouncesync run --once --dry-run\`.
Sending from a CRM? \`crm: suitecrm\` (or civicrm, mautic, odoo, espocrm, vtiger, dolibarr) in place
of recipients and flags writes flags where that CRM keeps them: config/crm/ has a three-line config
for each, docs/writing-flags.md says which rows and columns change.
The files of this demo stay in ${shown}/ (returned mail in returned/processed/).`);
}

await sending().then(later).then(after).catch((e) => {
  console.error(`\nbouncesync demo: ${e.message}`);
  process.exit(e.exit ?? 1);
});
