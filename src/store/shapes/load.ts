import type { Knex } from 'knex';
import type { Adapter, Column } from '../../../adapters/adapter.js';
import { BounceError, dbMessage } from '../../core/errors.js';
import { connectionError } from '../connect.js';
import { shapesOf } from './index.js';
import type { CrmStore } from './write.js';
import { condColumns } from './sql.js';
import { resolvePreset, type CrmConfig } from '../../crm/index.js';
import type { Preset, RecordType } from '../../crm/types.js';

// A preset checked against the catalog before anything is read or written: every table and
// column it names must be there (a record type of a module not installed is left out), the
// engine must be one the app runs on, and the columns say which version of the app made them.

export interface CrmCheck { store: CrmStore; lines: string[] }

export async function loadCrm(db: Knex, adapter: Adapter, crm: string | CrmConfig): Promise<CrmCheck> {
  const p = resolvePreset(crm);
  if (!(p.engines as string[]).includes(adapter.name)) {
    throw new BounceError('CRM_ENGINE', `${p.app} keeps its tables in ${p.engines.join(' or ')}, but database.client is ${adapter.name}.`, { fix: `Point database at the ${p.name} database (client: ${p.engines[0]}).` });
  }
  const catalog = new Map<string, Column[]>();
  const columnsOf = async (table: string) => {
    if (!catalog.has(table)) {
      try {
        catalog.set(table, await adapter.columns(db, { schema: null, table }));
      } catch (e) {
        throw connectionError(e) ?? new BounceError('CATALOG_READ', `cannot read the catalog for table "${table}": ${dbMessage(e).slice(0, 200)}`, { fix: 'Give the account read access to the catalog (information_schema) and the table.' });
      }
    }
    return catalog.get(table)!;
  };
  const need = async (table: string, cols: string[], what: string) => {
    const have = await columnsOf(table);
    if (have.length === 0) throw new BounceError('TABLE_MISSING', `table "${table}" (${what}) was not found.`, { fix: `Point database at the ${p.name} database${p.prefix !== undefined ? ', and set crm.prefix to its table prefix' : ''}.` });
    const names = new Set(have.map((c) => c.name));
    const missing = [...new Set(cols)].filter((c) => !names.has(c));
    if (missing.length) throw new BounceError('COLUMN_MISSING', `table "${table}" (${what}) has no column ${missing.map((c) => `"${c}"`).join(', ')}.`, { fix: `This does not look like a ${p.app} database; check database.connection, or map the table yourself with recipients and flags.` });
  };
  const lines: string[] = [];
  const records: RecordType[] = [];
  for (const rt of p.records) {
    if (rt.optional && (await columnsOf(rt.table)).length === 0) { lines.push(`record type ${rt.name}: table "${rt.table}" not there (module not installed): left out`); continue; }
    await need(rt.table, [rt.key, ...condColumns(rt.alive), ...(rt.skip ?? []).flatMap(condColumns), ...(rt.address ? [rt.address.column] : [])], `${rt.name}`);
    if (rt.entity) await need(rt.entity.table, [rt.entity.key, ...condColumns(rt.entity.alive)], `${rt.name}'s entity`);
    records.push(rt);
    lines.push(`record type ${rt.name}: "${rt.table}" (key ${rt.key}${rt.address ? `, address ${rt.address.column}` : ''}${Object.keys(rt.alive).length ? `, live where ${cond(rt.alive)}` : ''})`);
  }
  if (records.length === 0) throw new BounceError('CRM_RECORDS', `none of ${p.app}'s record tables is there.`, { fix: 'Point database at the app\'s database.' });
  const a = p.addresses;
  if (a) {
    await need(a.table, [a.key, a.column, a.lookup.column, ...condColumns(a.alive), ...(a.skip ?? []).flatMap(condColumns), ...(a.owner ? [a.owner] : []), ...condColumns(a.primary)], 'addresses');
    if (a.link) await need(a.link.table, [a.link.address, a.link.record, a.link.type, ...condColumns(a.link.alive), ...condColumns(a.link.primary)], 'address links');
    lines.push(`addresses: "${a.table}" looked up by ${a.lookup.column} (${a.lookup.fold === 'none' ? 'as typed' : `${a.lookup.fold}-cased`}), live where ${cond(a.alive)}${a.link ? `, linked through "${a.link.table}"` : ''}`);
  }
  const preset: Preset = { ...p, records };
  const shapes = shapesOf(preset);
  for (const s of shapes) for (const t of s.columns()) await need(t.table, t.columns, s.target);
  for (const [decision, ws] of [['hard bounce', 'flag'], ['soft bounce', 'soft'], ['complaint', 'optout']] as const) {
    const mine = shapes.filter((s) => s.decisions.includes(ws));
    lines.push(`${decision}: ${mine.length ? mine.map((s) => s.describe()).join('; ') : 'nothing is written'}`);
  }
  if (!p.versions?.length) lines.push(`version: the columns the preset reads are the same in every ${p.app} version it was written for`);
  for (const v of p.versions ?? []) {
    const present = (await columnsOf(v.table)).some((c) => c.name === v.column);
    lines.push(`version: ${v.table}.${v.column} ${present ? 'is there' : 'is not there'}: ${present ? v.present : v.absent}`);
  }
  for (const c of p.choices) lines.push(`choice: ${c}`);
  return { store: { preset, shapes, caseSensitive: adapter.name !== 'mysql' && adapter.name !== 'mssql' }, lines };
}

function cond(c: Record<string, unknown>): string {
  const one = (v: unknown) => (v !== null && typeof v === 'object' ? ('in' in v ? `in (${(v as { in: unknown[] }).in.map((x) => JSON.stringify(x)).join(', ')})` : `<> ${JSON.stringify((v as { not: unknown }).not)}`) : `= ${JSON.stringify(v)}`);
  return Object.entries(c).map(([k, v]) => `${k} ${one(v)}`).join(' and ') || 'always';
}
