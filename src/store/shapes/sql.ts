import type { Knex } from 'knex';
import type { Cond, Fold, Scalar } from '../../crm/types.js';

// Small pieces every shape builds its queries from. Names come from a preset (checked against
// the catalog first); knex quotes them. Values are always bound.

export type Db = Knex | Knex.Transaction;

/** alias.column = value for each condition ({ not: v }: <>, null: IS NULL). */
export function where(q: Knex.QueryBuilder, alias: string, c: Cond | undefined): Knex.QueryBuilder {
  for (const [col, v] of Object.entries(c ?? {})) {
    const name = alias ? `${alias}.${col}` : col;
    if (v !== null && typeof v === 'object' && 'in' in v) q.whereIn(name, v.in as Knex.Value[]);
    else if (v !== null && typeof v === 'object') {
      if (v.not === null) q.whereNotNull(name);
      else q.where((b) => b.whereNot(name, v.not as Knex.Value).orWhereNull(name));
    } else if (v === null) q.whereNull(name);
    else q.where(name, v as Knex.Value);
  }
  return q;
}

/** True when a row read holds every condition (the same test in JS, for rows already read). */
export function holds(row: Record<string, unknown>, c: Cond | undefined): boolean {
  return Object.entries(c ?? {}).every(([col, v]) => {
    const now = row[col];
    if (v !== null && typeof v === 'object' && 'in' in v) return v.in.some((x) => equal(now, x));
    if (v !== null && typeof v === 'object') return v.not === null ? now != null : now == null || !equal(now, v.not);
    return v === null ? now == null : equal(now, v);
  });
}

function equal(a: unknown, b: Scalar): boolean {
  const n = (x: unknown) => (typeof x === 'boolean' ? (x ? 1 : 0) : x);
  return String(n(a)) === String(n(b));
}

/** PHP's strtoupper/strtolower (and Odoo's normalisation) fold ASCII letters only. */
export function fold(address: string, f: Fold): string {
  if (f === 'upper') return address.replace(/[a-z]+/g, (r) => r.toUpperCase());
  return address.replace(/[A-Z]+/g, (r) => r.toLowerCase());
}

/** Columns the preset names in a condition. */
export const condColumns = (c: Cond | undefined) => Object.keys(c ?? {});

/** A date written as the app stores it: UTC, whole seconds, as text (no driver time-zone guessing). */
export function utcText(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** The rows moved between the read and the lock (the CRM wrote them): plan again. */
export class RowsMoved extends Error {}

/** Rows for which the condition does not hold (a NULL column does not hold it): NOT (a AND b) as (a' OR b'). */
export function unless(q: Knex.QueryBuilder, alias: string, c: Cond | undefined): Knex.QueryBuilder {
  const entries = Object.entries(c ?? {});
  if (entries.length === 0) return q.whereRaw('1 = 0');
  return q.where((b) => {
    for (const [col, v] of entries) {
      const name = alias ? `${alias}.${col}` : col;
      b.orWhere((x) => {
        if (v !== null && typeof v === 'object' && 'in' in v) x.whereNotIn(name, v.in as Knex.Value[]).orWhereNull(name);
        else if (v !== null && typeof v === 'object') { if (v.not === null) x.whereNull(name); else x.where(name, v.not as Knex.Value); }
        else if (v === null) x.whereNotNull(name);
        else x.whereNot(name, v as Knex.Value).orWhereNull(name);
      });
    }
  });
}
