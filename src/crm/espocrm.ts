import type { Preset } from './types.js';

// EspoCRM 7.4+ / 8 / 9 (MySQL/MariaDB or PostgreSQL). Like SuiteCRM, one email_address row is
// shared by every record with the address (looked up by `lower`) and linked through
// entity_email_address; the app sets email_address.invalid on a hard bounce, opt_out on an
// opt-out. Every table has `deleted`.

const record = (name: string) => ({ name, table: name.toLowerCase(), key: 'id', alive: { deleted: 0 } });

export const espocrm: Preset = {
  name: 'espocrm',
  app: 'EspoCRM 7.4 and later',
  engines: ['mysql', 'postgres'],
  records: ['Contact', 'Lead', 'Account'].map(record),
  addresses: {
    table: 'email_address', key: 'id', column: 'name',
    lookup: { column: 'lower', fold: 'lower' },
    alive: { deleted: 0 },
    skip: [{ invalid: 1 }, { opt_out: 1 }],
    link: { table: 'entity_email_address', address: 'email_address_id', record: 'entity_id', type: 'entity_type', alive: { deleted: 0 }, primary: { primary: 1 } },
  },
  hard: [{ shape: 'set', on: 'address', set: { invalid: 1 } }],
  optOut: [{ shape: 'set', on: 'address', set: { opt_out: 1 } }],
  choices: [
    'No campaign_log_record row ("Bounced") is written: it needs the mass-email queue item, which returned mail read from a mailbox does not carry; the address row is what the screens and send paths read.',
    'Soft bounces change nothing (EspoCRM only logs them).',
  ],
};
