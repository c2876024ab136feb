import type { Knex } from 'knex';
import { normalAddress } from '../core/address.js';
import { from, restrict, type Mapping } from './mapping.js';

// Address matching (policy.match: address) finds rows whose address equals the bounce's, ASCII
// letter case and surrounding spaces ignored (normalAddress). In SQL the nearest is
// LOWER(TRIM(email)) = address, which no ordinary index serves: on a CRM table of millions of rows
// each batch of addresses was a full scan, and customers do not want expression indexes in their
// CRM. So the rows are asked for in a form the ordinary index on the email column serves, and only
// rows whose stored address, put through normalAddress() here, is one of the addresses are kept:
// never one more (an accent-insensitive collation's 'é' = 'e', a case-insensitive one's KELVIN SIGN
// = 'k', a longer address found by a LIKE prefix, a stored ' a@x' found through a differently
// spelled one). The database's LOWER() decides nothing: it folds more than ASCII on some servers.

export type AddressLookup =
  /**
   * The column's collation ignores letter case (MySQL/MariaDB *_ci, SQL Server _CI_): `email IN`
   * finds every spelling of an address; pad: it also ignores trailing spaces, otherwise
   * `email LIKE 'address%'` finds them. Leading spaces no collation ignores: `email LIKE ' %'`
   * (a range of the index too) adds the rows stored with them.
   */
  | { by: 'collation'; pad: boolean }
  /**
   * Case-sensitive (PostgreSQL, SQLite, a binary collation): `email IN` the addresses as matching
   * writes them and as the bounces spelled them (the spelling sent, so usually the one stored),
   * then LOWER(TRIM(email)) only for the addresses not found that way. Chosen over detecting an
   * expression index and warning because it needs nothing of the customer and is right on any
   * table: the full scan is left only for addresses the table does not hold as written (and an
   * expression index on lower(trim(email)), where one exists, serves that query by itself).
   */
  | { by: 'exact' };

/**
 * Rows by address (addresses as normalAddress() makes them, as matching does; spellings:
 * the same addresses as the bounces wrote them). When two rows hold one address, the lowest key
 * among those a query finds is taken.
 */
export async function rowsByAddress(db: Knex, m: Mapping, addresses: string[], spellings: string[] = []): Promise<Map<string, string | number>> {
  const out = new Map<string, string | number>();
  if (addresses.length === 0) return out;
  if (m.lookup.by === 'collation') {
    keep(out, addresses, m.key, await collationQuery(db, m, addresses, m.lookup.pad));
    return out;
  }
  keep(out, addresses, m.key, await exactQuery(db, m, [...new Set([...addresses, ...spellings])]));
  const rest = addresses.filter((a) => !out.has(a));
  if (rest.length) keep(out, rest, m.key, await expressionQuery(db, m, rest));
  return out;
}

export function collationQuery(db: Knex, m: Mapping, addresses: string[], pad: boolean): Knex.QueryBuilder {
  return select(db, m, (q) => q.where((w) => {
    if (pad) w.whereIn(m.email, addresses);
    else for (const a of addresses) w.orWhereRaw("?? like ? escape '!'", [m.email, likePrefix(a)]);
    w.orWhereRaw('?? like ?', [m.email, ' %']);
  }));
}

export function exactQuery(db: Knex, m: Mapping, values: string[]): Knex.QueryBuilder {
  return select(db, m, (q) => q.whereIn(m.email, values));
}

/**
 * Right under any collation, but only an expression index serves it. A server whose LOWER() folds
 * more than ASCII (PostgreSQL and MariaDB under a Unicode locale or collation) turns a stored
 * 'ÉMILE@x' into 'émile@x', one that folds ASCII only (SQLite) into 'Émile@x': both forms are asked
 * for, and keep() decides.
 */
export function expressionQuery(db: Knex, m: Mapping, addresses: string[]): Knex.QueryBuilder {
  const values = [...new Set(addresses.flatMap((a) => [a, a.toLowerCase()]))];
  return select(db, m, (q) => q.whereRaw(`LOWER(TRIM(??)) in (${values.map(() => '?').join(', ')})`, [m.email, ...values]));
}

function select(db: Knex, m: Mapping, where: (q: Knex.QueryBuilder) => void): Knex.QueryBuilder {
  const q = from(db, m).select(m.key, db.raw('?? as bs_email', [m.email]));
  where(q);
  return restrict(q, m).orderBy(m.key);
}

// The filter that makes any wider query give exactly the rows whose address is one asked for.
function keep(out: Map<string, string | number>, addresses: string[], key: string, rows: Record<string, string | number>[]): void {
  const wanted = new Set(addresses);
  for (const row of rows) {
    const address = normalAddress(String(row.bs_email ?? ''));
    if (wanted.has(address) && !out.has(address)) out.set(address, row[key]);
  }
}

/** 'a_b%c' → 'a!_b!%c%': the address as a prefix, its wildcards taken literally (escape '!'). */
export function likePrefix(address: string): string {
  return address.replace(/[!%_]/g, '!$&') + '%';
}
