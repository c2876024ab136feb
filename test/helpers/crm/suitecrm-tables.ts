// SuiteCRM's tables, written here from the column list in docs/writing-flags.md (not copied from
// the app), and the seed the tests share: the way the app leaves them.
import type { Knex } from 'knex';

export const TABLES = { email_addresses: 'id', email_addr_bean_rel: 'id', contacts: 'id', leads: 'id', prospects: 'id', accounts: 'id' };

export async function schema(db: Knex): Promise<void> {
  await db.raw(`create table email_addresses (
    id char(36) not null primary key, email_address varchar(100), email_address_caps varchar(100),
    invalid_email tinyint(1) default 0, opt_out tinyint(1) default 0, confirm_opt_in varchar(255) default 'not-opt-in',
    confirm_opt_in_date datetime, confirm_opt_in_sent_date datetime, confirm_opt_in_fail_date datetime, confirm_opt_in_token varchar(255),
    date_created datetime, date_modified datetime, deleted tinyint(1) default 0,
    key idx_ea_caps_opt_out_invalid (email_address_caps, opt_out, invalid_email))`);
  await db.raw(`create table email_addr_bean_rel (
    id char(36) not null primary key, email_address_id char(36) not null, bean_id char(36), bean_module varchar(100),
    primary_address tinyint(1) default 0, reply_to_address tinyint(1) default 0, date_created datetime, date_modified datetime, deleted tinyint(1) default 0,
    key idx_email_address_id (email_address_id), key idx_bean_id (bean_id, bean_module))`);
  for (const t of ['contacts', 'leads', 'prospects']) {
    await db.raw(`create table ${t} (id char(36) not null primary key, first_name varchar(100), last_name varchar(100), date_modified datetime, deleted tinyint(1) default 0)`);
  }
  await db.raw('create table accounts (id char(36) not null primary key, name varchar(150), date_modified datetime, deleted tinyint(1) default 0)');
}

export const T0 = '2026-01-05 09:00:00';
export const id = (n: number, kind: string) => `${kind}0000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const address = (n: number, email: string, more: Record<string, unknown> = {}) => ({ id: id(n, 'e'), email_address: email, email_address_caps: email.toUpperCase(), invalid_email: 0, opt_out: 0, date_created: T0, date_modified: T0, deleted: 0, ...more });
let rel = 0;
const link = (ea: number, bean: string, module: string, more: Record<string, unknown> = {}) => ({ id: id(++rel, 'r'), email_address_id: id(ea, 'e'), bean_id: bean, bean_module: module, primary_address: 1, date_created: T0, date_modified: T0, deleted: 0, ...more });

export async function seed(db: Knex): Promise<void> {
  await db('contacts').insert([1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: id(n, 'c'), first_name: `C${n}`, last_name: 'Test', date_modified: T0, deleted: n === 2 ? 1 : 0 })));
  await db('leads').insert([1, 2].map((n) => ({ id: id(n, 'l'), first_name: `L${n}`, last_name: 'Lead', date_modified: T0, deleted: 0 })));
  await db('email_addresses').insert([
    address(1, 'Ann.Shared@Example.com'),                  // contact 1 and lead 1 share it
    address(2, 'gone@example.com'),                        // only on a deleted contact
    address(3, 'optout@example.com', { opt_out: 1 }),      // a person opted out
    address(4, 'old@example.com', { invalid_email: 1 }),   // bounced before
    address(5, 'dup@example.com', { deleted: 1 }),         // a deleted duplicate row ...
    address(6, 'DUP@example.com'),                         // ... and the live one, other case
    address(7, 'keep@example.com'),                        // never bounces
    address(8, 'unlinked@example.com'),                    // its link was deleted
    address(9, 'complain@example.com'),                    // lead 2 complains
    address(10, 'refused@example.com'),                    // refused during sending
  ]);
  await db('email_addr_bean_rel').insert([
    link(1, id(1, 'c'), 'Contacts'), link(1, id(1, 'l'), 'Leads'), link(2, id(2, 'c'), 'Contacts'), link(3, id(3, 'c'), 'Contacts'),
    link(4, id(4, 'c'), 'Contacts'), link(5, id(5, 'c'), 'Contacts', { primary_address: 0 }), link(6, id(5, 'c'), 'Contacts'),
    link(7, id(6, 'c'), 'Contacts'), link(8, id(7, 'c'), 'Contacts', { deleted: 1 }), link(9, id(2, 'l'), 'Leads'), link(10, id(6, 'c'), 'Contacts', { primary_address: 0 }),
  ]);
}

/** SuiteCRM's getPrimaryAddress(): the address its screens and send paths use for a record. */
export async function primaryAddress(db: Knex, module: string, bean: string): Promise<string | null> {
  const [row] = await db('email_addresses as ea').join('email_addr_bean_rel as ear', 'ea.id', 'ear.email_address_id')
    .where({ 'ear.bean_module': module, 'ear.bean_id': bean, 'ear.deleted': 0, 'ea.invalid_email': 0, 'ea.deleted': 0 }).orderBy('ear.primary_address', 'desc').select('ea.email_address');
  return row ? String(row.email_address) : null;
}

