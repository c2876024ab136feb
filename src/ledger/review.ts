import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Ledger, LedgerEvent } from './index.js';
import { fromRow } from './rows.js';

// Events held for review (decision 'review', nothing to write), grouped so a person can act on
// many at once: `bouncesync review` lists the groups, `--approve` turns a group into flags that
// the next write-back writes, `--dismiss` into ignored events. Both record who, when and why in
// the event itself (`why` and `note`), which `events` shows and the write-back leaves alone.

export interface HeldGroup {
  /** Short hash of the grouping key: the same group has the same id in every listing. */
  id: string;
  /** Why these events are held: the burst rule's note, or the decision's why. */
  held: string;
  burst: boolean;
  reason: string | null;
  status: string | null;
  diagnostic: string | null;
  events: LedgerEvent[];
}

/** Every held event, oldest first. (No index on decision: a scan, fine for a command a person runs.) */
export async function heldEvents(ledger: Ledger): Promise<LedgerEvent[]> {
  const rows = await ledger.db(ledger.t('events')).where({ decision: 'review', state: 'none' }).orderBy('id');
  return rows.map(fromRow);
}

export async function eventById(ledger: Ledger, id: number): Promise<LedgerEvent | null> {
  const r = await ledger.db(ledger.t('events')).where({ id }).first();
  return r ? fromRow(r) : null;
}

/**
 * Only the burst rule leaves a fingerprint on a held event (decide sets one on flag decisions
 * alone, and the burst rule is what turns those into review): its events group by fingerprint,
 * which is the reason, remote server and diagnostic words. Any other held event groups by its
 * why and reason, so a hard and a soft failure held for the same why stay apart.
 */
export function groupKey(e: LedgerEvent): string {
  return e.fingerprint ? `burst|${e.fingerprint}` : `why|${e.why}|${e.reason ?? ''}`;
}

export function groupId(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 8);
}

/** Largest group first; ties by id, so the listing is the same each time. */
export function groupHeld(events: LedgerEvent[]): HeldGroup[] {
  const groups = new Map<string, HeldGroup>();
  for (const e of events) {
    const key = groupKey(e);
    let g = groups.get(key);
    if (!g) {
      g = { id: groupId(key), held: e.note ?? e.why, burst: !!e.fingerprint, reason: e.reason, status: e.status, diagnostic: e.diagnostic, events: [] };
      groups.set(key, g);
    }
    g.diagnostic ??= e.diagnostic;
    g.events.push(e);
  }
  return [...groups.values()].sort((a, b) => b.events.length - a.events.length || a.id.localeCompare(b.id));
}

/** "approved by review at 2026-12-01T10:00:00.000Z (user ann); was held: ..." */
export function reviewNote(action: 'approved' | 'dismissed', at: Date, user: string | null, held: string): string {
  return `${action} by review at ${at.toISOString()}${user ? ` (user ${user})` : ''}; was held: ${held}`;
}

/**
 * Held events become hard flags, pending write-back: the next write-back (`run`, or the running
 * agent's next pass) writes them like any flag, with its run's old values, so `undo --run` of
 * that run takes them back. The fingerprint is cleared: the person has said this failure is the
 * address's own, so the burst rule must not hold the event again (it counts the last hour, and
 * the approval may come within it) nor count it against later failures. Only events still held
 * change (another process may have acted on them meanwhile); returns how many did.
 */
export async function approveHeld(ledger: Ledger, events: LedgerEvent[], at: Date, user: string | null): Promise<number> {
  return settleHeld(ledger, events, (e) => {
    const text = reviewNote('approved', at, user, e.note ?? e.why);
    return { decision: 'flag', state: 'pending', fingerprint: null, why: text.slice(0, 300), note: text.slice(0, 500) };
  });
}

/** Held events become ignored, with the note; they are no longer listed and never flag. */
export async function dismissHeld(ledger: Ledger, events: LedgerEvent[], at: Date, user: string | null): Promise<number> {
  return settleHeld(ledger, events, (e) => {
    const text = reviewNote('dismissed', at, user, e.note ?? e.why);
    return { decision: 'ignore', why: text.slice(0, 300), note: text.slice(0, 500) };
  });
}

async function settleHeld(ledger: Ledger, events: LedgerEvent[], values: (e: LedgerEvent) => Record<string, string | null>): Promise<number> {
  // Events of one group share their held text, so this is one UPDATE per 500 events, not one each.
  const byText = new Map<string, { set: Record<string, string | null>; ids: number[] }>();
  for (const e of events) {
    const set = values(e);
    const k = JSON.stringify(set);
    const g = byText.get(k) ?? { set, ids: [] };
    byText.set(k, g);
    g.ids.push(e.id);
  }
  // One transaction: a group is approved or dismissed whole (a dry run's ledger is one already).
  const work = async (db: Knex | Knex.Transaction) => {
    let changed = 0;
    for (const { set, ids } of byText.values()) {
      for (let i = 0; i < ids.length; i += 500) {
        changed += Number(await db(ledger.t('events')).whereIn('id', ids.slice(i, i + 500)).where({ decision: 'review', state: 'none' }).update(set));
      }
    }
    return changed;
  };
  const db = ledger.db;
  return (db as Knex.Transaction).isTransaction ? work(db) : (db as Knex).transaction(work);
}
