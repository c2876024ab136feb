import type { Agent } from '../flow/flow.js';
import { crmOf } from '../flow/crm.js';
import { crmConfig } from '../crm/index.js';

/** `check` for a crm preset: what it maps and writes, every table and column found in the catalog, and the rights to write them. */
export async function checkCrm(agent: Agent, done: number): Promise<number> {
  const { store, lines } = await crmOf(agent);
  const out = (l: string) => process.stdout.write(`${l}\n`);
  out(`database: ${agent.database.adapter.name}; crm: ${crmConfig(agent.config.crm!).preset} (${store.preset.app})`);
  for (const l of lines) out(`  ${l}`);
  out('every table and column the preset names: found in the catalog');
  // The rights: each shape's write, in a transaction rolled back, matching no row.
  const rollback = new Error('rollback');
  for (const shape of store.shapes) {
    const [cols] = shape.columns();
    try {
      await agent.database.db.transaction(async (trx) => {
        const q = trx(cols!.table).whereRaw('1 = 0');
        if (shape.target.startsWith('insert:')) await trx(cols!.table).insert(trx.select(cols!.columns.slice(1)).from(cols!.table).whereRaw('1 = 0'));
        else await q.update(Object.fromEntries(cols!.columns.slice(1, 2).map((c) => [c, trx.ref(c)])));
        throw rollback;
      });
    } catch (e) {
      if (e !== rollback) { out(`${shape.target}: the database refused the write (${(e as Error).message.split('\n')[0]}): grant the agent's account ${shape.target.startsWith('insert:') ? 'INSERT and DELETE' : 'UPDATE'} on ${cols!.table}`); return 1; }
    }
    out(`${shape.target}: ${shape.target.startsWith('insert:') ? 'INSERT' : 'UPDATE'} right: yes (checked with a statement that matches no row, rolled back)`);
  }
  out(done ? 'a source failed: see above' : 'ok');
  return done;
}
