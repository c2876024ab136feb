#!/usr/bin/env node
// IMAP end to end: N returned messages (default 20,000) in a private Dovecot mailbox, processed by
// the agent into MariaDB (127.0.0.1:3306, a database made here and dropped after). In the same run:
// the plain imapflow fetch rate of the same messages and the decoder's own rate on them, side by
// side; peak memory of the end-to-end process at N/4 and N to show it does not grow with the mailbox.
// Each end-to-end process first reads W = 10,000 other messages from a warm-up mailbox, so the
// measured pass runs warm (code compiled, as in a service that has been up a while: V8 was still
// compiling the decoder's functions on other threads after 2,000), and the decoder alone is
// timed after decoding as many. CPU time per message is shown for the agent (main
// thread, other threads), Dovecot and MariaDB: on a small machine they share the same cores.
// Matching as configured by default (policy.match: signed): each DSN quotes the X-Bouncesync-Token
// of a send recorded in a send ledger made here. BENCH_MATCH=address matches by address instead
// (one database query per batch of messages).
// BENCH_DECODE_WORKERS=N sets agent.decodeWorkers (default auto: one per spare core; 0 = no threads).
// BENCH_QUERIES=1 prints the SQL statements each pass ran, counted (ledger and customer database).
// BENCH_WARMUP=N sets the warm-up count; BENCH_MOVE_BATCH=N the IMAP source's moveBatch (default 2000); BENCH_NODE_FLAGS="..." passes V8/Node flags to the end-to-end
// processes (e.g. --trace-gc), BENCH_CHILD_OUT=PATH keeps their output in PATH.quarter / PATH.full.
// BENCH_PROF=DIR writes a V8 CPU profile of each end-to-end process there; BENCH_IMAP_BATCH=N sets
// the IMAP source's messages per round (its `batch`, default 200), to see what round size costs.
// Prints, never asserts.      npm run bench:imap [-- --n 20000]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import knexFactory from 'knex';
import { ImapFlow } from 'imapflow';
import { stringify } from 'yaml';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(repo, 'dist');
const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 20_000;
const W = Number(process.env.BENCH_WARMUP ?? 10_000); // warm-up messages, for contacts N .. N+W-1

