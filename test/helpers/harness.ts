// Shared by the CLI tests that run commands in-process against a SQLite "CRM" and a folder source.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, vi } from 'vitest';
import { dsn } from './mail.js';
import { createContacts } from './databases.js';

/** A config with a SQLite CRM beside it, its ledger file named (address matching unless told). */
export const sqliteConfig = (ledger: string, policy = '{ match: address }') => [
  'database: { client: sqlite, connection: { filename: ./crm.sqlite } }',
  'recipients: { table: contacts, key: id, email: email }',
  'flags: { hard: { column: email_bounced, value: 1 }, reason: bounce_reason }',
  `policy: ${policy}`,
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

/** One returned message: a DSN saying `who`@far.test failed (sent to `to`, default our bounce address). */
export type Mail = { who: string; status: string; code: string; text: string; to?: string };

const userUnknown = (who: string): Mail => ({ who, status: '5.1.1', code: '550', text: 'User unknown' });

/**
 * A folder with a SQLite "CRM" of these contacts, a returned-mail folder (default: a 5.1.1 DSN
 * for ann and bob) and two configs with this policy (bouncesync.yaml, and no-ledger.yaml whose
 * ledger was never made). Registers its own beforeAll/afterAll; read the fields inside tests
 * (`ledger` is a connection to bouncesync.yaml's ledger file, opened on first use).
 */
export function cliWorkspace(name: string, contacts: { id: number; email: string }[], o: { mails?: Mail[]; policy?: string } = {}): { dir: string; crm: Knex; file: string; ledger: Knex } {
  let ledger: Knex | null = null;
  const w = {
    get ledger(): Knex {
      return (ledger ??= knexFactory({ client: 'better-sqlite3', connection: { filename: join(w.dir, 'ledger.sqlite') }, useNullAsDefault: true }));
    },
  } as { dir: string; crm: Knex; file: string; ledger: Knex };
  beforeAll(async () => {
    w.dir = mkdtempSync(join(tmpdir(), `bs-cli-${name}-`));
    w.crm = knexFactory({ client: 'better-sqlite3', connection: { filename: join(w.dir, 'crm.sqlite') }, useNullAsDefault: true });
    await createContacts(w.crm);
    await w.crm('contacts').insert(contacts);
    mkdirSync(join(w.dir, 'returned'));
    (o.mails ?? [userUnknown('ann'), userUnknown('bob')]).forEach((m, i) => writeFileSync(join(w.dir, 'returned', `${i + 1}.eml`),
      dsn({ id: `${name}${i + 1}`, to: m.to ?? 'bounces@crm.test', failed: `${m.who}@far.test`, status: m.status, code: m.code, text: m.text })));
    w.file = join(w.dir, 'bouncesync.yaml');
    writeFileSync(w.file, sqliteConfig('ledger.sqlite', o.policy));
    writeFileSync(join(w.dir, 'no-ledger.yaml'), sqliteConfig('never-written.sqlite', o.policy));
    vi.stubEnv('BOUNCESYNC_LOG', 'silent');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await w.crm.destroy();
    await ledger?.destroy();
    rmSync(w.dir, { recursive: true, force: true });
  });
  return w;
}
