import type { Preset } from './types.js';

// CiviCRM (MySQL/MariaDB). Addresses are rows of civicrm_email owned by one contact each; a
// bounce puts every row with the address on hold (on_hold = 1, "On Hold Bounce") with hold_date,
// as the app does once the bounce type's threshold is reached (1 for an invalid address).
// Contacts in the trash (is_deleted) are left alone.

export const civicrm: Preset = {
  name: 'civicrm',
  app: 'CiviCRM 5.x',
  engines: ['mysql'],
  records: [{ name: 'Contacts', table: 'civicrm_contact', key: 'id', alive: { is_deleted: 0 }, skip: [{ do_not_email: 1 }, { is_opt_out: 1 }] }],
  addresses: {
    table: 'civicrm_email', key: 'id', column: 'email', lookup: { column: 'email', fold: 'none' },
    alive: {}, owner: 'contact_id', primary: { is_primary: 1 }, skip: [{ on_hold: { not: 0 } }],
  },
  hard: [{ shape: 'set', on: 'address', set: { on_hold: 1, hold_date: { event: 'at' }, reset_date: null }, keep: ['hold_date'], only: { on_hold: 0 } }],
  optOut: [{ shape: 'set', on: 'record', set: { is_opt_out: 1 }, touch: 'modified_date' }],
  choices: [
    'A hard bounce puts the address on hold at once (on_hold = 1, hold_date, reset_date cleared), as CiviCRM does for an invalid address; no civicrm_mailing_event_bounce row is written (it needs the mailing\'s event queue row).',
    'An address on hold for an opt-out (on_hold = 2) stays as it is.',
    'A complaint sets civicrm_contact.is_opt_out = 1 ("No Bulk Emails"), as CiviCRM\'s unsubscribe does without multiple bulk mail; no civicrm_mailing_event_unsubscribe or subscription history row is written.',
    'Soft bounces change nothing (CiviCRM counts them against a threshold; the agent\'s own soft policy flags after policy.soft.flagAfter days).',
  ],
};
