import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, type Change, type NewEvent } from '../../src/ledger/index.js';
import { writerScript } from '../../src/ledger/writer.js';

// The embedded ledger commits the write-back's prepared changes (and the settlement of earlier
// batches) on a writer thread with its own connection to the file; these check that what it
// commits is what the main connection reads, in one transaction, and that its errors come back.

const event = (n: number): NewEvent => ({
  eventKey: `k${n}`, source: 's', sourceId: String(n), receivedAt: new Date(Date.UTC(2026, 10, 20)), kind: 'bounce', address: `a${n}@example.com`,
  rowKey: String(n), matchBy: 'token', matchStrength: 'strong', matchNote: null, reason: 'userunknown', status: '5.1.1', replyCode: '550',
  diagnostic: 'x', rule: 'r', decodedBy: 'd', decision: 'flag', why: 'w', softCounted: false, softCount: null, fingerprint: null,
});
const change = (runId: string, id: number): Change => ({ runId, rowKey: String(id), eventIds: [id], old: { f: 0, at: null }, new: { __key: id, f: 1, at: new Date(Date.UTC(2026, 10, 20)) } });

describe('embedded ledger: the writer thread', () => {
  it('is a compiled module these tests run (npm run build makes it)', () => {
    expect(writerScript()?.pathname).toMatch(/\/dist\/src\/ledger\/writer-thread\.js$/);
  });

  it('prepares on the writer thread, settles the previous batch in the same commit, and the main connection reads both', async () => {
    const ledger = await Ledger.openSqlite(join(mkdtempSync(join(tmpdir(), 'bs-writer-')), 'ledger.sqlite'));
    try {
      const run = await ledger.startRun();
      await ledger.record(run, [event(1), event(2)]);
      const [e1, e2] = await ledger.pending(10);
      const b1 = await ledger.prepareChanges([change(run, e1.id)]);
      expect((await ledger.changesOfRun(run)).map((c) => [c.rowKey, c.state, c.new.at instanceof Date])).toEqual([['1', 'prepared', true]]);
      await ledger.prepareChanges([change(run, e2.id)], [{ batch: b1, runId: run, written: [e1.id], skipped: [] }]);
      expect((await ledger.changesOfRun(run)).map((c) => [c.rowKey, c.state])).toEqual([['2', 'prepared'], ['1', 'applied']]);
      expect((await ledger.pending(10)).map((e) => e.id)).toEqual([e2.id]);
      expect((await ledger.list()).map((e) => [e.state, e.writtenRun])).toEqual([['written', run], ['pending', null]]);
    } finally {
      await ledger.close();
    }
  });

  it('a commit the writer cannot make fails with the database\'s error and changes nothing; the next one works', async () => {
    const ledger = await Ledger.openSqlite(join(mkdtempSync(join(tmpdir(), 'bs-writer-')), 'ledger.sqlite'));
    try {
      const run = await ledger.startRun();
      await ledger.record(run, [event(1)]);
      const [e1] = await ledger.pending(10);
      // A settlement of a batch, then a row the changes table refuses (row_key is NOT NULL): all or nothing.
      const bad = { ...change(run, e1.id), rowKey: null as unknown as string };
      await expect(ledger.prepareChanges([bad], [{ batch: null, runId: run, written: [e1.id], skipped: [] }])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
      expect((await ledger.list()).map((e) => e.state)).toEqual(['pending']);
      await ledger.prepareChanges([change(run, e1.id)]);
      expect((await ledger.changesOfRun(run)).length).toBe(1);
    } finally {
      await ledger.close();
    }
  });
});
