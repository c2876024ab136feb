import type { Preset } from './types.js';

// SuiteCRM 7.x / 8.x (and SugarCRM CE 6.5, same tables). One email_addresses row is shared by
// every record with that address (deduplicated by email_address_caps = UPPER(address)) and
// linked to contacts, leads, targets and accounts through email_addr_bean_rel. The app's own
// bounce handling sets invalid_email = 1 on that row; its screens and send paths skip such rows.

const record = (name: string) => ({ name, table: name.toLowerCase(), key: 'id', alive: { deleted: 0 } });

export const suitecrm: Preset = {
  name: 'suitecrm',
  app: 'SuiteCRM 7.x / 8.x, SugarCRM CE 6.5',
  engines: ['mysql'],
  records: ['Contacts', 'Leads', 'Prospects', 'Accounts'].map(record),
  addresses: {
    table: 'email_addresses', key: 'id', column: 'email_address',
    lookup: { column: 'email_address_caps', fold: 'upper' },
    alive: { deleted: 0 },
    skip: [{ invalid_email: 1 }, { opt_out: 1 }],
    link: { table: 'email_addr_bean_rel', address: 'email_address_id', record: 'bean_id', type: 'bean_module', alive: { deleted: 0 }, primary: { primary_address: 1 } },
  },
  hard: [{ shape: 'set', on: 'address', set: { invalid_email: 1 }, touch: 'date_modified' }],
  optOut: [{ shape: 'set', on: 'address', set: { opt_out: 1 }, touch: 'date_modified' }],
  versions: [{ table: 'email_addresses', column: 'confirm_opt_in', present: 'SuiteCRM 7.10 or later (or 8.x)', absent: 'SugarCRM CE 6.5 or SuiteCRM before 7.10' }],
  choices: [
    'SuiteCRM clears opt_out when it marks an address invalid; the agent leaves opt_out as it is (a person\'s opt-out outlives a bounce).',
    'No campaign_log row and no email_addresses_audit row are written: the address row itself is what the screens and send paths read.',
    'Soft bounces change nothing (SuiteCRM only logs them as "send error").',
  ],
};
