// `bouncesync events --run ID`: what one run wrote, row by row (old → new, with the change's state),
// for review before `undo --run ID`. Against a YAML config, a SQLite "CRM" and the real decoder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as eventsCommand } from '../../src/cli/commands/events.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import type { BounceError } from '../../src/core/errors.js';
import { cli, cliWorkspace } from '../helpers/harness.js';

const w = cliWorkspace('events', [{ id: 1, email: 'ann@far.test' }, { id: 2, email: 'bob@far.test' }]);

describe('bouncesync events --run', () => {
  it('lists each row the run changed, old → new, and after undo shows the changes undone', async () => {
    const file = join(w.dir, 'bouncesync.yaml');
    const ran = await cli(runCommand, '--once', '--config', file);
    const runId = /^run (\S+)/.exec(ran.out)?.[1] as string;
    expect([ran.code, ran.out]).toEqual([0, expect.stringMatching(/rows changed 2/)]);

    const listed = await cli(eventsCommand, '--config', file, '--run', runId);
    expect(listed).toEqual({ code: 0, out: [
      'row 1  applied  email_bounced 0 → 1, bounce_reason NULL → "userunknown"',
      'row 2  applied  email_bounced 0 → 1, bounce_reason NULL → "userunknown"',
      '',
    ].join('\n') });
    const json = (await cli(eventsCommand, '--config', file, '--run', runId, '--json')).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(json).toEqual([1, 2].map((key) => ({ run: runId, key, state: 'applied', old: { email_bounced: 0, bounce_reason: null }, new: { email_bounced: 1, bounce_reason: 'userunknown' } })));

    expect((await cli(undoCommand, '--config', file, '--run', runId)).code).toBe(0);
    expect((await cli(eventsCommand, '--config', file, '--run', runId)).out).toMatch(/^row 1  undone  .*\nrow 2  undone  .*\n$/);

    // A run that found nothing to write says so, rather than printing nothing.
    const empty = await cli(runCommand, '--once', '--config', file);
    const emptyId = /^run (\S+)/.exec(empty.out)?.[1] as string;
    expect((await cli(eventsCommand, '--config', file, '--run', emptyId)).out).toBe(`run ${emptyId} has no row changes in the ledger\n`);
  });

  it('an unknown run id is RUN_UNKNOWN, not an empty list', async () => {
    const e = await eventsCommand(['--config', join(w.dir, 'bouncesync.yaml'), '--run', '20261201-000000-typo']).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('RUN_UNKNOWN');
  });

  it('reads only: with no ledger yet it lists nothing and creates none', async () => {
    const file = join(w.dir, 'no-ledger.yaml');
    expect(await cli(eventsCommand, '--config', file)).toEqual({ code: 0, out: '' });
    const e = await eventsCommand(['--config', file, '--run', 'x']).then(() => null, (x: BounceError) => x);
    expect(e?.code).toBe('RUN_UNKNOWN');
    expect(existsSync(join(w.dir, 'never-written.sqlite'))).toBe(false);
  });
});
