// The `sources: - imap:` block: defaults, errors that name the key, one name per source.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { sourcesFromConfig } from '../../src/sources/index.js';
import { pino } from 'pino';

const base = {
  database: { client: 'sqlite', connection: { filename: 'crm.sqlite' } },
  recipients: { table: 'contacts', key: 'id', email: 'email' },
  flags: { hard: { column: 'email_bounced', value: 1 } },
};
const kv = { getKv: async () => null, setKv: async () => undefined };

describe('imap source config', () => {
  it('fills in safe defaults: implicit TLS, verified certificates, the usual folders', () => {
    const c = parseConfig({ ...base, sources: [{ imap: { host: 'mail.example.com', user: 'b@example.com', password: '${IMAP_PASSWORD}' } }] }, { IMAP_PASSWORD: 's3cret' });
    const imap = (c.sources[0] as { imap: Record<string, unknown> }).imap;
    expect(imap).toMatchObject({ secure: true, requireTLS: true, tls: { rejectUnauthorized: true }, mailbox: 'INBOX', processed: 'Processed', unrecognised: 'Unrecognised', quarantine: 'Quarantine', idle: true, password: 's3cret' });
    expect(c.agent).toMatchObject({ maxAttempts: 3, writeEverySeconds: 5 });
  });

  it('names the key of a mistake inside an imap entry, and refuses unknown keys', () => {
    expect(() => parseConfig({ ...base, sources: [{ imap: { host: 'h', user: 'u', password: 'p', secure: 'yes' } }] }))
      .toThrow(/sources\.0\.imap\.secure: .*expected boolean/);
    expect(() => parseConfig({ ...base, sources: [{ imap: { host: 'h', user: 'u', password: 'p', mailboxx: 'INBOX' } }] }))
      .toThrow(/sources\.0\.imap: Unrecognized key: "mailboxx"/);
    expect(() => parseConfig({ ...base, sources: [{ imap: { host: 'h', user: 'u' } }] })).toThrow(/sources\.0\.imap\.password/);
  });

  it('refuses two sources with the same name (their checkpoints would collide)', async () => {
    const c = parseConfig({ ...base, sources: [
      { imap: { host: 'h', user: 'u', password: 'p' } },
      { imap: { host: 'h', user: 'u', password: 'p', mailbox: 'Other' } },
    ] });
    await expect(sourcesFromConfig(c, { ledger: kv })).rejects.toMatchObject({ code: 'CONFIG_SOURCE_NAME' });
    const named = parseConfig({ ...base, sources: [
      { imap: { host: 'h', user: 'u', password: 'p' } },
      { imap: { name: 'other', host: 'h', user: 'u', password: 'p', mailbox: 'Other' } },
    ] });
    expect((await sourcesFromConfig(named, { ledger: kv })).map((s) => s.name)).toEqual(['imap:u@h', 'other']);
  });

  it('logs a warning when certificate checking is turned off, without the password', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => { lines.push(l); } });
    const c = parseConfig({ ...base, sources: [{ imap: { host: 'h', user: 'u', password: 'hunter2', tls: { rejectUnauthorized: false } } }] });
    await sourcesFromConfig(c, { ledger: kv, log });
    const warn = lines.map((l) => JSON.parse(l)).find((l) => l.level === 40);
    expect(warn?.msg).toMatch(/certificate verification is turned off/);
    expect(lines.join('')).not.toContain('hunter2');
  });
});
