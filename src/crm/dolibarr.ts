import type { Preset } from './types.js';

// Dolibarr (MySQL/MariaDB or PostgreSQL; table prefix llx_ by default). Contacts keep the address
// on llx_socpeople; each mailing's targets are rows of llx_mailing_cibles, which Dolibarr marks
// statut = -1 with error_text when a send fails. Opt-outs are rows of llx_mailing_unsubscribe.

export const dolibarr: Preset = {
  name: 'dolibarr',
  app: 'Dolibarr 13 and later (emailing module)',
  engines: ['mysql', 'postgres'],
  prefix: 'llx_',
  records: [
    { name: 'Contacts', table: 'socpeople', key: 'rowid', alive: {}, skip: [{ statut: 0 }], address: { column: 'email', fold: 'none' } },
    { name: 'Mailing targets', table: 'mailing_cibles', key: 'rowid', alive: {}, address: { column: 'email', fold: 'none' }, send: false },
  ],
  hard: [{ shape: 'set', on: 'record', records: ['Mailing targets'], set: { statut: -1, error_text: { event: 'note' } }, touch: 'tms', only: { statut: { in: [0, 1] } } }],
  optOut: [{
    shape: 'insert', table: 'mailing_unsubscribe', key: 'rowid', per: 'address', owner: 'email', same: { entity: 1, unsubscribegroup: '' },
    values: { date_creat: { event: 'at' } },
  }],
  choices: [
    'Dolibarr has no handler for returned mail: a hard bounce is written as Dolibarr writes a failed send, statut = -1 and error_text on the mailing target rows with the address that are not sent yet or sent (statut 0 or 1); read (2) and unsubscribed (3) rows stay. tms is set to the bounce\'s time (so undo can put it back).',
    'A complaint adds the address to llx_mailing_unsubscribe (entity 1, no group), as the contact card\'s "no email" does; a row already there is left as it is.',
    'On PostgreSQL Dolibarr itself compares addresses as typed (case-sensitive); the agent ignores the case of ASCII letters there too, as everywhere.',
  ],
};
