// `bouncesync undo --run ID [--dry-run]` as a person runs it, against a YAML config, a SQLite
// "CRM" and the real decoder: the dry run prints every value it would restore and writes nothing
// (not the table, not the ledger, not even a new ledger file); the real undo then does exactly that
// and lists the value a person edited since, which it keeps.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory from 'knex';
import { describe, expect, it, vi } from 'vitest';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import type { BounceError } from '../../src/core/errors.js';
import { cli, cliWorkspace } from '../helpers/harness.js';

const w = cliWorkspace('undo', [{ id: 1, email: 'ann@far.test' }, { id: 2, email: 'bob@far.test' }, { id: 3, email: 'cy@far.test' }]);

describe('bouncesync undo', () => {
  it('--dry-run prints each value it would restore and writes nothing; undo then restores exactly those', async () => {
    const file = join(w.dir, 'bouncesync.yaml');
    const ran = await cli(runCommand, '--once', '--config', file);
    expect(ran.code).toBe(0);
    const runId = /^run (\S+)/.exec(ran.out)?.[1] as string;
    expect(ran.out).toMatch(/rows changed 2/);
    await w.crm('contacts').where({ id: 2 }).update({ bounce_reason: 'edited by hand' });

    const ledger = knexFactory({ client: 'better-sqlite3', connection: { filename: join(w.dir, 'ledger.sqlite') }, useNullAsDefault: true });
    const snapshot = async () => [await w.crm('contacts').orderBy('id'), await ledger('changes').orderBy('id'), await ledger('events').orderBy('id'), await ledger('runs').orderBy('id')];
    try {
      const before = await snapshot();
      const dry = await cli(undoCommand, '--config', file, '--run', runId, '--dry-run');
      expect(dry.code).toBe(0);
      // Newest change first, the order undo applies them in.
      expect(dry.out).toBe([
        `undo of run ${runId} (dry run: nothing written)`,
        '  row 2: email_bounced 1 → 0',
        '  row 1: email_bounced 1 → 0',
        '  row 1: bounce_reason "userunknown" → NULL',
        '  row 2: bounce_reason "edited by hand" kept, edited since (the run wrote "userunknown", before it NULL)',
        'rows that would be restored 2 (values 3); values kept because changed since 1; values already as before the run 0; rows gone 0',
        '',
      ].join('\n'));
      expect(await snapshot()).toEqual(before);

      const real = await cli(undoCommand, '--config', file, '--run', runId);
      expect(real.code).toBe(0);
      expect(real.out).toBe([
        `undo of run ${runId}`,
        '  row 2: bounce_reason "edited by hand" kept, edited since (the run wrote "userunknown", before it NULL)',
        'rows restored 2 (values 3); values kept because changed since 1; values already as before the run 0; rows gone 0',
        '',
      ].join('\n'));
      expect(await w.crm('contacts').orderBy('id').select('id', 'email_bounced', 'bounce_reason')).toEqual([
        { id: 1, email_bounced: 0, bounce_reason: null }, { id: 2, email_bounced: 0, bounce_reason: 'edited by hand' }, { id: 3, email_bounced: 0, bounce_reason: null },
      ]);
      expect((await ledger('events').pluck('state'))).toEqual(['undone', 'undone']);
    } finally { await ledger.destroy(); }
  });

  it('--dry-run of a run the ledger does not know: RUN_UNKNOWN, and no ledger file is created', async () => {
    const e = await undoCommand(['--config', join(w.dir, 'no-ledger.yaml'), '--run', '20261201-000000-none', '--dry-run']).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('RUN_UNKNOWN');
    expect(existsSync(join(w.dir, 'never-written.sqlite'))).toBe(false);
  });

  it('without --run: usage, exit 2', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await undoCommand(['--dry-run', '--config', join(w.dir, 'bouncesync.yaml')])).toBe(2);
      expect(String(spy.mock.calls[0]?.[0])).toMatch(/undo --run ID \[--dry-run\]/);
    } finally { spy.mockRestore(); }
  });
});
