import type { Knex } from 'knex';
import type { CampaignConfig } from '../config/send.js';
import { BounceError } from '../core/errors.js';
import type { Adapter } from '../../adapters/adapter.js';
import type { Recipient } from './sender.js';
import { recordsQuery } from '../store/shapes/holders.js';
import { unless, where } from '../store/shapes/sql.js';
import type { CrmStore } from '../store/shapes/write.js';
import type { Cond, Preset, RecordType, Write } from '../crm/types.js';

// `send` through a preset: every live record of each type with its primary address, skipping
// what the app itself would not mail (an invalid or opted-out address, a record set do-not-mail,
// a do-not-contact or blocklist row). Keys are "Type:key", so a contact and a lead sharing an
// address are two recipients, as the app sends them. Read a page at a time in key order.

export interface RecipientSource { fields: string[]; recipients: AsyncIterable<Recipient>; count(): Promise<number> }

export async function crmRecipientSource(db: Knex, adapter: Adapter, store: CrmStore, filter: CampaignConfig, name: string, signal?: AbortSignal): Promise<RecipientSource> {
  if (filter.where) {
    throw new BounceError('CRM_CAMPAIGN_WHERE', `campaigns.${name}.where is not used with a crm preset (its SQL would not know the app's joins).`, {
      fix: 'Remove the where; choose record types with crm.records.',
    });
  }
  const fields = new Set<string>(['email']);
  for (const rt of store.preset.records.filter((r) => r.send !== false)) for (const c of await adapter.columns(db, { schema: null, table: rt.table })) fields.add(c.name);
  return {
    fields: [...fields],
    recipients: pages(db, store.preset, signal),
    count: async () => {
      let n = 0;
      for (const rt of store.preset.records.filter((r) => r.send !== false)) n += Number((await mailable(db, store.preset, rt).count({ n: '*' }))[0]!.n);
      return n;
    },
  };
}

async function* pages(db: Knex, p: Preset, signal?: AbortSignal): AsyncIterable<Recipient> {
  for (const rt of p.records.filter((r) => r.send !== false)) {
    let last: unknown;
    while (!signal?.aborted) {
      const q = mailable(db, p, rt).select('r.*', { bs_address: addressColumn(p, rt) }).orderBy(`r.${rt.key}`).limit(1000);
      if (last !== undefined) q.where(`r.${rt.key}`, '>', last as Knex.Value);
      const rows = (await q) as Record<string, unknown>[];
      for (const row of rows) {
        const address = String(row.bs_address ?? '').trim();
        const { bs_address: _, ...fields } = row;
        if (address.includes('@')) yield { key: `${rt.name}:${String(row[rt.key])}`, address, fields: { ...fields, email: address } };
      }
      if (rows.length < 1000) break;
      last = rows[rows.length - 1]![rt.key];
    }
  }
}

const addressColumn = (p: Preset, rt: RecordType) => (rt.address ? `r.${rt.address.column}` : `a.${p.addresses!.column}`);

/** The live records of a type the app would mail, each once (its primary address). */
function mailable(db: Knex, p: Preset, rt: RecordType): Knex.QueryBuilder {
  const q = recordsQuery(db, p, rt);
  for (const c of rt.skip ?? []) unless(q, 'r', c);
  const a = p.addresses;
  if (!rt.address && a) {
    if (a.link?.primary) where(q, 'l', a.link.primary);
    if (a.primary) where(q, 'a', a.primary);
    for (const c of a.skip ?? []) unless(q, 'a', c);
  }
  // A row an insert shape would have made (or a person did) stops mail to its owner.
  for (const w of [...p.hard, ...p.optOut]) if (w.shape === 'insert' && (!w.records || w.records.includes(rt.name))) notListed(db, q, p, rt, w);
  return q;
}

function notListed(db: Knex, q: Knex.QueryBuilder, p: Preset, rt: RecordType, w: Extract<Write, { shape: 'insert' }>): void {
  const owner = w.per === 'record' ? `r.${rt.key}` : rt.address ? `r.${rt.address.column}` : `a.${p.addresses!.lookup.column}`;
  q.whereNotExists(function (this: Knex.QueryBuilder) {
    // An address kept as typed is compared in any letter case (an unsubscribe stops mail on PostgreSQL too).
    const anyCase = w.per === 'address' && (w.fold ?? 'none') === 'none';
    this.select(db.raw('1')).from({ d: w.table }).whereRaw(anyCase ? 'LOWER(??) = LOWER(??)' : '?? = ??', [`d.${w.owner}`, owner]);
    where(this, 'd', w.same);
    if (w.stops) where(this, 'd', w.stops as Cond);
    else if (w.ignore) unless(this, 'd', w.ignore);
  });
}
