import type { Preset, RecordType, Write } from './types.js';

// vtiger CRM 6.x-8.x (MySQL/MariaDB). Addresses are columns of the records; a record is live while
// its vtiger_crmentity row has deleted = 0. vtiger has no bounce handling of its own: the only flag
// its screens and send paths honour is emailoptout ('1'), so a hard bounce sets that.

const entity = { table: 'vtiger_crmentity', key: 'crmid', alive: { deleted: 0 } };
const record = (name: string, table: string, key: string, email: string): RecordType => ({
  name, table, key, alive: {}, entity, address: { column: email, fold: 'none' }, skip: [{ emailoptout: '1' }],
});
const optOut: Write = { shape: 'set', on: 'record', set: { emailoptout: '1' } };

export const vtiger: Preset = {
  name: 'vtiger',
  app: 'vtiger CRM 6.x-8.x',
  engines: ['mysql'],
  records: [
    record('Contacts', 'vtiger_contactdetails', 'contactid', 'email'),
    record('Leads', 'vtiger_leaddetails', 'leadid', 'email'),
    record('Accounts', 'vtiger_account', 'accountid', 'email1'),
  ],
  hard: [optOut],
  optOut: [optOut],
  versions: [{ table: 'vtiger_leaddetails', column: 'emailoptout', present: 'vtiger 6.0 or later', absent: 'vtiger 5.x (leads have no emailoptout: use crm: { preset: vtiger, records: [Contacts, Accounts] })' }],
  choices: [
    'vtiger has no bounce flag: a hard bounce sets emailoptout = \'1\' ("Email Opt Out"), the one column its screens and mass mail honour. A person reviewing it sees an opt-out; the ledger (bouncesync events) says it was a bounce.',
    'Only the primary address column (email; accounts: email1) is looked up: secondaryemail and email2 are left alone.',
    'Soft bounces change nothing.',
  ],
};
