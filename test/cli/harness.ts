// Shared by the CLI tests that run commands in-process against a SQLite "CRM" and a folder source.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, vi } from 'vitest';
import { dsn } from '../pipeline/mail.js';
import { createContacts } from '../store/databases.js';

/** A config with address matching and a SQLite CRM beside it, its ledger file named. */
export const sqliteConfig = (ledger: string) => [
  'database: { client: sqlite, connection: { filename: ./crm.sqlite } }',
  'recipients: { table: contacts, key: id, email: email }',
  'flags: { hard: { column: email_bounced, value: 1 }, reason: bounce_reason }',
  'policy: { match: address }',
  `ledger: { sqlite: ./${ledger} }`,
  'sources: [ { folder: ./returned } ]',
].join('\n');

/** Runs a command's `run(argv)` with stdout captured. */
export async function cli(command: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out.push(String(c)); return true; });
  try {
    return { code: await command(argv), out: out.join('') };
  } finally { spy.mockRestore(); }
}

/**
 * A folder with a SQLite "CRM" of these contacts, a returned-mail folder with a 5.1.1 DSN for
 * ann and bob, and two configs (bouncesync.yaml, and no-ledger.yaml whose ledger was never made).
 * Registers its own beforeAll/afterAll; read `dir` and `crm` inside tests.
 */
export function cliWorkspace(name: string, contacts: { id: number; email: string }[]): { dir: string; crm: Knex } {
  const w = {} as { dir: string; crm: Knex };
  beforeAll(async () => {
    w.dir = mkdtempSync(join(tmpdir(), `bs-cli-${name}-`));
    w.crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(w.dir, 'crm.sqlite') }, useNullAsDefault: true });
    await createContacts(w.crm);
    await w.crm('contacts').insert(contacts);
    mkdirSync(join(w.dir, 'returned'));
    for (const [n, who] of [[1, 'ann'], [2, 'bob']] as const) {
      writeFileSync(join(w.dir, 'returned', `${n}.eml`), dsn({ id: `${name}${n}`, to: 'bounces@crm.test', failed: `${who}@far.test`, status: '5.1.1', code: '550', text: 'User unknown' }));
    }
    writeFileSync(join(w.dir, 'bouncesync.yaml'), sqliteConfig('ledger.sqlite'));
    writeFileSync(join(w.dir, 'no-ledger.yaml'), sqliteConfig('never-written.sqlite'));
    vi.stubEnv('BOUNCESYNC_LOG', 'silent');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await w.crm.destroy();
    rmSync(w.dir, { recursive: true, force: true });
  });
  return w;
}
