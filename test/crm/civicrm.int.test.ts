// CiviCRM's contact and email tables (written here from the entity definitions quoted in
// docs/writing-flags.md, not copied from the app) on MariaDB with the app's utf8_unicode_ci
// collation, seeded the way the app leaves them: one address on two contacts in two spellings, a
// contact in the trash, an address on hold for an opt-out, one on hold for a bounce, one taken off
// hold before, a contact set "do not email".
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { presetSuite } from '../helpers/crm/suite.js';

const TABLES = { civicrm_contact: 'id', civicrm_email: 'id' };
const T0 = '2026-01-05 09:00:00';
const AT = '2026-11-30 10:00:00';

async function schema(db: Knex): Promise<void> {
  await db.raw(`create table civicrm_contact (id int unsigned not null auto_increment primary key, contact_type varchar(64), display_name varchar(128),
    do_not_email tinyint default 0, is_opt_out tinyint not null default 0, is_deleted tinyint not null default 0,
    modified_date timestamp null default current_timestamp on update current_timestamp) collate utf8_unicode_ci`);
  await db.raw(`create table civicrm_email (id int unsigned not null auto_increment primary key, contact_id int unsigned, location_type_id int unsigned,
    email varchar(254), is_primary tinyint default 0, is_billing tinyint default 0, on_hold int unsigned not null default 0, is_bulkmail tinyint not null default 0,
    hold_date datetime, reset_date datetime, signature_text text, signature_html text, index UI_email (email),
    constraint FK_civicrm_email_contact_id foreign key (contact_id) references civicrm_contact (id) on delete cascade) collate utf8_unicode_ci`);
}

const EMAILS = ['Ann@Example.com', 'ann@example.com', 'trash@example.com', 'optouthold@example.com', 'held@example.com', 'reset@example.com', 'complain@example.com', 'refused@example.com', 'fine@example.com', 'dne@example.com'];

async function seed(db: Knex): Promise<void> {
  await db('civicrm_contact').insert(EMAILS.map((_, i) => ({ id: i + 1, contact_type: 'Individual', display_name: `C${i + 1}`, do_not_email: i === 9 ? 1 : 0, is_opt_out: 0, is_deleted: i === 2 ? 1 : 0, modified_date: T0 })));
  await db('civicrm_email').insert([
    ...EMAILS.map((email, i) => ({ id: i + 1, contact_id: i + 1, location_type_id: 1, email, is_primary: 1, on_hold: i === 3 ? 2 : i === 4 ? 1 : 0, hold_date: i === 4 || i === 3 ? T0 : null, reset_date: i === 5 ? T0 : null })),
    { id: 11, contact_id: 1, location_type_id: 2, email: 'other@example.com', is_primary: 0, on_hold: 0 },
  ]);
}

presetSuite({
  app: 'civicrm', engine: 'mysql', crm: 'civicrm', tables: TABLES, schema, seed,
  mail: [{ id: 'm1', hard: ['ann@example.com', 'trash@example.com', 'optouthold@example.com', 'held@example.com', 'reset@example.com', 'nobody@example.com'] }, { id: 'm2', complaint: 'complain@example.com' }],
  refusal: { rowKey: 'Contacts:8', address: 'refused@example.com' },
  check: ['hard bounce: civicrm_email: on_hold = 1, hold_date = the bounce\'s at, reset_date = null (hold_date only while NULL) (only rows where {"on_hold":0})', 'complaint: civicrm_contact: is_opt_out = 1; modified_date = the bounce\'s time when another column changes'],
  dryRun: [
    { key: 'civicrm_email 1', column: 'on_hold', old: 0, new: 1 }, { key: 'civicrm_email 1', column: 'hold_date', old: null, new: AT },
    { key: 'civicrm_email 2', column: 'on_hold', old: 0, new: 1 }, { key: 'civicrm_email 2', column: 'hold_date', old: null, new: AT },
    { key: 'civicrm_email 6', column: 'on_hold', old: 0, new: 1 }, { key: 'civicrm_email 6', column: 'hold_date', old: null, new: AT },
    { key: 'civicrm_email 6', column: 'reset_date', old: new Date(`${T0}Z`), new: null },
    { key: 'civicrm_contact 7', column: 'is_opt_out', old: 0, new: 1 }, { key: 'civicrm_contact 7', column: 'modified_date', old: new Date(`${T0}Z`), new: AT },
  ],
  async after(db) {
    const holds = Object.fromEntries((await db('civicrm_email').orderBy('id')).map((r) => [r.email, r.on_hold]));
    expect(holds).toEqual({ 'Ann@Example.com': 1, 'ann@example.com': 1, 'trash@example.com': 0, 'optouthold@example.com': 2, 'held@example.com': 1, 'reset@example.com': 1,
      'complain@example.com': 0, 'refused@example.com': 1, 'fine@example.com': 0, 'dne@example.com': 0, 'other@example.com': 0 });
    expect((await db('civicrm_email').where({ id: 5 }).first()).hold_date).toEqual(new Date(`${T0}Z`)); // the first hold_date stays
    expect((await db('civicrm_contact').where({ id: 7 }).first()).is_opt_out).toBe(1);
  },
  // The others are on hold, in the trash, opted out or "do not email".
  sendKeys: ['Contacts:9'],
});
