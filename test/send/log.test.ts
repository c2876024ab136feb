// Log lines as an operator's log shipper reads them: one JSON object per line, each key once.
// A send logs through the agent's parts (database, ledger, writeback) and its own (send): each
// names itself on a child of the caller's logger; a child of a child with the same key (the
// send's "component" under the send's, or under every agent part) wrote that key twice per line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { sendFromConfig } from '../../src/runner/send.js';
import { createContacts, createTestDb, type TestDb } from '../helpers/databases.js';
import { reply, startRemote, type Remote } from '../helpers/servers/remote.js';

let remote: Remote;
let t: TestDb;
let dir: string;
beforeAll(async () => {
  remote = await startRemote({ rcpt: (to) => (to.startsWith('gone') ? reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`) : undefined) });
  t = await createTestDb('sqlite', 'sendlog');
  await createContacts(t.db);
  await t.db('contacts').insert([{ id: 1, email: 'ann@corp.test', name: 'Ann' }, { id: 2, email: 'gone@corp.test', name: 'Gone' }]);
  dir = mkdtempSync(join(tmpdir(), 'bs-sendlog-'));
  writeFileSync(join(dir, 'spring.txt'), 'Hello {{name}}\n');
});
afterAll(async () => { await remote?.close(); await t?.drop(); });

/** The top-level keys of a JSON object's text, in order, repeats kept (JSON.parse keeps only the last). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      let end = i + 1;
      while (line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (depth === 1 && line[end + 1] === ':') keys.push(line.slice(i + 1, end));
      i = end;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return keys;
}

describe('send logs', () => {
  test('every line names its component once, through the send, its refusal and its write-back', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    const log = pino({ level: 'debug' }, sink);
    const config = parseConfig({
      database: { client: 'sqlite', connection: t.connection },
      recipients: { table: 'contacts', key: 'id', email: 'email' },
      flags: { hard: { column: 'email_bounced', value: 1 }, reason: 'bounce_reason' },
      ledger: { sqlite: join(dir, 'events.sqlite') },
      send: { secret: 'log-test-secret-0123456789', smtp: { host: '127.0.0.1', port: remote.port, requireTLS: false }, from: 'News <news@corp.test>', returnPath: 'bounces+{token}@corp.test', ledger: join(dir, 'sends.sqlite') },
      campaigns: { spring: { subject: 'Hi', text: join(dir, 'spring.txt') } },
    });
    const s = await sendFromConfig(config, { campaign: 'spring', log });
    expect(s).toMatchObject({ sent: 1, rejected: 1, flagged: 1 });
    const components = new Set(lines.map((l) => JSON.parse(l).component));
    expect([...components]).toEqual(expect.arrayContaining(['send', 'writeback']));
    for (const line of lines) {
      const keys = topLevelKeys(line);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i), line).toEqual([]);
    }
  });
});
