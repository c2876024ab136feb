import type { Knex } from 'knex';
import { splitTable, type Adapter, type Column, type TableRef } from '../../adapters/adapter.js';
import { BounceError, dbMessage } from '../core/errors.js';
import type { Config } from '../config/schema.js';
import { connectionError, isUnavailable, unavailable } from './connect.js';
import type { AddressLookup } from './lookup.js';

// The mapping from config onto the customer's table, checked against the catalog before any
// write: every name used in SQL is one the catalog listed, and knex quotes it.

export type Family = 'number' | 'text' | 'date' | 'other';

/** A where from config (recipients.where, a campaign's where) with its :name values; its text is checked at load (src/config/where.ts). */
export interface Where { sql: string; params: Record<string, unknown> }
export type Role = 'hard' | 'reason' | 'status' | 'at' | 'softCount' | 'optOut';

export interface Mapping {
  ref: TableRef;
  table: string;                                 // as configured, for messages
  key: string;
  email: string;
  /** How address matching asks for rows: from the email column's collation (src/store/lookup.ts). */
  lookup: AddressLookup;
  where: Where | null;
  roles: Partial<Record<Role, { column: string; family: Family; value?: unknown; dateOnly?: boolean }>>;
  statement: string | null;
}

const FAMILIES: [Family, RegExp][] = [
  ['date', /date|time/],
  ['number', /int|bit|bool|numeric|decimal|real|double|float|number|money/],
  ['text', /char|text|clob|string|enum|set|citext/],
];

export function familyOf(type: string): Family {
  for (const [family, re] of FAMILIES) if (re.test(type)) return family;
  return 'other';
}

// What each role may be stored in. SQLite declares types loosely, so '' (no type) fits anything.
const FITS: Record<Role, Family[]> = {
  hard: ['number', 'text'], optOut: ['number', 'text'], reason: ['text'], status: ['text'], at: ['date', 'text'], softCount: ['number'],
};

const STATEMENT_PARAMS = ['key', 'reason', 'status', 'at', 'softCount'];

