import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../src/core/ports.js';
import { runAgent } from '../../src/runner/loop.js';
import { batches } from '../../src/runner/batches.js';
import { Metrics } from '../../src/runner/metrics.js';
import { parseConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/log.js';
import type { Outcome, Returned } from '../../src/core/types.js';
import { Checkpoints } from '../../src/ledger/checkpoints.js';
import { closeAgent, openAgent, processBatch, processor, type Agent } from '../../src/flow/flow.js';
import { createContacts } from '../helpers/databases.js';
import { dsn } from '../helpers/mail.js';

// Batching (many messages, one ledger commit) keeps the guarantees: acks only after the commit,
// one failing message fails alone, soft-bounce history counts the batch's own events, and a batch
// never holds a message past the point where its source wants its acks.

let dir: string;
let crm: Knex;
let agent: Agent;
const newRunId = () => `run-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-batch-'));
  crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'crm.sqlite') }, useNullAsDefault: true });
  await createContacts(crm);
  await crm('contacts').insert(Array.from({ length: 6 }, (_, i) => ({ id: i + 1, email: `u${i + 1}@far.test` })));
  agent = await openAgent(parseConfig({
    database: { client: 'sqlite', connection: { filename: join(dir, 'crm.sqlite') } },
    recipients: { table: 'contacts', key: 'id', email: 'email' },
    flags: { hard: { column: 'email_bounced', value: 1 }, softCount: 'soft_bounces' },
    policy: { match: 'address', soft: { flagAfter: 3, withinDays: 10 } },
    ledger: { sqlite: join(dir, 'ledger.sqlite') },
  }));
  // A real SQLite fault: the ledger refuses any event of the message with source id "poison".
  const conn = agent.ledger.db as Knex;
  await conn.raw("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.source_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
});
afterAll(async () => {
  await closeAgent(agent);
  await crm.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const mail = (id: string, failed: string, status = '5.1.1', at?: Date): Returned => ({
  id, source: 'test', receivedAt: at,
  raw: Buffer.from(dsn({ id, to: 'bounces@crm.test', failed, status, code: status.startsWith('4') ? '452' : '550', text: status === '4.2.2' ? 'Mailbox full' : 'No such user' })),
});
const events = (where: Record<string, string>) => (agent.ledger.db as Knex)('events').where(where).orderBy('id');
const summary = () => ({ runId: '', dryRun: false, messages: 0, failures: 0, flag: 0, soft: 0, optout: 0, ignored: 0, review: 0, unmatched: 0, errors: 0, alreadySeen: 0, write: null, problems: [] as string[] });

describe('processBatch: many messages, one ledger commit', () => {
  it('records a batch; a message the ledger refuses fails alone and the rest are recorded', async () => {
    const s = summary();
    const out = await processBatch(agent, agent.ledger, newRunId(), [mail('a', 'u1@far.test'), mail('poison', 'u2@far.test'), mail('c', 'u3@far.test')], s);
    expect(out[0]).toEqual({ outcome: 'processed', kind: 'bounce', unmatched: 0 });
    expect(out[1]).toBeInstanceOf(Error);
    expect((out[1] as Error).message).toMatch(/poisoned/);
    expect(out[2]).toEqual({ outcome: 'processed', kind: 'bounce', unmatched: 0 });
    expect((await events({ source: 'test' })).map((e) => [e.source_id, e.address, e.decision])).toEqual([['a', 'u1@far.test', 'flag'], ['c', 'u3@far.test', 'flag']]);
    // Read again (a crash before the moves): nothing new, each counted as already seen.
    const again = summary();
    await processBatch(agent, agent.ledger, newRunId(), [mail('a', 'u1@far.test'), mail('c', 'u3@far.test')], again);
    expect([again.alreadySeen, again.flag]).toEqual([2, 0]);
    expect((await events({ source: 'test' })).length).toBe(2);
  });

  it('soft bounces of one row on three days inside one batch count three days (and a same-day repeat does not)', async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));
    const s = summary();
    await processBatch(agent, agent.ledger, newRunId(), [mail('s1', 'u4@far.test', '4.2.2', day(1)), mail('s2', 'u4@far.test', '4.2.2', day(1)), mail('s3', 'u4@far.test', '4.2.2', day(2)), mail('s4', 'u4@far.test', '4.2.2', day(3))], s);
    expect((await events({ row_key: '4' })).map((e) => [e.source_id, e.decision, e.soft_count])).toEqual([['s1', 'soft', 1], ['s2', 'soft', 1], ['s3', 'soft', 2], ['s4', 'flag', 3]]);
    // And history already committed is read for the next batch.
    await processBatch(agent, agent.ledger, newRunId(), [mail('s5', 'u4@far.test', '4.2.2', day(4))], summary());
    expect((await events({ source_id: 's5' }))[0]).toMatchObject({ decision: 'flag', soft_count: 4 });
  });
});

/** A source that records the order of reads and acks, and says where its rounds end. */
class Recorder {
  readonly name = 'rec';
  log: string[] = [];
  constructor(private readonly items: Returned[]) {}
  async *pull(): AsyncIterable<Returned> {
    for (const m of this.items) { this.log.push(`read ${m.id}`); yield m; }
    this.log.push('end');
  }
  async ack(id: string, outcome: Outcome): Promise<void> { this.log.push(`ack ${id} ${outcome}`); }
  async close(): Promise<void> {}
}

describe('the agent acks a batch only after its commit', () => {
  it('never reads past a round end before acking what it holds; a failing message is retried, then quarantined', async () => {
    const items = [mail('r1', 'u5@far.test'), { ...mail('r2', 'u6@far.test'), roundEnd: true }, mail('poison', 'u1@far.test'), mail('r4', 'nobody@far.test')];
    const src = new Recorder(items);
    const commits: string[][] = [];
    const real = processor(agent);
    const p: Processor = { ...real, handle: real.handle, writeBack: real.writeBack, async handleMany(ms) { commits.push(ms.map((m) => m.id)); const r = await real.handleMany!(ms); src.log.push('committed'); return r; } };
    const checkpoints = new Checkpoints(agent.ledger);
    const run = () => runAgent({ sources: [src], processor: p, checkpoints, metrics: new Metrics(), log: silentLogger, once: true, maxAttempts: 2 }, new AbortController().signal);
    await run();
    expect(commits).toEqual([['r1', 'r2'], ['poison', 'r4']]);
    expect(src.log).toEqual(['read r1', 'read r2', 'committed', 'ack r1 processed', 'ack r2 processed', 'read poison', 'read r4', 'end', 'committed', 'ack r4 processed']);
    src.log = [];
    await run();
    expect(src.log.filter((l) => l.startsWith('ack poison'))).toEqual(['ack poison quarantined']);
  });

  it('batches() cuts at max, at bytes, at a round end and at a stop, and asks for the next message only when the batch is done', async () => {
    const ids = (bs: Returned[][]) => bs.map((b) => b.map((m) => m.id).join(''));
    const m = (id: string, more: Partial<Returned> = {}): Returned => ({ id, source: 's', raw: Buffer.alloc(10), ...more });
    const collect = async (items: Returned[], limits = {}, signal = new AbortController().signal) => {
      const out: Returned[][] = [];
      for await (const b of batches((async function* () { yield* items; })(), signal, limits)) out.push(b);
      return out;
    };
    expect(ids(await collect([m('a'), m('b'), m('c'), m('d'), m('e')], { max: 2 }))).toEqual(['ab', 'cd', 'e']);
    expect(ids(await collect([m('a'), m('b'), m('c')], { maxBytes: 15 }))).toEqual(['ab', 'c']);
    expect(ids(await collect([m('a'), m('b', { roundEnd: true }), m('c')]))).toEqual(['ab', 'c']);
    const stop = new AbortController();
    stop.abort();
    expect(ids(await collect([m('a'), m('b')], {}, stop.signal))).toEqual(['a', 'b']);
    const reads: string[] = [];
    const it = batches((async function* () { for (const x of ['a', 'b', 'c']) { reads.push(x); yield m(x, { roundEnd: x === 'b' }); } })(), new AbortController().signal);
    await it.next();
    expect(reads).toEqual(['a', 'b']);
  });
});
