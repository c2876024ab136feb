import { z } from 'zod';
import { CRM_NAMES } from '../crm/index.js';

// The `crm:` key (part of the one schema in ./schema.ts): a preset that fills recipients, flags
// and matching for a known CRM's own tables (src/crm/). Keys the user writes override it.

const name = z.enum(CRM_NAMES).describe('the app: suitecrm, civicrm, mautic, odoo, espocrm, vtiger or dolibarr (dynamics is refused: Microsoft does not support writes to its database)');

export const crmSchema = z.union([
  name,
  z.strictObject({
    preset: name,
    prefix: z.string().regex(/^[A-Za-z0-9_]*$/).optional().describe('the table prefix the app was installed with (Mautic db_table_prefix, Dolibarr $dolibarr_main_db_prefix); default the app\'s own'),
    records: z.array(z.string().min(1)).min(1).optional().describe('only these record types, by the app\'s name for them (e.g. [Contacts, Leads]); default all the preset knows'),
  }),
]).optional().describe('write flags where a known CRM keeps them, instead of recipients and flags: docs/writing-flags.md says per app which rows and columns change');

/**
 * A preset matches returned mail by address unless the user chose otherwise: mail the CRM sent
 * itself carries no bouncesync token.
 */
export function crmDefaults(doc: unknown): unknown {
  if (!doc || typeof doc !== 'object' || !('crm' in doc) || (doc as { crm?: unknown }).crm == null) return doc;
  const d = doc as Record<string, unknown>;
  const policy = (d.policy && typeof d.policy === 'object' ? d.policy : {}) as Record<string, unknown>;
  return { ...d, policy: { match: 'address', ...policy } };
}
