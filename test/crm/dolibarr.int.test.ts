// Dolibarr's contact and emailing tables (written here from the column lists quoted in
// docs/writing-flags.md, not copied from the app's llx_*.sql) on MariaDB and on PostgreSQL,
// seeded the way the app leaves them: a contact on the targets of three mailings (sent, not sent
// yet, read), a disabled contact, a target typed in by hand, an address already unsubscribed in
// another letter case. (On PostgreSQL the tables are written without Dolibarr's tms triggers.)
import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { Engine } from '../helpers/crm/harness.js';
import { presetSuite } from '../helpers/crm/suite.js';

const TABLES = { llx_socpeople: 'rowid', llx_mailing_cibles: 'rowid', llx_mailing_unsubscribe: 'rowid' };
const T0 = '2026-01-05 09:00:00';
const AT = '2026-11-30 10:00:00';
const NOTE = 'bouncesync: hard bounce: userunknown 5.1.1';

async function schema(db: Knex, engine: Engine): Promise<void> {
  const id = engine === 'mysql' ? 'integer auto_increment primary key' : 'serial primary key';
  const tms = engine === 'mysql' ? 'timestamp default current_timestamp on update current_timestamp' : 'timestamp default now()';
  await db.raw(`create table llx_socpeople (rowid ${id}, datec datetime_, tms ${tms}, fk_soc integer, entity integer default 1 not null, lastname varchar(50), firstname varchar(50),
    email varchar(255), no_email smallint not null default 0, statut smallint default 1)`.replace('datetime_', engine === 'mysql' ? 'datetime' : 'timestamp'));
  await db.raw(`create table llx_mailing_cibles (rowid ${id}, fk_mailing integer not null, fk_contact integer not null, lastname varchar(160), firstname varchar(160),
    email varchar(160) not null, other varchar(255), tag varchar(64), statut smallint not null default 0, source_url varchar(255), source_id integer, source_type varchar(16),
    date_envoi ${engine === 'mysql' ? 'datetime' : 'timestamp'}, tms ${tms}, error_text varchar(255))`);
  await db.raw('create unique index uk_mailing_cibles on llx_mailing_cibles (fk_mailing, email)');
  await db.raw(`create table llx_mailing_unsubscribe (rowid ${id}, entity integer default 1 not null, email varchar(255), unsubscribegroup varchar(128) default '',
    ip varchar(128), date_creat ${engine === 'mysql' ? 'datetime' : 'timestamp'}, tms ${tms})`);
  await db.raw('create unique index uk_mailing_unsubscribe on llx_mailing_unsubscribe (email, entity, unsubscribegroup)');
}

async function seed(db: Knex): Promise<void> {
  const people = ['Ann@Example.com', 'gone@example.com', 'fine@example.com', 'complain@example.com', 'listed@example.com', 'refused@example.com'];
  await db('llx_socpeople').insert(people.map((email, i) => ({ rowid: i + 1, datec: T0, tms: T0, entity: 1, lastname: `P${i + 1}`, email, statut: i === 1 ? 0 : 1 })));
  const target = (rowid: number, mailing: number, contact: number, email: string, statut: number) => ({ rowid, fk_mailing: mailing, fk_contact: contact, email, statut, source_type: 'contact', tms: T0, date_envoi: statut ? T0 : null });
  await db('llx_mailing_cibles').insert([
    target(1, 1, 1, 'Ann@Example.com', 1), target(2, 1, 2, 'gone@example.com', 1), target(3, 1, 3, 'fine@example.com', 1), target(4, 2, 1, 'Ann@Example.com', 0),
    target(5, 3, 1, 'Ann@Example.com', 2), { ...target(6, 1, 0, 'ext@example.com', 1), source_type: 'file' }, target(7, 2, 6, 'refused@example.com', 0),
  ]);
  await db('llx_mailing_unsubscribe').insert([{ rowid: 1, entity: 1, email: 'Listed@example.com', unsubscribegroup: '', date_creat: T0, tms: T0 }]);
  if (db.client.config.client === 'pg') for (const t of Object.keys(TABLES)) await db.raw(`select setval(pg_get_serial_sequence(?, 'rowid'), 100)`, [t]);
}

for (const engine of ['mysql', 'postgres'] as const) {
  const old = new Date(`${T0}Z`);
  presetSuite({
    app: 'dolibarr', engine, crm: 'dolibarr', tables: TABLES, schema, seed,
    mail: [{ id: 'm1', hard: ['ann@example.com', 'ext@example.com', 'nobody@example.com'] }, { id: 'm2', complaint: 'complain@example.com' }, { id: 'm3', complaint: 'listed@example.com' }],
    refusal: { rowKey: 'Contacts:6', address: 'refused@example.com' },
    check: ['record type Mailing targets: "llx_mailing_cibles" (key rowid, address email)'],
    dryRun: [
      ...[1, 4, 6].flatMap((k) => [
        { key: `llx_mailing_cibles ${k}`, column: 'statut', old: k === 4 ? 0 : 1, new: -1 }, { key: `llx_mailing_cibles ${k}`, column: 'error_text', old: null, new: NOTE },
        { key: `llx_mailing_cibles ${k}`, column: 'tms', old, new: AT },
      ]),
      { key: 'llx_mailing_unsubscribe (new row)', column: '(insert)', old: null, new: JSON.stringify({ email: 'complain@example.com', entity: 1, unsubscribegroup: '', date_creat: AT }) },
    ],
    async after(db) {
      expect((await db('llx_mailing_cibles').orderBy('rowid')).map((r) => [r.rowid, r.statut, r.error_text])).toEqual([
        [1, -1, NOTE], [2, 1, null], [3, 1, null], [4, -1, NOTE], [5, 2, null], [6, -1, NOTE], [7, -1, NOTE],
      ]);
      expect((await db('llx_mailing_unsubscribe').orderBy('rowid')).map((r) => r.email)).toEqual(['Listed@example.com', 'complain@example.com']);
    },
    // Dolibarr itself mails a bounced contact again in a new mailing: only the disabled, complaining and unsubscribed are left out.
    sendKeys: ['Contacts:1', 'Contacts:3', 'Contacts:6'],
  });
}
