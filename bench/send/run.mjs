#!/usr/bin/env node
// bench/send: N messages (default 10,000) to a local SMTP sink. Prints messages/s of `send`
// (recipients from a SQLite table, send ledger, rendering, tokens, per-recipient outcomes) against
// a plain nodemailer pooled send of the same messages with the same pool size, in the same run,
// their ratio (target ≥ 0.8), and each one's peak memory (RSS of this process; the sink runs in
// a child process). Two rounds in alternating order. Prints, never asserts.
// Usage: npm run build && node bench/send/run.mjs [--messages N] [--concurrency C]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { parseConfig } from '../../dist/src/config/load.js';
import { sendFromConfig } from '../../dist/src/runner/send.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '4' } } });
const N = Number(values.messages);
const C = Number(values.concurrency);
const here = dirname(fileURLToPath(import.meta.url));

const sink = fork(join(here, 'sink.mjs'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise((resolve) => sink.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const sinkCount = () => new Promise((resolve) => { sink.once('message', (m) => resolve(m.accepted)); sink.send('count'); });

const dir = mkdtempSync(join(tmpdir(), 'bs-bench-send-'));
const db = new Database(join(dir, 'crm.sqlite'));
db.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, email_bounced INTEGER NOT NULL DEFAULT 0)');
const insert = db.prepare('INSERT INTO contacts (id, email, name) VALUES (?, ?, ?)');
db.transaction(() => { for (let i = 1; i <= N; i++) insert.run(i, `user${i}@sink.test`, `User <${i}>`); })();
db.close();
const TEXT = 'Hello {{name}},\n\nThis is the spring newsletter. '.padEnd(1500, 'Lorem ipsum dolor sit amet. ') + '\n';
const HTML = '<html><body><p>Hello {{name}},</p><p>' + 'Lorem ipsum dolor sit amet. '.repeat(60) + '</p></body></html>\n';
writeFileSync(join(dir, 'spring.txt'), TEXT);
writeFileSync(join(dir, 'spring.html'), HTML);

// Peak memory of this process during one phase, sampled every 20 ms.
async function measure(name, fn) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const before = await sinkCount();
  const t0 = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  const delivered = (await sinkCount()) - before;
  return { name, delivered, seconds, perSecond: delivered / seconds, peakMb: peak / 2 ** 20, growthMb: (peak - base) / 2 ** 20 };
}

// Baseline: the same messages through a plain nodemailer pool, C in flight, nothing else.
async function plain(count = N) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: C, maxMessages: 500 });
  let next = 1;
  const worker = async () => {
    for (let i = next++; i <= count; i = next++) {
      const name = `User <${i}>`;
      await t.sendMail({
        from: 'Corp News <news@corp.test>', to: `user${i}@sink.test`, envelope: { from: 'bounces@corp.test', to: [`user${i}@sink.test`] },
        subject: `Hello ${name}`, text: TEXT.replaceAll('{{name}}', name), html: HTML.replaceAll('{{name}}', name.replace('<', '&lt;').replace('>', '&gt;')),
      });
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  t.close();
}

const config = parseConfig({
  database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
  recipients: { table: 'contacts', key: 'id', email: 'email' },
  flags: { hard: { column: 'email_bounced', value: 1 } },
  ledger: { sqlite: join(dir, 'events.sqlite') },
  send: {
    secret: 'bench-secret-0123456789', from: 'Corp News <news@corp.test>', returnPath: 'bounces+{token}@corp.test',
    smtp: { host: '127.0.0.1', port, requireTLS: false }, rate: { perSecond: 0, concurrency: C }, ledger: join(dir, 'sends.sqlite'),
  },
  campaigns: {
    spring: { subject: 'Hello {{name}}', text: join(dir, 'spring.txt'), html: join(dir, 'spring.html') },
    spring2: { subject: 'Hello {{name}}', text: join(dir, 'spring.txt'), html: join(dir, 'spring.html') },
    warmup: { subject: 'Hello {{name}}', text: join(dir, 'spring.txt'), html: join(dir, 'spring.html') },
  },
});

// Warm both paths up (JIT, connections, SQLite pages) on a few messages before measuring.
await plain(Math.min(2000, N));
await sendFromConfig(config, { campaign: 'warmup', limit: Math.min(2000, N) });

// Two rounds in alternating order (the machine may be shared; order effects cancel out);
// each path's better round is compared.
const runs = { plain: [], send: [] };
const sendRound = (campaign) => measure('bouncesync send', async () => {
  const s = await sendFromConfig(config, { campaign });
  if (s.sent !== N) console.log('send summary:', s);
});
runs.plain.push(await measure('plain nodemailer pool', () => plain()));
runs.send.push(await sendRound('spring'));
runs.send.push(await sendRound('spring2'));
runs.plain.push(await measure('plain nodemailer pool', () => plain()));

console.log(`bench/send: ${N} messages, pool of ${C}, to a local SMTP sink (Node ${process.version})`);
for (const r of [...runs.plain, ...runs.send]) {
  console.log(`  ${r.name.padEnd(22)} ${r.delivered} delivered in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0).padStart(5)} msgs/s   peak RSS ${r.peakMb.toFixed(0)} MB (+${r.growthMb.toFixed(0)} MB)`);
}
const best = (list) => Math.max(...list.map((r) => r.perSecond));
console.log(`  ratio send / plain (best round each): ${(best(runs.send) / best(runs.plain)).toFixed(2)} (target ≥ 0.8)`);
sink.disconnect();
rmSync(dir, { recursive: true, force: true });
