// EspoCRM's address tables (written here from the entity definitions quoted in
// docs/writing-flags.md, not copied from the app) on MariaDB and on PostgreSQL, seeded the way
// the app leaves them: one email_address row shared by a contact and a lead (and spelled in
// mixed case), a deleted contact, a deleted link, an opted-out address, one already invalid.
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { presetSuite } from '../helpers/crm/suite.js';
import type { Engine } from '../helpers/crm/harness.js';

const TABLES = { email_address: 'id', entity_email_address: 'id', contact: 'id', lead: 'id', account: 'id' };
const bool = (engine: Engine) => (engine === 'mysql' ? 'tinyint(1)' : 'boolean');

async function schema(db: Knex, engine: Engine): Promise<void> {
  const b = bool(engine);
  await db.raw(`create table email_address (id varchar(17) not null primary key, name varchar(255), lower varchar(255), invalid ${b} default ${engine === 'mysql' ? 0 : 'false'},
    opt_out ${b} default ${engine === 'mysql' ? 0 : 'false'}, deleted ${b} default ${engine === 'mysql' ? 0 : 'false'})`);
  await db.raw('create index idx_email_address_lower on email_address (lower)');
  await db.raw(`create table entity_email_address (id ${engine === 'mysql' ? 'bigint auto_increment' : 'bigserial'} not null primary key, entity_id varchar(17), entity_type varchar(100),
    email_address_id varchar(17), ${engine === 'mysql' ? '`primary`' : '"primary"'} ${b} default ${engine === 'mysql' ? 0 : 'false'}, deleted ${b} default ${engine === 'mysql' ? 0 : 'false'})`);
  for (const t of ['contact', 'lead']) await db.raw(`create table ${engine === 'mysql' ? `\`${t}\`` : t} (id varchar(17) not null primary key, first_name varchar(100), last_name varchar(100), deleted ${b} default ${engine === 'mysql' ? 0 : 'false'})`);
  await db.raw(`create table account (id varchar(17) not null primary key, name varchar(249), deleted ${b} default ${engine === 'mysql' ? 0 : 'false'})`);
}

const ea = (n: number) => `ea${String(n).padStart(15, '0')}`;
async function seed(db: Knex): Promise<void> {
  const f = false, tr = true;
  await db('contact').insert([1, 2, 3, 4, 5].map((n) => ({ id: `c${n}`, first_name: `C${n}`, deleted: n === 2 ? tr : f })));
  await db('lead').insert([{ id: 'l1', first_name: 'L1', deleted: f }, { id: 'l2', first_name: 'L2', deleted: f }]);
  await db('account').insert([{ id: 'a1', name: 'Acme', deleted: f }]);
  const addr = (n: number, name: string, more: Record<string, unknown> = {}) => ({ id: ea(n), name, lower: name.toLowerCase(), invalid: f, opt_out: f, deleted: f, ...more });
  await db('email_address').insert([addr(1, 'Ann.Shared@Example.com'), addr(2, 'gone@example.com'), addr(3, 'optout@example.com', { opt_out: tr }),
    addr(4, 'old@example.com', { invalid: tr }), addr(5, 'unlinked@example.com'), addr(6, 'complain@example.com'), addr(7, 'refused@example.com'), addr(8, 'keep@example.com'), addr(9, 'Fine@Example.com')]);
  const link = (n: number, entity: string, type: string, deleted = f) => ({ entity_id: entity, entity_type: type, email_address_id: ea(n), primary: tr, deleted });
  await db('entity_email_address').insert([link(1, 'c1', 'Contact'), link(1, 'l1', 'Lead'), link(2, 'c2', 'Contact'), link(3, 'c3', 'Contact'), link(4, 'c4', 'Contact'),
    link(5, 'c4', 'Contact', tr), link(6, 'l2', 'Lead'), link(7, 'a1', 'Account'), link(8, 'c1', 'Contact'), link(9, 'c5', 'Contact')].map((l, i) => ({ ...l, primary: i === 8 ? f : tr })));
}

/** What EspoCRM's screens show for a record's primary address: invalid and opted out. */
async function shown(db: Knex, type: string, id: string): Promise<[string, boolean, boolean][]> {
  const rows = await db('email_address as a').join('entity_email_address as l', 'l.email_address_id', 'a.id').where({ 'l.entity_type': type, 'l.entity_id': id, 'l.deleted': false, 'a.deleted': false }).orderBy('a.id').select('a.name', 'a.invalid', 'a.opt_out');
  return rows.map((r) => [String(r.name), Boolean(r.invalid), Boolean(r.opt_out)]);
}

for (const engine of ['mysql', 'postgres'] as const) {
  const v = (x: number) => (engine === 'mysql' ? x : x === 1);
  presetSuite({
    app: 'espocrm', engine, crm: 'espocrm', tables: TABLES, schema, seed,
    mail: [{ id: 'm1', hard: ['ANN.shared@example.com', 'gone@example.com', 'optout@example.com', 'old@example.com', 'unlinked@example.com', 'nobody@example.com'] }, { id: 'm2', soft: ['keep@example.com'] }, { id: 'm3', complaint: 'complain@example.com' }],
    refusal: { rowKey: 'Account:a1', address: 'refused@example.com' },
    check: ['hard bounce: email_address: invalid = 1', 'complaint: email_address: opt_out = 1'],
    dryRun: [
      { key: `email_address ${ea(1)}`, column: 'invalid', old: v(0), new: 1 },
      { key: `email_address ${ea(3)}`, column: 'invalid', old: v(0), new: 1 },
      { key: `email_address ${ea(6)}`, column: 'opt_out', old: v(0), new: 1 },
    ],
    async after(db) {
      expect(await shown(db, 'Contact', 'c1')).toEqual([['Ann.Shared@Example.com', true, false], ['keep@example.com', false, false]]);
      expect(await shown(db, 'Lead', 'l1')).toEqual([['Ann.Shared@Example.com', true, false]]);
      expect(await shown(db, 'Contact', 'c3')).toEqual([['optout@example.com', true, true]]);
      expect(await shown(db, 'Lead', 'l2')).toEqual([['complain@example.com', false, true]]);
      expect(await shown(db, 'Account', 'a1')).toEqual([['refused@example.com', true, false]]);
      expect((await db('email_address').whereIn('id', [ea(2), ea(5), ea(8)]).pluck('invalid')).map(Boolean)).toEqual([false, false, false]);
    },
    // Everyone else's primary address is invalid, opted out, or deleted now.
    sendKeys: ['Contact:c5'],
  });
}
