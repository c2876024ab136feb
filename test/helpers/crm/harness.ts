import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { parseConfig } from '../../../src/config/load.js';
import type { Decoded } from '../../../src/core/types.js';
import { openAgent, recordSendTimeFailures, type Agent, type RunSummary } from '../../../src/flow/flow.js';
import { runOnce } from '../../../src/runner/once.js';
import { MYSQL, PG } from '../databases.js';
import { refuseInUnitRun } from '../servers/unit-run.js';
import { bounce, ListSource, memorySends, SECRET, verdict } from '../agent.js';

// A CRM's own tables, written by hand from the facts in docs/writing-flags.md, in a database of
// their own on the real MariaDB or PostgreSQL; the agent configured with `crm:` only.

export type Engine = 'mysql' | 'postgres';

export interface CrmDb { client: Engine; db: Knex; connection: Record<string, unknown>; drop(): Promise<void> }

export async function crmDb(client: Engine, app: string): Promise<CrmDb> {
  refuseInUnitRun(client);
  const name = `crm_${app}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const server = client === 'mysql' ? { client: 'mysql2', connection: MYSQL } : { client: 'pg', connection: PG };
  const admin = knexFactory(server);
  await admin.raw(client === 'mysql' ? 'create database ?? character set utf8mb4 collate utf8mb4_general_ci' : 'create database ??', [name]);
  await admin.destroy();
  const connection = { ...server.connection, database: name };
  const db = knexFactory({ client: server.client, connection, pool: { min: 0, max: 4 } });
  return {
    client, db, connection,
    drop: async () => {
      await db.destroy();
      const a = knexFactory(server);
      await a.raw(client === 'mysql' ? 'drop database if exists ??' : 'drop database if exists ?? with (force)', [name]);
      await a.destroy();
    },
  };
}

export async function reachable(client: Engine): Promise<boolean> {
  refuseInUnitRun(client);
  const probe = knexFactory(client === 'mysql' ? { client: 'mysql2', connection: MYSQL } : { client: 'pg', connection: PG });
  try { await probe.raw('select 1'); return true; } catch { return false; } finally { await probe.destroy(); }
}

/** The three-key config a preset needs (database, crm, sources) plus the test's ledger and secret. */
export function crmAgent(t: CrmDb, crm: unknown, more: Record<string, unknown> = {}): Promise<Agent> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-crm-'));
  const config = parseConfig({
    database: { client: t.client, connection: t.connection, lockTimeoutMs: 2000 },
    crm,
    ledger: { sqlite: join(dir, 'ledger.sqlite') },
    send: { secret: SECRET },
    ...more,
  });
  return openAgent(config, { sends: memorySends([]), decode: (raw) => JSON.parse(raw.toString()) as Decoded });
}

/** Every row of these tables, in key order: what "restored exactly" is compared on. */
export async function snapshot(db: Knex, tables: Record<string, string>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) out[table] = await db(table).orderBy(key);
  return out;
}

export interface Mail { id: string; hard?: string[]; soft?: string[]; complaint?: string }

/** Returned mail as the decoder hands it over: hard (userunknown) and soft (mailboxfull) failures, or a complaint. */
export function mailSource(name: string, mails: Mail[], at = new Date('2026-11-30T10:00:00Z')): ListSource {
  return new ListSource(name, mails.map((m) => ({
    id: m.id, at,
    decoded: m.complaint
      ? { kind: 'feedback', recipients: [{ ...verdict(m.complaint, 'feedback' as never), action: 'failed' as const, hard: false }], messageId: null, originalMessageId: null, token: null } as Decoded
      : bounce([...(m.hard ?? []).map((a) => verdict(a, 'userunknown')), ...(m.soft ?? []).map((a) => verdict(a, 'mailboxfull'))]),
  })));
}

export async function runMail(agent: Agent, name: string, mails: Mail[], dryRun = false): Promise<RunSummary> {
  return runOnce(agent, [mailSource(name, mails)], { dryRun });
}

/** A recipient refused at RCPT TO while `send` mailed it (the send is ours: a strong match). */
export function refuse(agent: Agent, sendId: number, rowKey: string, address: string): Promise<RunSummary> {
  return recordSendTimeFailures(agent, [{ send: { id: sendId, campaign: 'news', rowKey, address, messageId: null }, verdict: verdict(address, 'userunknown'), at: new Date('2026-11-30T11:00:00Z') }]);
}

/** The runs that changed something, in the order they ran. */
export async function changedRuns(agent: Agent): Promise<string[]> {
  const rows = (await agent.ledger.db('changes').select('run_id').min({ first: 'id' }).groupBy('run_id').orderBy('first')) as unknown as { run_id: string }[];
  return rows.map((r) => String(r.run_id));
}
