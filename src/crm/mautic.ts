import type { Preset } from './types.js';

// Mautic 5 (MySQL/MariaDB only). The address is on the contact (leads.email); a bounce is a row
// in lead_donotcontact with reason 2 (bounced) and channel 'email'; an unsubscribe is reason 1.
// Mautic deletes contacts for real (no soft delete). Table prefix: db_table_prefix.

const dnc = (reason: number, comment: string) => ({
  shape: 'insert' as const, table: 'lead_donotcontact', key: 'id', per: 'record' as const, owner: 'lead_id',
  same: { channel: 'email' }, ignore: { reason: 0 },
  values: { date_added: { event: 'at' as const }, reason, channel: 'email', channel_id: null, comments: comment === 'note' ? { event: 'note' as const } : comment },
});

export const mautic: Preset = {
  name: 'mautic',
  app: 'Mautic 4.x / 5.x',
  engines: ['mysql'],
  prefix: '',
  records: [{ name: 'Leads', table: 'leads', key: 'id', alive: {}, address: { column: 'email', fold: 'none' } }],
  hard: [dnc(2, 'note')],
  optOut: [dnc(1, 'complaint (feedback report)')],
  choices: [
    'A contact that already has a do-not-contact row for email (unsubscribed, bounced or manual) keeps it as it is: Mautic would turn a manual row into "bounced"; the agent never changes what a person chose.',
    'email_stats is not changed (is_failed, open_details): the do-not-contact row is what stops further mail.',
    'Soft bounces change nothing.',
  ],
};
