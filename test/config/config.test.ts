import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { configJsonSchema } from '../../src/config/schema.js';
import type { BounceError } from '../../src/core/errors.js';
import { asUnprivileged, giveAway, writeUnreadable } from '../helpers/unprivileged.js';

const env = { DB_PASSWORD: 'pw', BOUNCESYNC_SECRET: 'a-secret-of-enough-length', IMAP_PASSWORD: 'imap-pw' };
const minimal = {
  database: { client: 'sqlite', connection: { filename: 'crm.sqlite' } },
  recipients: { table: 'contacts', key: 'id', email: 'email' },
  flags: { hard: { column: 'email_bounced', value: 1 } },
};
// Folders made here are removed at the end, so runs do not pile them up in the temporary folder.
const made: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'bs-config-')); made.push(d); return d; };
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
const fails = (doc: unknown, e: NodeJS.ProcessEnv = env) => { try { parseConfig(doc, e); return null; } catch (x) { return x as BounceError; } };

describe('config', () => {
  it('every example in config/ is valid', () => {
    const files = readdirSync('config').filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(['mssql.yaml', 'mysql.yaml', 'postgres.yaml', 'service-imap.yaml', 'sqlite.yaml']);
    for (const f of files) expect(() => loadConfig(join('config', f), env), f).not.toThrow();
  });

  it('config/bouncesync.schema.json is the schema the agent validates with (run scripts/config-schema.mjs after a change)', () => {
    expect(JSON.parse(readFileSync('config/bouncesync.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('docs/configuration.md is written from the schema\'s descriptions (run npm run config:docs after a change)', async () => {
    // The script is plain JS, imported by path: its renderer is the one `npm run config:docs` writes with.
    const script: string = new URL('../../scripts/config-docs.mjs', import.meta.url).href;
    const { configDocs } = await import(script) as { configDocs(schema: unknown): string };
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(configDocs(configJsonSchema()));
  });

  it('fills defaults and freezes the result', () => {
    const c = parseConfig(minimal, env);
    expect(c.policy).toMatchObject({ hard: ['userunknown', 'hostunknown', 'hasmoved', 'notaccept'], soft: { flagAfter: 5, withinDays: 30 }, match: 'signed' });
    expect(c.ledger).toEqual({ sqlite: './data/ledger.sqlite' });
    expect(Object.isFrozen(c.policy.soft)).toBe(true);
  });

  it('names each bad key and says the fix', () => {
    const e = fails({ ...minimal, recipents: {}, flags: {}, policy: { match: 'maybe' } });
    expect(e?.code).toBe('CONFIG_INVALID');
    expect(e?.message).toMatch(/recipents/);
    expect(e?.message).toMatch(/flags: set flags\.hard/);
    expect(e?.message).toMatch(/policy\.match/);
    expect(e?.message).toMatch(/config\/\*\.yaml has commented examples/);
  });

  it('resolves ${ENV} and file: references, and names a missing one without showing any secret', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret'), 'from-a-file-0123456789\n');
    const c = parseConfig({ ...minimal, database: { client: 'mysql', connection: { host: 'h', password: '${DB_PASSWORD}' } }, send: { secret: `file:${join(dir, 'secret')}` } }, env);
    expect((c.database.connection as { password: string }).password).toBe('pw');
    expect(c.send.secret).toBe('from-a-file-0123456789');
    const e = fails({ ...minimal, send: { secret: '${NOT_SET_HERE}' } }, {});
    expect([e?.code, e?.message]).toEqual(['CONFIG_ENV', expect.stringContaining('send.secret refers to the environment variable NOT_SET_HERE')]);
  });

  it('a config file that is there but cannot be read is CONFIG_UNREADABLE with the reason and the fix; a missing one CONFIG_MISSING', async () => {
    const dir = tempDir();
    giveAway(dir);
    const file = join(dir, 'bouncesync.yaml');
    writeUnreadable(file, 'database: { client: sqlite, connection: { filename: crm.sqlite } }\n');
    const caught = (f: () => unknown) => { try { f(); return null; } catch (x) { return x as BounceError; } };
    const denied = await asUnprivileged(() => caught(() => loadConfig(file, env)));
    expect([denied?.code, denied?.message]).toEqual(['CONFIG_UNREADABLE', `the config file ${file} exists but cannot be read (EACCES: permission denied). `
      + 'Let the account the agent runs as read it (e.g. chown that account FILE, or chmod 640 FILE and put the account in its group) and enter its folders.']);
    const folder = caught(() => loadConfig(dir, env));
    expect([folder?.code, folder?.message]).toEqual(['CONFIG_UNREADABLE', expect.stringMatching(/exists but cannot be read \(EISDIR: illegal operation on a directory\)\. That is a folder: pass the YAML file itself/)]);
    const missing = caught(() => loadConfig(join(dir, 'nope.yaml'), env));
    expect([missing?.code, missing?.message]).toEqual(['CONFIG_MISSING', expect.stringContaining('does not exist. Pass --config FILE')]);
  });

  it('resolves relative paths against the config file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.yaml'), 'database: { client: sqlite, connection: { filename: crm.sqlite } }\nrecipients: { table: t, key: id, email: e }\nflags: { hard: { column: f } }\nsources: [ { folder: in } ]\n');
    const c = loadConfig(join(dir, 'b.yaml'), env);
    expect((c.database.connection as { filename: string }).filename).toBe(join(dir, 'crm.sqlite'));
    expect(c.sources).toEqual([{ folder: join(dir, 'in') }]);
    expect(c.ledger).toEqual({ sqlite: join(dir, 'data/ledger.sqlite') });
  });
});
