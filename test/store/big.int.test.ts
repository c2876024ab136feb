import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { closeAgent, recordSendTimeFailures, type Agent } from '../../src/flow/flow.js';
import { createContacts, createTestDb, selected, unavailableReason, type Client, type TestDb } from '../helpers/databases.js';
import { agentFor, memorySends, verdict } from '../helpers/agent.js';

// A 1,000,000-row table while another connection (the CRM) keeps updating other columns of
// the same rows in multi-row transactions: no CRM write lost, every flag written, and any
// deadlock or lock timeout on our side retried, not left to fail the run.
// MariaDB and PostgreSQL only: SQLite has one writer at a time, so there is nothing to interleave.

const ROWS = 1_000_000;
const EVENTS = 20_000;

for (const client of selected().filter((c) => c !== 'sqlite')) {
  const why = await unavailableReason(client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`1,000,000 rows on ${client}${why ? ` (skipped: ${why})` : ''}`, () => bigSuite(client));
}

export async function fillMillion(db: Knex, client: Client, rows = ROWS): Promise<void> {
  // One INSERT ... SELECT from a number series: seconds, not minutes.
  if (client === 'postgres') await db.raw(`insert into contacts (id, email) select g, 'u' || g || '@big.test' from generate_series(1, ${rows}) g`);
  else await db.raw(`insert into contacts (id, email) select seq, concat('u', seq, '@big.test') from seq_1_to_${rows}`);
}

function bigSuite(client: Client) {
  let t: TestDb;
  let agent: Agent;
  beforeAll(async () => {
    t = await createTestDb(client, 'big');
    await createContacts(t.db);
    await fillMillion(t.db, client);
  }, 180_000);
  afterAll(async () => { if (agent) await closeAgent(agent); await t?.drop(); });

  it('flags 20,000 rows while the CRM updates other columns of the same rows', async () => {
    // Every 50th row, spread over the whole table.
    const ids = Array.from({ length: EVENTS }, (_, i) => 1 + i * 50);
    const sends = memorySends([]);
    // 20,000 identical refusals would trip the burst rule (a block, not dead addresses): raise it here.
    agent = await agentFor(t, sends, { database: { client, connection: t.connection, batchSize: 500, lockTimeoutMs: 500 }, policy: { burst: 1_000_000 } });

    const lastNote = new Map<number, string>();
    let crmWrites = 0;
    let crmRetries = 0;
    let stop = false;
    const crm = (async () => {
      for (let n = 0; !stop; n++) {
        // A CRM job touching five rows in random order: the order that deadlocks with a batch in key order.
        const pick = Array.from({ length: 5 }, () => ids[Math.floor(Math.random() * ids.length)]);
        const note = `crm-${n}`;
        try {
          await t.db.transaction(async (trx) => {
            for (const id of pick) await trx('contacts').where({ id }).update({ notes: note, name: `n${n}` });
          });
          for (const id of pick) lastNote.set(id, note);
          crmWrites++;
        } catch {
          crmRetries++; // the CRM's own deadlock: its transaction rolled back as a whole
        }
      }
    })();

    const failures = ids.map((id) => ({ send: { id, campaign: 'big', rowKey: id, address: `u${id}@big.test`, messageId: null }, verdict: verdict(`u${id}@big.test`, 'userunknown', { diagnostic: `user u${id} unknown` }) }));
    const s = await recordSendTimeFailures(agent, failures);
    stop = true;
    await crm;

    expect(s.problems).toEqual([]);
    expect(s.write?.rowsChanged).toBe(EVENTS);
    expect(crmWrites).toBeGreaterThan(0);
    const flagged = await t.db('contacts').where({ email_bounced: 1 }).count({ n: '*' }).first();
    expect(Number(flagged?.n)).toBe(EVENTS);
    const touched = [...lastNote.keys()];
    const now = new Map<number, string>();
    for (let i = 0; i < touched.length; i += 1000) {
      for (const r of await t.db('contacts').whereIn('id', touched.slice(i, i + 1000)).select('id', 'notes')) now.set(Number(r.id), r.notes);
    }
    for (const [id, note] of lastNote) expect(now.get(id)).toBe(note);
    console.log(`${client}: ${EVENTS} flags in ${s.write?.batches} batches, longest ${s.write?.longestBatchMs} ms, our retries ${s.write?.retries}; CRM transactions ${crmWrites}, CRM rollbacks ${crmRetries}`);
  }, 300_000);
}
