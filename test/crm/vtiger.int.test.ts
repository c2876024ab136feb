// vtiger's record tables (converted here from the schema quoted in docs/writing-flags.md, not
// copied from the app) on MariaDB, seeded the way the app leaves them: a contact and a lead with
// one address in two spellings, a deleted contact (vtiger_crmentity.deleted), an account, a
// contact that opted out already.
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { presetSuite } from '../helpers/crm/suite.js';

const TABLES = { vtiger_crmentity: 'crmid', vtiger_contactdetails: 'contactid', vtiger_leaddetails: 'leadid', vtiger_account: 'accountid' };

async function schema(db: Knex): Promise<void> {
  await db.raw(`create table vtiger_crmentity (crmid int(19) not null primary key, smcreatorid int(19) not null default 0, setype varchar(30),
    createdtime datetime not null, modifiedtime datetime not null, deleted int(1) not null default 0)`);
  await db.raw(`create table vtiger_contactdetails (contactid int(19) not null primary key, firstname varchar(40), lastname varchar(80) not null,
    email varchar(100), otheremail varchar(100), secondaryemail varchar(100), emailoptout varchar(3) default '0')`);
  await db.raw(`create table vtiger_leaddetails (leadid int(19) not null primary key, firstname varchar(40), lastname varchar(80) not null,
    email varchar(100), secondaryemail varchar(100), emailoptout varchar(3) default '0')`);
  await db.raw(`create table vtiger_account (accountid int(19) not null primary key, accountname varchar(100) not null,
    email1 varchar(100), email2 varchar(100), emailoptout varchar(3) default '0')`);
}

const T0 = '2026-01-05 09:00:00';
async function seed(db: Knex): Promise<void> {
  const e = (crmid: number, setype: string, deleted = 0) => ({ crmid, setype, createdtime: T0, modifiedtime: T0, deleted });
  await db('vtiger_crmentity').insert([e(1, 'Contacts'), e(2, 'Contacts', 1), e(3, 'Contacts'), e(4, 'Contacts'), e(5, 'Contacts'), e(11, 'Leads'), e(12, 'Leads'), e(21, 'Accounts')]);
  await db('vtiger_contactdetails').insert([
    { contactid: 1, lastname: 'Ann', email: 'Ann@Example.com', emailoptout: '0' },
    { contactid: 2, lastname: 'Gone', email: 'gone@example.com', emailoptout: '0' },
    { contactid: 3, lastname: 'Out', email: 'out@example.com', emailoptout: '1' },
    { contactid: 4, lastname: 'Fine', email: 'fine@example.com', secondaryemail: 'ann@example.com', emailoptout: '0' },
    { contactid: 5, lastname: 'Complain', email: 'complain@example.com', emailoptout: '0' },
  ]);
  await db('vtiger_leaddetails').insert([{ leadid: 11, lastname: 'Ann', email: 'ann@example.com', emailoptout: '0' }, { leadid: 12, lastname: 'Lead', email: 'lead@example.com', emailoptout: '0' }]);
  await db('vtiger_account').insert([{ accountid: 21, accountname: 'Acme', email1: 'refused@example.com', emailoptout: '0' }]);
}

presetSuite({
  app: 'vtiger', engine: 'mysql', crm: 'vtiger', tables: TABLES, schema, seed,
  mail: [{ id: 'm1', hard: ['ANN@example.com', 'gone@example.com', 'out@example.com', 'nobody@example.com'] }, { id: 'm2', complaint: 'complain@example.com' }],
  refusal: { rowKey: 'Accounts:21', address: 'refused@example.com' },
  check: ['version: vtiger_leaddetails.emailoptout is there: vtiger 6.0 or later', 'hard bounce: vtiger_contactdetails: emailoptout = "1"; vtiger_leaddetails: emailoptout = "1"; vtiger_account: emailoptout = "1"'],
  dryRun: [
    { key: 'vtiger_contactdetails 1', column: 'emailoptout', old: '0', new: '1' },
    { key: 'vtiger_contactdetails 5', column: 'emailoptout', old: '0', new: '1' },
    { key: 'vtiger_leaddetails 11', column: 'emailoptout', old: '0', new: '1' },
  ],
  async after(db) {
    expect(Object.fromEntries((await db('vtiger_contactdetails').orderBy('contactid')).map((r) => [r.contactid, r.emailoptout]))).toEqual({ 1: '1', 2: '0', 3: '1', 4: '0', 5: '1' });
    expect(await db('vtiger_leaddetails').orderBy('leadid').pluck('emailoptout')).toEqual(['1', '0']);
    expect(await db('vtiger_account').pluck('emailoptout')).toEqual(['1']);
  },
  sendKeys: ['Contacts:4', 'Leads:12'],
});