// The Dovecot harness and the fixtures are TypeScript test helpers: transpile them (and what they
// import) for this script, in the same layout, so their relative imports hold.
const built = join(dist, 'bench-imap');
mkdirSync(join(built, 'servers', 'dovecot'), { recursive: true });
for (const file of ['servers/dovecot.ts', 'servers/unit-run.ts', 'net.ts', 'wait.ts', 'mail.ts']) {
  const out = ts.transpileModule(readFileSync(join(repo, 'test/helpers', file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  writeFileSync(join(built, file.replace(/\.ts$/, '.js')), out.outputText);
}
copyFileSync(join(repo, 'test/helpers/servers/dovecot/dovecot.conf'), join(built, 'servers/dovecot/dovecot.conf'));
const { startDovecot } = await import(join(built, 'servers/dovecot.js'));
const { postfixDsn } = await import(join(built, 'mail.js'));
const { decode } = await import(join(dist, 'src/decode/index.js'));
const { openSendLedger } = await import(join(dist, 'src/send/ledger.js'));
const { makeToken } = await import(join(dist, 'src/match/token.js'));
const MATCH = process.env.BENCH_MATCH ?? 'signed';
const SECRET = 'bench-secret-of-enough-length';
let sendIds = [];

const rate = (n, ms) => Math.round((n * 1000) / ms);
const STATUSES = [['5.1.1', '550 5.1.1 User unknown'], ['5.2.2', '552 5.2.2 Mailbox full'], ['5.7.1', '554 5.7.1 Rejected by policy'], ['5.1.10', '550 5.1.10 RESOLVER.ADR.RecipientNotFound']];
const mails = (n, from = 0) => Array.from({ length: n }, (_, k) => {
  const i = from + k;
  const [status, words] = STATUSES[i % STATUSES.length];
  return postfixDsn({ n: i, rcpt: `user${i}@example.net`, status, diagnostic: `${words} <user${i}@example.net> (host mx${i % 7}.example.net)`,
    ...(MATCH === 'signed' ? { token: makeToken(SECRET, sendIds[i]) } : {}) });
});

const dc = await startDovecot();
const admin = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' } });
const dbName = `bs_benchimap_${Date.now().toString(36)}`;
const work = mkdtempSync(join(tmpdir(), 'bs-bench-imap-'));
try {
  await admin.raw('create database ??', [dbName]);
  const db = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: dbName } });
  await db.schema.createTable('contacts', (t) => { t.integer('id').primary(); t.string('email', 320).notNullable().index(); t.integer('email_bounced').notNullable().defaultTo(0); t.string('bounce_reason', 40); });
  for (let i = 0; i < N + W; i += 1000) await db('contacts').insert(Array.from({ length: Math.min(1000, N + W - i) }, (_, j) => ({ id: i + j, email: `user${i + j}@example.net` })));
  await db.destroy();
  // What `send` would have recorded: one sent message per contact.
  const sends = openSendLedger(join(work, 'sends.sqlite'));
  const rows = sends.upsertMany('bench', Array.from({ length: N + W }, (_, i) => ({ key: i, address: `user${i}@example.net` })));
  sends.sendingMany(rows.map((r) => ({ id: r.id, messageId: `<bench-${r.id}@news.example.test>` })));
  sends.sentMany(rows.map((r) => ({ id: r.id, reply: '250 2.0.0 Ok' })));
  sends.close();
  sendIds = rows.map((r) => r.id);

  const e2e = async (n, label) => {
    for (const box of ['INBOX', 'Processed', 'Unrecognised', 'Quarantine', 'Warmup', 'WarmupDone']) await dc.doveadm('expunge', 'mailbox', box, 'all').catch(() => '');
    await dc.append(mails(W, N), 'Warmup');
    await dc.append(mails(n));
    // let Dovecot index the new files before the clock starts, as it would have over time
    for (const box of ['Warmup', 'INBOX']) await dc.doveadm('index', box);
    const config = join(work, `${label}.yaml`);
    writeFileSync(config, stringify({
      database: { client: 'mysql', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: dbName } },
      recipients: { table: 'contacts', key: 'id', email: 'email' },
      flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason' },
      policy: { match: MATCH, burst: 1_000_000 },
      send: { secret: SECRET, ledger: join(work, 'sends.sqlite') },
      ledger: { sqlite: join(work, `${label}.ledger.sqlite`) },
      ...(process.env.BENCH_DECODE_WORKERS ? { agent: { decodeWorkers: Number(process.env.BENCH_DECODE_WORKERS) } } : {}),
      sources: [{ mailbox: 'Warmup', processed: 'WarmupDone' }, {}].map((boxes, k) => ({ imap: { name: `${label}${k ? '' : '-warmup'}`, host: dc.host, port: dc.port, secure: false, requireTLS: false, user: dc.user, password: dc.password, ...boxes, ...(process.env.BENCH_MOVE_BATCH ? { moveBatch: Number(process.env.BENCH_MOVE_BATCH) } : {}), ...(process.env.BENCH_IMAP_BATCH ? { batch: Number(process.env.BENCH_IMAP_BATCH) } : {}) } })),
    }));
    const child = spawn(process.execPath, ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : []), join(repo, 'bench/imap/e2e.mjs'), dist, config], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    await new Promise((r) => child.once('exit', r));
    if (process.env.BENCH_CHILD_OUT) writeFileSync(`${process.env.BENCH_CHILD_OUT}.${label}`, out);
    return JSON.parse(out.trim().split("\n").filter((l) => l.startsWith("{")).pop());
  };

  console.log(`bench/imap: ${N} Postfix-style DSNs in a private Dovecot (Maildir), MariaDB at 127.0.0.1:3306, match: ${MATCH}`);
  const small = await e2e(Math.round(N / 4), 'quarter');
  const full = await e2e(N, 'full');

  // Baseline 1: plain imapflow fetch of the same messages (now in Processed), nothing else.
  const client = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: dc.user, pass: dc.password }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('Processed');
  let fetched = 0;
  let t = performance.now();
  for await (const m of client.fetch('1:*', { uid: true, source: true })) fetched += m.source ? 1 : 0;
  const fetchMs = performance.now() - t;
  lock.release();
  await client.logout();

  // Baseline 2: the decoder alone on the same messages, read from the Maildir files.
  const curDir = join(dc.dir, 'mail', dc.user, 'Maildir', '.Processed', 'cur');
  const raws = readdirSync(curDir).map((f) => readFileSync(join(curDir, f)));
  for (let i = 0; i < W; i++) decode(raws[i % raws.length]); // warm up as the end-to-end process did
  t = performance.now();
  for (const m of raws) decode(m);
  const decodeMs = performance.now() - t;

  const e2eRate = rate(full.messages, full.ms);
  const fetchRate = rate(fetched, fetchMs);
  const decodeRate = rate(raws.length, decodeMs);
  const us = (ms) => (ms == null ? '?' : Math.round((ms * 1000) / full.messages));
  console.log(`  end to end (fetch, decode, match, ledger, move, write-back): ${full.messages} msgs in ${(full.ms / 1000).toFixed(1)} s = ${e2eRate} msgs/s; ${full.written} rows written, ${full.quarantined} quarantined, ${full.errors} errors`);
  console.log(`    (after a cold start on ${full.warmMessages} other messages at ${rate(full.warmMessages, full.warmMs)} msgs/s, in the same process)`);
  console.log(`    CPU per message: agent ${us(full.cpuMs)} µs (main thread ${us(full.mainThreadMs)}, its other threads ${us(full.otherThreadsMs)}; main thread busy ${Math.round(full.mainBusy * 100)}% of the time), Dovecot ${us(full.dovecotMs)} µs, MariaDB ${us(full.mariadbMs)} µs`);
  if (full.dovecotMs != null) {
    const total = (full.cpuMs + full.dovecotMs + full.mariadbMs) * 1000 / full.messages;
    console.log(`    together ${Math.round(total)} µs per message on ${availableParallelism()} cores: at most ${Math.round((availableParallelism() * 1e6) / total)} msgs/s on this machine even with no waiting`);
  }
  console.log(`  plain imapflow fetch, same messages:                  ${fetched} msgs = ${fetchRate} msgs/s`);
  console.log(`  decoder alone (one thread), same messages:            ${raws.length} msgs = ${decodeRate} msgs/s (${Math.round((decodeMs * 1000) / raws.length)} µs per message)`);
  console.log(`  ratio end to end / decoder: ${(e2eRate / decodeRate).toFixed(2)}x (target >= 0.8)   end to end / fetch: ${(e2eRate / fetchRate).toFixed(2)}x`);
  console.log(`  peak memory of the end-to-end process: ${small.maxRssMb} MB RSS (heap ${small.peakHeapMb} MB, ${small.retainedHeapMb} MB kept after GC) at ${small.messages} msgs (after ${small.warmMessages} warm-up);`);
  console.log(`                                        ${full.maxRssMb} MB RSS (heap ${full.peakHeapMb} MB, ${full.retainedHeapMb} MB kept after GC) at ${full.messages} msgs (after ${full.warmMessages}) (target < 300 MB, flat)`);
} finally {
  await admin.raw('drop database if exists ??', [dbName]).catch(() => undefined);
  await admin.destroy();
  await dc.destroy();
  rmSync(work, { recursive: true, force: true });
}
