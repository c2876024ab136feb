// `crm:` in the config: a preset's config is three keys (database, crm, sources) plus secrets;
// a preset and a mapped table of one's own are one or the other; Dynamics CRM is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import type { BounceError } from '../../src/core/errors.js';
import { PRESETS, resolvePreset } from '../../src/crm/index.js';
import { loadCrm } from '../../src/store/shapes/load.js';
import { adapter as sqlite } from '../../adapters/sqlite.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Decoded } from '../../src/core/types.js';
import { closeAgent, openAgent } from '../../src/flow/flow.js';
import { runOnce } from '../../src/runner/once.js';
import { mailSource } from '../helpers/crm/harness.js';

const env = { DB_PASSWORD: 'pw', IMAP_PASSWORD: 'imap-pw' };
const thrown = (f: () => unknown) => { try { f(); return null; } catch (e) { return e as BounceError; } };

describe('crm: in the config', () => {
  it('config/crm/ has a commented example for every preset, each three keys: database, crm, sources', () => {
    const files = readdirSync('config/crm').sort();
    expect(files).toEqual(Object.keys(PRESETS).map((p) => `${p}.yaml`).sort());
    for (const f of files) {
      const text = readFileSync(join('config/crm', f), 'utf8');
      expect(Object.keys(parse(text) as object), f).toEqual(['database', 'crm', 'sources']);
      expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(3);
      const c = loadConfig(join('config/crm', f), env);
      expect(c.crm).toBe(f.replace('.yaml', ''));
      expect(c.policy.match, f).toBe('address'); // mail the CRM sent carries no token of ours
    }
  });

  it('keys the user writes override the preset\'s: policy.match', () => {
    const c = parseConfig({ database: { client: 'mysql', connection: 'mysql://u@h/db' }, crm: 'mautic', policy: { match: 'signed' } });
    expect(c.policy.match).toBe('signed');
  });

  it('a preset or a mapped table, not both; one of them is required', () => {
    const both = thrown(() => parseConfig({ database: { client: 'mysql', connection: 'mysql://u@h/db' }, crm: 'suitecrm', recipients: { table: 't', key: 'id', email: 'e' } }));
    expect(both?.message).toContain('crm: a crm preset maps the tables itself');
    const neither = thrown(() => parseConfig({ database: { client: 'mysql', connection: 'mysql://u@h/db' } }));
    expect(neither?.message).toContain('recipients: is required (or name a CRM preset with crm:)');
    expect(thrown(() => parseConfig({ database: { client: 'mysql', connection: 'mysql://u@h/db' }, crm: 'salesforce' }))?.code).toBe('CONFIG_INVALID');
  });

  it('Dynamics CRM on-premises is refused: Microsoft does not support writes to its database', () => {
    const c = parseConfig({ database: { client: 'mssql', connection: { host: 'h' } }, crm: 'dynamics' });
    const e = thrown(() => resolvePreset(c.crm!));
    expect(e?.code).toBe('CRM_UNSUPPORTED');
    expect(e?.message).toContain('does not support writes to its database');
  });

  it('run --once with crm: dynamics writes nothing and says why, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-crm-dyn-'));
    const config = parseConfig({ database: { client: 'mssql', connection: { host: '127.0.0.1', port: 1 } }, crm: 'dynamics', ledger: { sqlite: join(dir, 'ledger.sqlite') } });
    const agent = await openAgent(config, { decode: (raw) => JSON.parse(raw.toString()) as Decoded });
    try {
      const s = await runOnce(agent, [mailSource('dyn', [{ id: 'm1', hard: ['ann@example.com'] }])]);
      expect(s.problems).toHaveLength(1);
      expect(s.problems[0]).toMatch(/^CRM_UNSUPPORTED: Microsoft Dynamics CRM on-premises does not support writes to its database/);
      expect(s.messages).toBe(0); // the mail stays where it is
    } finally { await closeAgent(agent); }
  });

  it('a prefix where the app has fixed names, or a record type it does not have, is named with the fix', () => {
    expect(thrown(() => resolvePreset({ preset: 'suitecrm', prefix: 'x_' }))?.code).toBe('CRM_PREFIX');
    expect(thrown(() => resolvePreset({ preset: 'odoo', records: ['Partners'] }))?.message).toContain('Use some of: Contacts, Leads, Mailing contacts');
    expect(resolvePreset({ preset: 'dolibarr', prefix: 'abc_' }).records.map((r) => r.table)).toEqual(['abc_socpeople', 'abc_mailing_cibles']);
  });

  it('a preset on an engine the app does not run on is CRM_ENGINE before any query', async () => {
    await expect(loadCrm(null as never, sqlite, 'odoo')).rejects.toMatchObject({ code: 'CRM_ENGINE' });
  });
});
