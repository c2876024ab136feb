import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Source } from '../../src/core/ports.js';
import type { Decoded, Outcome, Reason, Returned, Verdict } from '../../src/core/types.js';
import { makeToken } from '../../src/match/token.js';
import type { SendLookup, SendRecord } from '../../src/match/index.js';
import { openAgent, type Agent } from '../../src/flow/flow.js';
import type { TestDb } from './databases.js';

// Store tests feed already-decoded messages (the decoder has its own tests; test/flow runs
// real .eml files end to end). The raw bytes of a Returned are the Decoded object as JSON.

export const SECRET = 'store-test-secret-0123456789';

export function verdict(address: string, reason: Reason, more: Partial<Verdict> = {}): Verdict {
  const hard = ['userunknown', 'hostunknown', 'hasmoved', 'notaccept'].includes(reason);
  return { address, action: 'failed', status: hard ? '5.1.1' : '4.2.2', replyCode: hard ? '550' : '452', diagnostic: `test ${reason}`, reason, hard, rule: 'test', decodedBy: 'test', ...more };
}

export function bounce(v: Verdict[], extra: Partial<Decoded> = {}): Decoded {
  return { kind: 'bounce', recipients: v, messageId: null, originalMessageId: null, token: null, ...extra };
}

/** A source of decoded messages that remembers what it was told to do with each. */
export class ListSource implements Source {
  acks: [string, Outcome][] = [];
  constructor(readonly name: string, private readonly items: { id: string; decoded: Decoded; at?: Date }[]) {}
  async *pull(): AsyncIterable<Returned> {
    for (const i of this.items) yield { id: i.id, source: this.name, raw: Buffer.from(JSON.stringify(i.decoded)), receivedAt: i.at };
  }
  async ack(id: string, outcome: Outcome): Promise<void> { this.acks.push([id, outcome]); }
  async close(): Promise<void> {}
}

/** The sender's ledger, in memory: what matching reads through the SendLookup port. */
export function memorySends(records: SendRecord[]): SendLookup & { token(sendId: number): string } {
  return {
    bySendId: async (id) => records.find((r) => r.id === id) ?? null,
    bySendIds: async (ids) => new Map(records.filter((r) => ids.includes(r.id)).map((r) => [r.id, r])),
    byMessageId: async (mid) => records.find((r) => r.messageId === mid) ?? null,
    token: (sendId) => makeToken(SECRET, sendId),
  };
}

export function configFor(t: TestDb, more: Record<string, unknown> = {}): Readonly<Config> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-ledger-'));
  const base: Record<string, unknown> = {
    database: { client: t.client, connection: t.connection, lockTimeoutMs: 2000 },
    recipients: { table: 'contacts', key: 'id', email: 'email' },
    flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason', status: 'bounce_status', at: 'bounced_at', softCount: 'soft_bounces', optOut: { column: 'email_opt_out', value: 1 } },
    policy: { soft: { flagAfter: 3, withinDays: 30 } },
    ledger: { sqlite: join(dir, 'ledger.sqlite') },
    send: { secret: SECRET },
  };
  return parseConfig({ ...base, ...more });
}

export async function agentFor(t: TestDb, sends: SendLookup, more: Record<string, unknown> = {}): Promise<Agent> {
  return openAgent(configFor(t, more), { sends, decode: (raw) => JSON.parse(raw.toString()) as Decoded });
}
