// A campaign's recipients, read from the live table through the store's checked mapping:
// recipients.where (the operator's limit) AND the campaign's own where, skipping rows already
// flagged as bounced or opted out. Read in key order, a page at a time, so a million-row table
// never sits in memory and no long-running cursor holds locks.
import type { Knex } from 'knex';
import { from, restrict, type Mapping } from '../writeback/mapping.js';
import type { Recipient } from './sender.js';

export interface CampaignFilter { where?: string; params?: Record<string, string | number | boolean> }

export function recipientsQuery(db: Knex, m: Mapping, c: CampaignFilter): Knex.QueryBuilder {
  let q = restrict(from(db, m).select('*'), m);
  if (c.where) q = q.whereRaw(`(${c.where})`, (c.params ?? {}) as Knex.ValueDict);
  for (const role of ['hard', 'optOut'] as const) {
    const r = m.roles[role];
    if (r) q = q.where((b) => b.whereNull(r.column).orWhereNot(r.column, r.value as Knex.Value));
  }
  return q;
}

export async function* campaignRecipients(db: Knex, m: Mapping, c: CampaignFilter, pageSize = 1000): AsyncIterable<Recipient> {
  let last: unknown;
  for (;;) {
    let q = recipientsQuery(db, m, c).orderBy(m.key).limit(pageSize);
    if (last !== undefined) q = q.where(m.key, '>', last as Knex.Value);
    const rows = (await q) as Record<string, unknown>[];
    for (const row of rows) {
      const address = String(row[m.email] ?? '').trim();
      if (address.includes('@')) yield { key: row[m.key] as string | number, address, fields: row };
    }
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1]![m.key];
  }
}
