// A database that cannot be used is named as what it is: a SQLite file that is not there (and is
// not created), a URL the driver cannot read (a bad port: the drivers then quietly connect to
// their default server), nothing listening at host:port, another kind of server at that port.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { BounceError } from '../../src/core/errors.js';
import { closeAgent, mappingOf, openAgent } from '../../src/flow/flow.js';
import { freePort } from '../helpers/net.js';
import { MYSQL, PG, selected, unavailableReason, type Client } from '../helpers/databases.js';
import { memorySends } from '../helpers/agent.js';

const config = (database: Record<string, unknown>) => parseConfig({
  database: { connectTimeoutMs: 3000, ...database },
  recipients: { table: 'contacts', key: 'id', email: 'email' },
  flags: { hard: { column: 'email_bounced', value: 1 } },
  ledger: { sqlite: join(mkdtempSync(join(tmpdir(), 'bs-connect-')), 'ledger.sqlite') },
});

/** The error the first use of the database gives (the mapping's catalog read, as check and run do). */
async function firstError(database: Record<string, unknown>): Promise<BounceError | null> {
  const agent = await openAgent(config(database), { sends: memorySends([]) });
  try {
    return await mappingOf(agent).then(() => null, (e: BounceError) => e);
  } finally {
    await closeAgent(agent).catch(() => {});
  }
}

const configError = (database: Record<string, unknown>) => {
  try {
    config(database);
    return null;
  } catch (e) {
    return e as BounceError;
  }
};

describe.runIf(selected().includes('sqlite'))('SQLite', () => {
  it('a mistyped file name is DB_NOT_FOUND with its path; no empty database is made', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bs-connect-')), 'crm-typo.sqlite');
    const e = await firstError({ client: 'sqlite', connection: { filename: file } });
    expect([e?.code, e?.message]).toEqual(['DB_NOT_FOUND', expect.stringMatching(new RegExp(`${file.replace(/[.]/g, '\\.')} .*does not exist.*Correct database\\.connection\\.filename`, 's'))]);
    expect(existsSync(file)).toBe(false);
  });
});

const servers: { client: Client; url: (port: number) => string; object: (port: number) => Record<string, unknown>; other: number }[] = [
  { client: 'postgres', url: (port) => `postgres://${PG.user}:s3cret-pw@127.0.0.1:${port}/${PG.database}`, object: (port) => ({ ...PG, port }), other: MYSQL.port },
  { client: 'mysql', url: (port) => `mysql://${MYSQL.user}:s3cret-pw@127.0.0.1:${port}/mysql`, object: (port) => ({ ...MYSQL, port }), other: PG.port },
];

for (const s of servers.filter((x) => selected().includes(x.client))) {
  const why = await unavailableReason(s.client);
  if (why && process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  describe.skipIf(!!why)(`${s.client}${why ? ` (skipped: ${why})` : ''}`, () => {
    it('a port the URL cannot hold is a config error naming database.connection, not a refused login at the default port', async () => {
      const e = configError({ client: s.client, connection: s.url(99999) });
      expect([e?.code, e?.message]).toEqual(['CONFIG_INVALID', expect.stringMatching(/database\.connection: is not a URL the driver can read \(a port is a number from 1 to 65535/)]);
      expect(e?.message).not.toContain('s3cret-pw');
      expect(configError({ client: s.client, connection: s.object(99999) })?.message).toMatch(/database\.connection\.port/);
    });

    it('nothing listening at the port is DB_UNAVAILABLE naming host:port, as a URL and as keys', async () => {
      const port = await freePort();
      for (const connection of [s.url(port), s.object(port)]) {
        const e = await firstError({ client: s.client, connection });
        expect(e?.code).toBe('DB_UNAVAILABLE');
        expect(e?.message).toMatch(new RegExp(`cannot reach the database at 127\\.0\\.0\\.1:${port}`));
        expect(e?.message).not.toContain('s3cret-pw');
      }
    });

    it('another kind of server at the port is DB_UNAVAILABLE naming host:port, not a catalog or login problem', async () => {
      const e = await firstError({ client: s.client, connection: s.object(s.other), connectTimeoutMs: 2000 });
      expect([e?.code, e?.message]).toEqual(['DB_UNAVAILABLE', expect.stringContaining(`at 127.0.0.1:${s.other}`)]);
    });
  });
}
