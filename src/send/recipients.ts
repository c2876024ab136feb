// A campaign's recipients, read from the live table through the store's checked mapping:
// recipients.where (the operator's limit) AND the campaign's own where, skipping rows already
// flagged as bounced or opted out. Read in key order, a page at a time, so a million-row table
// never sits in memory and no long-running cursor holds locks.
import type { Knex } from 'knex';
import { BounceError } from '../core/errors.js';
import { from, restrict, whereClause, type Mapping } from '../store/mapping.js';
import type { Recipient } from './sender.js';

export interface CampaignFilter { where?: string; params?: Record<string, string | number | boolean> }

export function recipientsQuery(db: Knex, m: Mapping, c: CampaignFilter): Knex.QueryBuilder {
  let q = restrict(from(db, m).select('*'), m);
  if (c.where) q = whereClause(q, { sql: c.where, params: c.params ?? {} });
  for (const role of ['hard', 'optOut'] as const) {
    const r = m.roles[role];
    if (r) q = q.where((b) => b.whereNull(r.column).orWhereNot(r.column, r.value as Knex.Value));
  }
  return q;
}

export interface PageOptions { pageSize?: number; signal?: AbortSignal }

/**
 * The campaign's recipients in key order, a page at a time, each page after the last key read.
 * Stops when told (signal), and never loops: a page that does not move past the last key read
 * (the paging condition did not hold) ends the reading with RECIPIENTS_PAGING instead of reading
 * the same rows again and again.
 */
export async function* campaignRecipients(db: Knex, m: Mapping, c: CampaignFilter, o: PageOptions = {}): AsyncIterable<Recipient> {
  const pageSize = o.pageSize ?? 1000;
  let last: unknown;
  while (!o.signal?.aborted) {
    let q = recipientsQuery(db, m, c).orderBy(m.key).limit(pageSize);
    if (last !== undefined) q = q.where(m.key, '>', last as Knex.Value);
    const rows = (await q) as Record<string, unknown>[];
    if (last !== undefined && !movedPast(rows.map((r) => r[m.key]), last)) throw pagingStuck(m);
    for (const row of rows) {
      const address = String(row[m.email] ?? '').trim();
      if (address.includes('@')) yield { key: row[m.key] as string | number, address, fields: row };
    }
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1]![m.key];
    // A driver that answers at once (better-sqlite3) would otherwise never let the event loop
    // run between pages: a SIGTERM's handler would wait for the last page of the table.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Rows read after `last` never hold it again, and numbers (compared here as the database does) are all above it. */
function movedPast(keys: unknown[], last: unknown): boolean {
  return keys.every((k) => String(k) !== String(last) && (typeof k !== 'number' || typeof last !== 'number' || k > last));
}

function pagingStuck(m: Mapping): BounceError {
  return new BounceError('RECIPIENTS_PAGING', `reading the recipients of table "${m.table}" in order of "${m.key}" came back to rows already read.`, {
    fix: `Map recipients.key to the table's primary key (unique, never NULL), and keep each where to a condition on its own row.`,
  });
}
