import { BounceError } from '../core/errors.js';
import { civicrm } from './civicrm.js';
import { dolibarr } from './dolibarr.js';
import { espocrm } from './espocrm.js';
import { mautic } from './mautic.js';
import { odoo } from './odoo.js';
import { suitecrm } from './suitecrm.js';
import { vtiger } from './vtiger.js';
import type { Preset, Write } from './types.js';

// The presets `crm: NAME` names, one file each.

export const PRESETS: Record<string, Preset> = { suitecrm, civicrm, mautic, odoo, espocrm, vtiger, dolibarr };

/** Names `crm:` accepts: the presets, and apps refused with a reason. */
export const CRM_NAMES = ['suitecrm', 'civicrm', 'mautic', 'odoo', 'espocrm', 'vtiger', 'dolibarr', 'dynamics'] as const;

export interface CrmConfig { preset: string; prefix?: string; records?: string[] }

/** `crm: NAME` or `crm: { preset, prefix, records }` as one shape. */
export function crmConfig(c: string | CrmConfig): CrmConfig {
  return typeof c === 'string' ? { preset: c } : c;
}

/**
 * The preset with its table prefix applied and only the record types asked for. Dynamics CRM is
 * refused: Microsoft does not support writes to its database.
 */
export function resolvePreset(c: string | CrmConfig): Preset {
  const cfg = crmConfig(c);
  if (cfg.preset === 'dynamics') {
    throw new BounceError('CRM_UNSUPPORTED', 'Microsoft Dynamics CRM on-premises does not support writes to its database (changes made without its SDK are unsupported), so bouncesync does not write there.', {
      fix: 'Record bounces through the Dynamics SDK or Web API instead, or map a table of your own with recipients and flags.',
    });
  }
  const p = PRESETS[cfg.preset];
  if (!p) {
    throw new BounceError('CRM_UNKNOWN', `crm "${cfg.preset}" is not a preset this version has.`, { fix: `Use one of: ${Object.keys(PRESETS).join(', ')}; or map your table with recipients and flags.` });
  }
  if (cfg.prefix !== undefined && p.prefix === undefined) {
    throw new BounceError('CRM_PREFIX', `crm.prefix is set, but ${p.app} has fixed table names.`, { fix: 'Remove crm.prefix.' });
  }
  const prefix = cfg.prefix ?? p.prefix ?? '';
  const known = p.records.map((r) => r.name);
  const unknown = (cfg.records ?? []).filter((r) => !known.includes(r));
  if (unknown.length) {
    throw new BounceError('CRM_RECORDS', `crm.records names ${unknown.map((r) => `"${r}"`).join(', ')}, which ${p.name} does not have.`, { fix: `Use some of: ${known.join(', ')}.` });
  }
  const t = (name: string) => prefix + name;
  const w = (x: Write): Write => (x.shape === 'insert' ? { ...x, table: t(x.table) } : x);
  const map = new Map<Write, Write>();
  const once = (x: Write) => { if (!map.has(x)) map.set(x, w(x)); return map.get(x)!; };
  return {
    ...p,
    records: p.records.filter((r) => !cfg.records || cfg.records.includes(r.name)).map((r) => ({
      ...r, table: t(r.table), ...(r.entity ? { entity: { ...r.entity, table: t(r.entity.table) } } : {}),
    })),
    addresses: p.addresses && {
      ...p.addresses, table: t(p.addresses.table),
      ...(p.addresses.link ? { link: { ...p.addresses.link, table: t(p.addresses.link.table) } } : {}),
    },
    // The same write object under two decisions stays one object (one shape serves both).
    hard: p.hard.map(once), soft: p.soft?.map(once), optOut: p.optOut.map(once),
    versions: p.versions?.map((v) => ({ ...v, table: t(v.table) })),
  };
}

export type { Preset } from './types.js';
