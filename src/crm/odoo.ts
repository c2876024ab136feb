import type { Preset, RecordType, Write } from './types.js';

// Odoo 14-18 (PostgreSQL only). Every record that mixes in mail.thread.blacklist (contacts,
// CRM leads, mailing contacts) has email_normalized and the bounce counter message_bounce;
// Odoo adds 1 to it on every record with the address for each returned mail. The opt-out list is
// mail_blacklist (one row per lower-cased address, unique; active = false means taken off it).

const record = (name: string, table: string, alive: RecordType['alive'], optional = false): RecordType => ({
  name, table, key: 'id', alive, address: { column: 'email_normalized', fold: 'lower' }, ...(optional ? { optional: true } : {}),
});

const counter: Write = { shape: 'counter', column: 'message_bounce' };

export const odoo: Preset = {
  name: 'odoo',
  app: 'Odoo 14-18 (mail, crm, mass_mailing)',
  engines: ['postgres'],
  records: [
    record('Contacts', 'res_partner', { active: true }),
    record('Leads', 'crm_lead', { active: true }, true),
    record('Mailing contacts', 'mailing_contact', {}, true),
  ],
  hard: [counter],
  soft: [counter],
  optOut: [{
    shape: 'insert', table: 'mail_blacklist', key: 'id', per: 'address', owner: 'email', fold: 'lower', same: {},
    stops: { active: true }, values: { active: true, create_date: { event: 'at' }, write_date: { event: 'at' } },
  }],
  versions: [{ table: 'mail_blacklist', column: 'opt_out_reason_id', present: 'Odoo 17 or later', absent: 'Odoo 14-16' }],
  choices: [
    'message_bounce is written as an absolute count (the value before the agent first counted plus the returned mail the ledger holds for the address), never as +1: a retry or a crash cannot count twice. Hard and counted soft bounces both count, as Odoo counts every bounce.',
    'An address taken off mail_blacklist (active = false) by a person is not put back on it.',
    'No chatter (mail_message) rows and no mailing_trace changes are written.',
  ],
};
