import type { Agent } from './flow.js';
import type { Ledger } from '../ledger/index.js';
import type { RowFinder } from '../match/index.js';
import { holdersOf } from '../store/shapes/holders.js';
import { writeCrm, type CrmStore } from '../store/shapes/write.js';
import type { WriteSummary } from '../store/write.js';
import { isUnavailable, unavailable } from '../store/connect.js';
import { resolvePreset } from '../crm/index.js';
import { loadCrm, type CrmCheck } from '../store/shapes/load.js';

// The pipeline's way into a CRM preset: the checked preset (once per agent), its write-back and
// its address matching. Only these three entry points are called from the flow.

const loaded = new WeakMap<Agent, Promise<CrmCheck>>();

export function crmOf(agent: Agent): Promise<CrmCheck> {
  let p = loaded.get(agent);
  if (!p) {
    p = loadCrm(agent.database.db, agent.database.adapter, agent.config.crm!);
    p.catch(() => loaded.delete(agent)); // down now: try again next time
    loaded.set(agent, p);
  }
  return p;
}

/** Whether the preset writes anything for a complaint (decide records complaints as opt-outs only then). */
export function crmWritesOptOut(agent: Agent): boolean {
  if (!agent.config.crm) return false;
  try {
    return resolvePreset(agent.config.crm).optOut.length > 0;
  } catch {
    return false; // a refused preset (Dynamics) is reported by crmFault, once, not per event
  }
}

export async function crmWriteBack(agent: Agent, ledger: Ledger, runId: string, dryRun: boolean): Promise<WriteSummary> {
  const { store } = await crmOf(agent);
  const c = agent.config.database;
  return writeCrm({ ...agent.database, crm: store, ledger, runId, policy: agent.config.policy, dryRun, batchSize: c.batchSize, lockTimeoutMs: c.lockTimeoutMs, log: agent.log.child({ component: 'writeback' }) });
}

/** Address matching through the preset: an address matches when a live record holds it; the address is the key. */
export function crmRowFinder(agent: Agent): RowFinder {
  return {
    async byAddresses(addresses) {
      try {
        const { store }: { store: CrmStore } = await crmOf(agent);
        const found = await holdersOf(agent.database.db, store.preset, addresses, store.caseSensitive);
        return new Map(found.map((h) => [h.address, h.address]));
      } catch (e) {
        throw isUnavailable(e) ? unavailable(e) : e;
      }
    },
  };
}

/** The preset's config error (a table or column missing, a wrong engine), or null: loaded, or the database cannot be reached. */
export async function crmFault(agent: Agent): Promise<Error | null> {
  try {
    await crmOf(agent);
    return null;
  } catch (e) {
    if ((e as { code?: string }).code === 'DB_UNAVAILABLE' || isUnavailable(e)) return null;
    return e instanceof Error ? e : new Error(String(e));
  }
}
