import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmOf } from '../../../src/flow/crm.js';
import { crmRecipientSource } from '../../../src/send/crm-recipients.js';
import type { RowChangeView } from '../../../src/store/write.js';
import { closeAgent, type Agent } from '../../../src/flow/flow.js';
import { undoCrm } from '../../../src/store/shapes/undo.js';
import { changedRuns, crmAgent, crmDb, reachable, refuse, runMail, snapshot, type CrmDb, type Engine, type Mail } from './harness.js';

// One preset on one engine, the same steps every time: check, exact dry run (nothing written),
// returned mail and a send-time refusal (the rows the app reads asserted by the caller), the
// recipients `send` would read, a second run that changes nothing, and undo of every run,
// newest first, back to the seeded tables exactly.

export interface PresetCase {
  app: string;
  engine: Engine;
  crm: unknown;
  tables: Record<string, string>;
  schema(db: Knex, engine: Engine): Promise<void>;
  seed(db: Knex): Promise<void>;
  mail: Mail[];
  refusal: { rowKey: string; address: string };
  check: string[];
  dryRun: RowChangeView[];
  /** After the mail and the refusal: what the app's own screens and send paths read. */
  after(db: Knex): Promise<void>;
  sendKeys: string[];
}

export function presetSuite(c: PresetCase): void {
  describe(`crm: ${c.app} on ${c.engine === 'mysql' ? 'MariaDB' : 'PostgreSQL'}`, async () => {
    const up = await reachable(c.engine);
    let t: CrmDb;
    let agent: Agent;
    let seeded: Record<string, unknown[]>;
    beforeAll(async () => {
      if (!up) return;
      t = await crmDb(c.engine, c.app);
      await c.schema(t.db, c.engine);
      await c.seed(t.db);
      seeded = await snapshot(t.db, c.tables);
      agent = await crmAgent(t, c.crm);
    });
    afterAll(async () => { if (agent) await closeAgent(agent).catch(() => {}); await t?.drop(); });

    it.skipIf(!up)('check: every table and column found; what it writes', async () => {
      const { lines } = await crmOf(agent);
      for (const l of c.check) expect(lines).toContain(l);
    });

    it.skipIf(!up)('--dry-run lists exactly the changes and writes nothing', async () => {
      const s = await runMail(agent, c.app, c.mail, true);
      expect(s.problems).toEqual([]);
      expect(s.write?.changes).toEqual(c.dryRun);
      expect(await snapshot(t.db, c.tables)).toEqual(seeded);
    });

    it.skipIf(!up)('returned mail and a send-time refusal are written where the app reads them', async () => {
      const s = await runMail(agent, c.app, c.mail);
      expect(s.problems).toEqual([]);
      expect((await refuse(agent, 1, c.refusal.rowKey, c.refusal.address)).write?.rowsChanged).toBeGreaterThan(0);
      await c.after(t.db);
    });

    it.skipIf(!up)('send reads the records the app would still mail', async () => {
      const source = await crmRecipientSource(agent.database.db, agent.database.adapter, (await crmOf(agent)).store, { params: {}, subject: 's', text: 't' }, 'news');
      const keys: string[] = [];
      for await (const r of source.recipients) keys.push(String(r.key));
      expect(keys).toEqual(c.sendKeys);
      expect(await source.count()).toBe(c.sendKeys.length);
    });

    it.skipIf(!up)('a second run changes nothing', async () => {
      const before = await snapshot(t.db, c.tables);
      const again = await crmAgent(t, c.crm);
      try {
        expect((await runMail(again, c.app, c.mail)).write?.rowsChanged).toBe(0);
        expect((await refuse(again, 1, c.refusal.rowKey, c.refusal.address)).write?.rowsChanged).toBe(0);
      } finally { await closeAgent(again); }
      expect(await snapshot(t.db, c.tables)).toEqual(before);
    });

    it.skipIf(!up)('undo --run of each run restores the tables exactly', async () => {
      const { store } = await crmOf(agent);
      const o = { ...agent.database, crm: store, ledger: agent.ledger, lockTimeoutMs: 2000 };
      for (const runId of (await changedRuns(agent)).reverse()) {
        const s = await undoCrm({ ...o, runId });
        expect(s.kept).toEqual([]);
      }
      expect(await snapshot(t.db, c.tables)).toEqual(seeded);
    });
  });
}
