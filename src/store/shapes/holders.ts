import type { Knex } from 'knex';
import { normalAddress } from '../../core/address.js';
import type { Preset, RecordType } from '../../crm/types.js';
import { fold, where, type Db } from './sql.js';

// Which live records hold an address, and through which address row: the one read every shape
// plans from, and address matching asks. Soft-deleted records, links and address rows are never
// found, so nothing of theirs is ever written.

export interface Holder {
  /** The record type (the app's name for it) and the record's key. */
  type: string;
  rec: string | number;
  /** The shared address row's key (SuiteCRM, EspoCRM, CiviCRM), or null: the address is on the record. */
  arow: string | number | null;
  /** The address as matching compares it (normalAddress). */
  address: string;
}

/** Every live holder of these addresses (normalAddress form), record type by record type. */
export async function holdersOf(db: Db, p: Preset, addresses: string[], caseSensitive: boolean): Promise<Holder[]> {
  const wanted = new Set(addresses);
  const out: Holder[] = [];
  if (addresses.length === 0) return out;
  for (const rt of p.records) {
    for (let i = 0; i < addresses.length; i += 500) {
      const part = addresses.slice(i, i + 500);
      const rows = (await holderQuery(db, p, rt, part, caseSensitive)) as { rec: string | number; arow: string | number | null; addr: string }[];
      for (const r of rows) {
        const address = normalAddress(String(r.addr ?? ''));
        if (wanted.has(address)) out.push({ type: rt.name, rec: r.rec, arow: r.arow ?? null, address });
      }
    }
  }
  return out;
}

/** The live (record, address row, address) triples of one record type whose address is one of these. */
export function holderQuery(db: Db, p: Preset, rt: RecordType, addresses: string[], caseSensitive: boolean): Knex.QueryBuilder {
  const q = recordsQuery(db, p, rt);
  if (rt.address) {
    q.select({ rec: `r.${rt.key}`, addr: `r.${rt.address.column}` }).select(db.raw('null as arow'));
    return match(db, q, `r.${rt.address.column}`, rt.address.fold, addresses, caseSensitive);
  }
  const a = p.addresses!;
  q.select({ rec: `r.${rt.key}`, arow: `a.${a.key}`, addr: `a.${a.column}` });
  return match(db, q, `a.${a.lookup.column}`, a.lookup.fold, addresses, caseSensitive);
}

/**
 * The live records of a type joined to their live address rows (aliases r, l, a, e): the base of
 * the holder query and of `send`'s recipients.
 */
export function recordsQuery(db: Db, p: Preset, rt: RecordType): Knex.QueryBuilder {
  const q = db({ r: rt.table });
  where(q, 'r', rt.alive);
  if (rt.entity) {
    q.join({ e: rt.entity.table }, `e.${rt.entity.key}`, `r.${rt.key}`);
    where(q, 'e', rt.entity.alive);
  }
  if (rt.address) return q;
  const a = p.addresses!;
  if (a.link) {
    const l = a.link;
    q.join({ l: l.table }, `l.${l.record}`, `r.${rt.key}`).join({ a: a.table }, `a.${a.key}`, `l.${l.address}`);
    q.where(`l.${l.type}`, rt.name);
    where(q, 'l', l.alive);
  } else {
    q.join({ a: a.table }, `a.${a.owner!}`, `r.${rt.key}`);
  }
  return where(q, 'a', a.alive);
}

/**
 * The address condition: a folded lookup column compares exactly; an unfolded one through the
 * column's case-insensitive collation (MySQL/MariaDB) or, case-sensitive (PostgreSQL), by LOWER().
 * Rows found are kept only when their address, normalised here, is one asked for.
 */
function match(db: Db, q: Knex.QueryBuilder, column: string, f: 'upper' | 'lower' | 'none', addresses: string[], caseSensitive: boolean): Knex.QueryBuilder {
  if (f !== 'none') return q.whereIn(column, addresses.map((x) => fold(x, f)));
  if (!caseSensitive) return q.whereIn(column, addresses);
  return q.whereRaw(`LOWER(??) in (${addresses.map(() => '?').join(', ')})`, [column, ...addresses]);
}
