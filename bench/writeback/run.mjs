#!/usr/bin/env node
// bench/writeback: 100,000 flag events into a 1,000,000-row table, on MariaDB and PostgreSQL.
// Prints events/s of the batched write-back, the same run's rate for one UPDATE per event
// (the baseline), their ratio, and the longest time one batch held its row locks.
// Prints, never asserts. Usage: npm run build && node bench/writeback/run.mjs [--events N] [--baseline N] [--batch N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { parseConfig } from '../../dist/src/config/load.js';
import { silentLogger } from '../../dist/src/core/log.js';
import { Ledger } from '../../dist/src/ledger/index.js';
import { openDatabase } from '../../dist/src/store/connect.js';
import { loadMapping } from '../../dist/src/store/mapping.js';
import { writePending } from '../../dist/src/store/write.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, baseline: { type: 'string', default: '5000' }, batch: { type: 'string', default: '500' }, rows: { type: 'string', default: '1000000' }, only: { type: 'string' } } });
const EVENTS = Number(values.events), BASELINE = Number(values.baseline), ROWS = Number(values.rows), BATCH = Number(values.batch);

const servers = {
  mysql: { client: 'mysql2', admin: { host: '127.0.0.1', port: 3306, user: 'root', password: '' } },
  postgres: { client: 'pg', admin: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } },
};

async function bench(name) {
  const { client, admin } = servers[name];
  const dbName = `bs_bench_${Date.now().toString(36)}`;
  const root = knexFactory({ client, connection: admin });
  await root.raw('create database ??', [dbName]);
  await root.destroy();
  const connection = { ...admin, database: dbName };
  const dir = mkdtempSync(join(tmpdir(), 'bs-bench-'));
  const config = parseConfig({
    database: { client: name, connection, batchSize: BATCH },
    recipients: { table: 'contacts', key: 'id', email: 'email' },
    flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason', status: 'bounce_status', at: 'bounced_at' },
    policy: { burst: 1e9 },
    ledger: { sqlite: join(dir, 'ledger.sqlite') },
  });
  const { db, adapter } = await openDatabase(config.database);
  try {
    await db.schema.createTable('contacts', (t) => {
      t.integer('id').primary(); t.string('email', 320).notNullable(); t.string('name', 100);
      t.integer('email_bounced').notNullable().defaultTo(0); t.string('bounce_reason', 40); t.string('bounce_status', 20); t.dateTime('bounced_at');
    });
    let t0 = Date.now();
    if (name === 'postgres') await db.raw(`insert into contacts (id, email) select g, 'u' || g || '@bench.test' from generate_series(1, ${ROWS}) g`);
    else await db.raw(`insert into contacts (id, email) select seq, concat('u', seq, '@bench.test') from seq_1_to_${ROWS}`);
    const fillMs = Date.now() - t0;

    const ledger = await Ledger.openSqlite(config.ledger.sqlite);
    const runId = await ledger.startRun();
    const stride = Math.floor(ROWS / (EVENTS + BASELINE));
    const ids = Array.from({ length: EVENTS + BASELINE }, (_, i) => 1 + i * stride);
    const at = new Date();
    const event = (id) => ({
      eventKey: `bench\n${id}`, source: 'bench', sourceId: String(id), receivedAt: at, kind: 'bounce', address: `u${id}@bench.test`,
      rowKey: String(id), matchBy: 'token', matchStrength: 'strong', matchNote: null, reason: 'userunknown', status: '5.1.1', replyCode: '550',
      diagnostic: 'bench', rule: 'bench', decodedBy: 'bench', decision: 'flag', why: 'bench', softCounted: false, softCount: null, fingerprint: null,
    });
    await ledger.record(runId, ids.slice(0, EVENTS).map(event));

    const mapping = await loadMapping(db, adapter, config);
    t0 = Date.now();
    const w = await writePending({ db, adapter, mapping, ledger, runId, policy: config.policy, dryRun: false, batchSize: BATCH, lockTimeoutMs: 5000, log: silentLogger });
    const batchedMs = Date.now() - t0;
    if (w.error || w.rowsChanged !== EVENTS) throw new Error(`batched write-back wrote ${w.rowsChanged} of ${EVENTS}: ${w.error}`);

    // Baseline, same run, other rows: one autocommitted UPDATE per event.
    const whole = new Date(Math.floor(at.getTime() / 1000) * 1000);
    t0 = Date.now();
    for (const id of ids.slice(EVENTS)) {
      await db('contacts').where({ id }).update({ email_bounced: 1, bounce_reason: 'userunknown', bounce_status: '5.1.1', bounced_at: whole });
    }
    const baselineMs = Date.now() - t0;
    await ledger.close();

    const rate = (EVENTS / batchedMs) * 1000;
    const baseRate = (BASELINE / baselineMs) * 1000;
    return { name, fillMs, rate, baseRate, ratio: rate / baseRate, batches: w.batches, longest: w.longestBatchMs, retries: w.retries };
  } finally {
    await db.destroy();
    const a = knexFactory({ client, connection: admin });
    await a.raw(name === 'postgres' ? 'drop database if exists ?? with (force)' : 'drop database if exists ??', [dbName]);
    await a.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`write-back bench: ${EVENTS.toLocaleString()} flag events into a ${ROWS.toLocaleString()}-row table, batch ${BATCH}; baseline ${BASELINE.toLocaleString()} single UPDATEs`);
console.log('database   fill(s)  batched ev/s  one-by-one ev/s  ratio  batches  longest batch (ms)  retries');
for (const name of values.only ? values.only.split(',') : Object.keys(servers)) {
  try {
    const r = await bench(name);
    console.log(`${r.name.padEnd(9)}  ${(r.fillMs / 1000).toFixed(1).padStart(7)}  ${Math.round(r.rate).toLocaleString().padStart(12)}  ${Math.round(r.baseRate).toLocaleString().padStart(15)}  ${r.ratio.toFixed(1).padStart(5)}×  ${String(r.batches).padStart(7)}  ${String(r.longest).padStart(18)}  ${String(r.retries).padStart(7)}`);
  } catch (e) {
    console.log(`${name.padEnd(9)}  not run: ${e.message.split('\n')[0]}`);
  }
}