export async function loadMapping(db: Knex, adapter: Adapter, config: Config): Promise<Mapping> {
  const r = config.recipients;
  const f = config.flags;
  if (!r || !f) throw new BounceError('CRM_NO_MAPPING', 'this config names a crm preset: it has no recipients table of its own.', { fix: 'Use the crm commands path (run, send, check, undo handle crm: themselves).' });
  const ref = splitTable(r.table);
  let columns: Column[];
  try {
    columns = await adapter.columns(db, ref);
  } catch (e) {
    throw connectionError(e, adapter.target(config.database.connection)) ?? new BounceError('CATALOG_READ', `cannot read the catalog for table "${r.table}": ${dbMessage(e).slice(0, 200)}`, { fix: 'Give the account read access to the catalog (information_schema) and the table.' });
  }
  if (columns.length === 0) {
    throw new BounceError('TABLE_MISSING', `table "${r.table}" (recipients.table) was not found${ref.schema ? '' : ' in the default schema'}.`, {
      fix: 'Check recipients.table: its exact spelling and letter case, and "schema.table" if it is not in the default schema.',
    });
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  const need = (column: string, key: string, fits: Family[] | null): Column => {
    const c = byName.get(column);
    if (!c) {
      const near = columns.find((x) => x.name.toLowerCase() === column.toLowerCase());
      throw new BounceError('COLUMN_MISSING', `column "${column}" (${key}) was not found in table "${r.table}".`, {
        fix: near ? `Did you mean "${near.name}"? Names must match the catalog exactly.` : `Create it, or correct ${key}; the table has: ${columns.map((x) => x.name).join(', ')}.`,
      });
    }
    const family = familyOf(c.type);
    if (fits && c.type !== '' && !fits.includes(family)) {
      throw new BounceError('COLUMN_TYPE', `column "${column}" (${key}) in table "${r.table}" is of type ${c.type}, which cannot hold this value.`, {
        fix: `Map ${key} to a ${fits.join(' or ')} column.`,
      });
    }
    return c;
  };
  need(r.key, 'recipients.key', null);
  const email = need(r.email, 'recipients.email', ['text']);
  const roles: Mapping['roles'] = {};
  const add = (role: Role, column: string | undefined, value?: unknown) => {
    if (!column) return;
    const c = need(column, `flags.${role}`, FITS[role]);
    const longest = role === 'reason' ? 15 : role === 'status' ? 9 : role === 'at' && familyOf(c.type) === 'text' ? 19 : 0;
    if (c.maxLength != null && c.maxLength > 0 && c.maxLength < longest) {
      throw new BounceError('COLUMN_TOO_SHORT', `column "${c.name}" (flags.${role}) in table "${r.table}" holds ${c.maxLength} characters; values need up to ${longest}.`, {
        fix: `Widen it to at least ${longest} characters, or map flags.${role} to another column.`,
      });
    }
    roles[role] = { column: c.name, family: familyOf(c.type), value, ...(c.type === 'date' ? { dateOnly: true } : {}) };
  };
  add('hard', f.hard?.column, f.hard?.value);
  add('reason', f.reason);
  add('status', f.status);
  add('at', f.at);
  add('softCount', f.softCount);
  add('optOut', f.optOut?.column, f.optOut?.value);
  for (const name of (f.statement ?? '').match(/(?<![:\w]):(\w+)/g) ?? []) {
    if (!STATEMENT_PARAMS.includes(name.slice(1))) {
      throw new BounceError('STATEMENT_PARAM', `flags.statement uses ${name}, which the agent does not supply.`, { fix: `Use only ${STATEMENT_PARAMS.map((p) => ':' + p).join(', ')}.` });
    }
  }
  const mapping: Mapping = {
    ref, table: r.table, key: r.key, email: r.email, lookup: await addressLookup(db, adapter, email),
    where: r.where ? { sql: r.where, params: { ...r.params } } : null,
    roles, statement: f.statement ?? null,
  };
  if (mapping.where) await checkWhere(db, mapping, mapping.where, 'recipients.where');
  return mapping;
}

/**
 * Runs a where against the table without reading a row (LIMIT 0): what only the database can
 * say (an unknown column, its own syntax) comes now, as a coded error naming the key, not later
 * from the middle of a run.
 */
export async function checkWhere(db: Knex, m: Mapping, where: Where, key: string): Promise<void> {
  try {
    await whereClause(from(db, m).select(m.key), where).limit(0);
  } catch (e) {
    throw connectionError(e) ?? new BounceError('WHERE_INVALID', `the database refused ${key}: ${dbMessage(e).slice(0, 200)}`, {
      fix: `Correct ${key}: columns as table "${m.table}" names them, in SQL this database accepts (values as :name parameters).`,
    });
  }
}

// Any answer but a dropped connection leaves the exact-values lookup, which is right under every
// collation: a server that cannot say does not stop the agent.
async function addressLookup(db: Knex, adapter: Adapter, email: Column): Promise<AddressLookup> {
  try {
    const caseless = await adapter.caseless(db, email.collation);
    return caseless ? { by: 'collation', pad: caseless.pad } : { by: 'exact' };
  } catch (e) {
    const down = connectionError(e);
    if (down) throw down;
    return { by: 'exact' };
  }
}

/** The table as a knex query, schema-qualified when configured. */
export function from(db: Knex | Knex.Transaction, m: Mapping): Knex.QueryBuilder {
  const q = db(m.ref.table);
  return m.ref.schema ? q.withSchema(m.ref.schema) : q;
}

/**
 * A where from config as one condition of ours, ANDed with the others: in brackets, so an OR in
 * it stays inside; the closing bracket on a line of its own, so a line comment (MySQL's #, which
 * the load-time check lets through as PostgreSQL's operator) ends before it.
 */
export function whereClause(q: Knex.QueryBuilder, w: Where): Knex.QueryBuilder {
  return q.whereRaw(`(${w.sql}\n)`, w.params as Knex.ValueDict);
}

/** recipients.where, on any query of the table. */
export function restrict(q: Knex.QueryBuilder, m: Mapping): Knex.QueryBuilder {
  return m.where ? whereClause(q, m.where) : q;
}

export function mappedColumns(m: Mapping): string[] {
  return [...new Set(Object.values(m.roles).map((r) => r.column))];
}

/** Asks the database itself whether the account may UPDATE the mapped columns, changing nothing. */
export async function checkUpdateRight(db: Knex, m: Mapping): Promise<void> {
  const cols = mappedColumns(m);
  if (cols.length === 0) return;
  const rollback = new Error('rollback');
  try {
    await db.transaction(async (trx) => {
      const set = Object.fromEntries(cols.map((c) => [c, trx.ref(c)]));
      await from(trx, m).whereRaw('1 = 0').update(set);
      throw rollback;
    });
  } catch (e) {
    if (e === rollback) return;
    if (isUnavailable(e)) throw unavailable(e);
    throw new BounceError('NO_UPDATE_RIGHT', `the database refused an UPDATE of ${cols.map((c) => `"${c}"`).join(', ')} in table "${m.table}": ${dbMessage(e).slice(0, 200)}`, {
      fix: `Grant the agent's account UPDATE on those columns (e.g. GRANT UPDATE (${cols.join(', ')}) ON ${m.table} TO <account>), or run with an account that has it.`,
    });
  }
}
