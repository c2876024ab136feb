// `bouncesync review` as a person uses it after a campaign: events held for review (the burst
// rule; address-only matches under policy.match signed; a bad token; a soft failure) are listed
// in groups with stable ids; approving a group makes the next `run` flag exactly those rows (and
// `undo --run` takes them back); dismissing drops them for good; what cannot be approved is
// refused with the reason. A YAML config, a SQLite "CRM", a SQLite ledger and the real decoder.
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { run as eventsCommand } from '../../src/cli/commands/events.js';
import { run as reviewCommand } from '../../src/cli/commands/review.js';
import { run as runCommand } from '../../src/cli/commands/run.js';
import { run as undoCommand } from '../../src/cli/commands/undo.js';
import { parseConfig } from '../../src/config/load.js';
import { Ledger } from '../../src/ledger/index.js';
import { refusal } from '../../src/policy/approve.js';
import { decide } from '../../src/policy/decide.js';
import { cli, cliWorkspace, type Mail } from '../helpers/harness.js';

/** Like `cli`, with stderr too (refusals and unknown ids are told there). */
async function cliAll(command: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { err.push(String(c)); return true; });
  try {
    return { ...(await cli(command, ...argv)), err: err.join('') };
  } finally { spy.mockRestore(); }
}

const userUnknown = (who: string): Mail => ({ who, status: '5.1.1', code: '550', text: 'User unknown' });
const contacts = ['ann', 'bob', 'cy', 'dee', 'eve'].map((n, i) => ({ id: i + 1, email: `${n}@far.test` }));

describe('bouncesync review: a burst held by the burst rule', () => {
  // Three identical failures (policy.burst 3) are held as a block; dee's differs and flags.
  const w = cliWorkspace('review-burst', contacts, { mails: [userUnknown('ann'), userUnknown('bob'), userUnknown('cy'),
    { who: 'dee', status: '5.1.1', code: '550', text: 'Mailbox unavailable' }], policy: '{ match: address, burst: 3 }' });
  const table = () => w.crm('contacts').orderBy('id').select('id', 'email_bounced', 'bounce_reason');
  const snapshot = async () => [await table(), await w.ledger('events').orderBy('id'), await w.ledger('changes').orderBy('id'), await w.ledger('runs').orderBy('id')];
  let group = '';
  let flagged: unknown;

  it('lists the burst as one group with a count, its id, reason, a diagnostic and sample addresses', async () => {
    const ran = await cli(runCommand, '--once', '--config', w.file);
    expect(ran.out).toMatch(/rows changed 1 .*\nheld for review by the burst rule 3 \(approve or dismiss: bouncesync review\)\n/);
    flagged = await table();
    expect(flagged).toEqual([
      { id: 1, email_bounced: 0, bounce_reason: null }, { id: 2, email_bounced: 0, bounce_reason: null }, { id: 3, email_bounced: 0, bounce_reason: null },
      { id: 4, email_bounced: 1, bounce_reason: 'userunknown' }, { id: 5, email_bounced: 0, bounce_reason: null },
    ]);

    const listed = await cli(reviewCommand, '--config', w.file);
    expect(listed.code).toBe(0);
    group = /^group ([0-9a-f]{8})  3 events  burst of 3\+ identical failures/.exec(listed.out)?.[1] as string;
    expect(group).toMatch(/^[0-9a-f]{8}$/);
    expect(listed.out).toContain('  reason userunknown  status 5.1.1  can be approved\n');
    expect(listed.out).toMatch(/  diagnostic: .*550 5\.1\.1 User unknown/);
    expect(listed.out).toMatch(/  #\d+ ann@far\.test  #\d+ bob@far\.test  #\d+ cy@far\.test\n/);
    expect(listed.out).toMatch(/^held for review 3 in 1 group; can be approved 3\./m);

    const json = (await cli(reviewCommand, '--config', w.file, '--json')).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ group, count: 3, burst: true, reason: 'userunknown', status: '5.1.1', approvable: 3, refused: null });
    expect(json[0].events.map((e: { address: string; rowKey: string }) => [e.address, e.rowKey])).toEqual([['ann@far.test', '1'], ['bob@far.test', '2'], ['cy@far.test', '3']]);
    // The id is the group's, not a position: the same on every listing.
    expect((await cli(reviewCommand, '--config', w.file)).out).toContain(`group ${group}  3 events`);
  });

  it('an unknown group or event id: exit 2, a coded message with the fix, nothing changed', async () => {
    const before = await snapshot();
    const g = await cliAll(reviewCommand, '--config', w.file, '--approve', 'deadbeef');
    expect([g.code, g.out]).toEqual([2, '']);
    expect(g.err).toMatch(/^bouncesync review: REVIEW_UNKNOWN_GROUP: no group "deadbeef" is held for review\. .*`bouncesync review`/);
    const e = await cliAll(reviewCommand, '--config', w.file, '--dismiss-event', '9999');
    expect([e.code, e.err]).toEqual([2, expect.stringMatching(/^bouncesync review: REVIEW_UNKNOWN_EVENT: there is no event "9999"/)]);
    expect(await snapshot()).toEqual(before);
  });

  it('--approve --dry-run shows the values the write-back would change and writes nothing', async () => {
    const before = await snapshot();
    const dry = await cli(reviewCommand, '--config', w.file, '--approve', group, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(new RegExp(`^approve group ${group} \\(dry run: nothing written\\)\n`));
    expect(dry.out).toMatch(/  event #\d+ ann@far\.test → row 1  userunknown 5\.1\.1\n/);
    for (const id of [1, 2, 3]) {
      expect(dry.out).toContain(`  row ${id}: email_bounced 0 → 1\n`);
      expect(dry.out).toContain(`  row ${id}: bounce_reason NULL → "userunknown"\n`);
    }
    expect(dry.out).not.toMatch(/row [45]:/);
    expect(dry.out).toMatch(/events that would be approved 3; values the next write-back would change 6\n$/);
    expect(await snapshot()).toEqual(before);
  });

  it('--approve: the next run flags exactly those rows, events shows who approved, undo of that run restores them', async () => {
    const approved = await cli(reviewCommand, '--config', w.file, '--approve', group);
    expect(approved.out).toMatch(/^approved 3 events \(group [0-9a-f]{8}\): now hard flags pending write-back/);
    // Approving changes the ledger only; the write-back writes.
    expect(await table()).toEqual(flagged);
    expect(await cli(reviewCommand, '--config', w.file)).toEqual({ code: 0, out: 'nothing held for review\n' });
    const events = (await cli(eventsCommand, '--config', w.file)).out;
    expect(events.match(/decision=flag {2}state=pending {2}approved by review at \d{4}-\d\d-\d\dT[^;]*; was held: burst of 3\+/g)).toHaveLength(3);

    // Within the hour of the burst: the burst rule must not hold them again.
    const ran = await cli(runCommand, '--once', '--config', w.file);
    const runId = /^run (\S+)/.exec(ran.out)?.[1] as string;
    expect(ran.out).toMatch(/rows changed 3 /);
    expect(await table()).toEqual([
      { id: 1, email_bounced: 1, bounce_reason: 'userunknown' }, { id: 2, email_bounced: 1, bounce_reason: 'userunknown' }, { id: 3, email_bounced: 1, bounce_reason: 'userunknown' },
      { id: 4, email_bounced: 1, bounce_reason: 'userunknown' }, { id: 5, email_bounced: 0, bounce_reason: null },
    ]);
    expect((await cli(eventsCommand, '--config', w.file)).out.match(new RegExp(`state=written@${runId}  approved by review at`, 'g'))).toHaveLength(3);

    const undone = await cli(undoCommand, '--config', w.file, '--run', runId);
    expect(undone.out).toMatch(/rows restored 3 /);
    expect(await table()).toEqual(flagged);
  });
});

describe('bouncesync review: held by policy.match signed, a bad token, a soft failure', () => {
  // cy's bounce carries a token no secret can check (bad token: held, no row). The pipeline looks
  // rows up by address only under policy.match address, so decide's "matched by address only;
  // policy.match is signed" comes from no run today: those two events (ann hard, bob soft) are
  // what decide gives for such a match, recorded in the real ledger.
  const w = cliWorkspace('review-signed', contacts, { mails: [{ ...userUnknown('cy'), to: 'bounces+a1forgedforgedforgedz@crm.test' }], policy: '{ match: signed }' });
  const held = async () => (await cli(reviewCommand, '--config', w.file, '--json')).out.trim().split('\n').map((l) => JSON.parse(l));
  const ledgerNow = async () => [await w.ledger('events').orderBy('id'), await w.ledger('changes').orderBy('id')];

  beforeAll(async () => {
    expect((await cli(runCommand, '--once', '--config', w.file)).out).toMatch(/review 1 /);
    const policy = parseConfig({ database: { client: 'sqlite', connection: {} }, recipients: { table: 't', key: 'id', email: 'e' }, flags: { hard: { column: 'f', value: 1 } } }).policy;
    const ledger = await Ledger.openSqlite(join(w.dir, 'ledger.sqlite'));
    try {
      const runId = await ledger.startRun();
      const at = new Date();
      await ledger.record(runId, ([['ann', 1, 'userunknown', '5.1.1'], ['bob', 2, 'mailboxfull', '4.2.2']] as const).map(([who, row, reason, status]) => {
        const d = decide({ kind: 'bounce', verdict: { reason, action: 'failed' }, match: { by: 'address', strength: 'weak', rowKey: String(row), note: null }, softDaysBefore: [], day: at.toISOString().slice(0, 10) }, policy, { optOut: false });
        expect(d.decision).toBe('review');
        return { eventKey: `signed:${who}`, source: 'test', sourceId: who, receivedAt: at, kind: 'bounce', address: `${who}@far.test`, rowKey: String(row), matchBy: 'address', matchStrength: 'weak',
          matchNote: null, reason, status, replyCode: '550', diagnostic: `550 ${status} no`, rule: null, decodedBy: 'test', decision: d.decision, why: d.why, softCounted: d.softCounted, softCount: d.softCount, fingerprint: null };
      }));
    } finally { await ledger.close(); }
  });

  it('groups by why they are held, and says which groups cannot be approved and why', async () => {
    const groups = await held();
    expect(groups.map((g) => [g.count, g.held, g.reason, g.approvable]).sort()).toEqual([
      [1, expect.stringMatching(/^bad token \(token present but send\.secret is not configured\)/), 'userunknown', 0],
      [1, 'matched by address only; policy.match is signed', 'mailboxfull', 0],
      [1, 'matched by address only; policy.match is signed', 'userunknown', 1],
    ].sort());
    const text = (await cli(reviewCommand, '--config', w.file)).out;
    expect(text).toContain('cannot be approved: carries a token that does not verify: it may be forged, and never flags\n');
    expect(text).toContain('cannot be approved: failed with mailboxfull, which is not in policy.hard: it says nothing certain about the address\n');
  });

  it('approving a soft failure or a bad-token event is refused (exit 2, named why) and changes nothing', async () => {
    const groups = await held();
    const soft = groups.find((g) => g.reason === 'mailboxfull');
    const forged = groups.find((g) => /^bad token/.test(g.held));
    const hard = groups.find((g) => g.approvable === 1);
    const before = await ledgerNow();
    const a = await cliAll(reviewCommand, '--config', w.file, '--approve', soft.group);
    expect([a.code, a.out]).toEqual([2, '']);
    expect(a.err).toMatch(/^bouncesync review: REVIEW_REFUSED: cannot approve group [0-9a-f]{8}: event \d+ failed with mailboxfull, which is not in policy\.hard.*Nothing was approved\./);
    const b = await cliAll(reviewCommand, '--config', w.file, '--approve-event', String(forged.events[0].id));
    expect([b.code, b.err]).toEqual([2, expect.stringMatching(/REVIEW_REFUSED: .*does not verify: it may be forged, and never flags/)]);
    // All or nothing: a refused event among approvable ones approves none.
    const c = await cliAll(reviewCommand, '--config', w.file, '--approve', hard.group, '--approve-event', String(soft.events[0].id));
    expect([c.code, c.err]).toEqual([2, expect.stringMatching(/REVIEW_REFUSED/)]);
    expect(await ledgerNow()).toEqual(before);
  });

  it('an event with no row is refused (the rule, on a held event as the ledger keeps it)', () => {
    const e = { id: 7, decision: 'review', state: 'none', matchBy: 'message-id', rowKey: null, kind: 'bounce', reason: 'userunknown' } as const;
    expect(refusal(e, { hard: ['userunknown'] })).toBe('event 7 matched no row: there is nothing to flag');
    expect(refusal({ ...e, rowKey: '7', matchBy: 'address' }, { hard: ['userunknown'] })).toBeNull();
  });

  it('--dismiss: the group is no longer listed, its events are ignored with a note, and no run flags them', async () => {
    const before = await w.crm('contacts').orderBy('id');
    const hard = (await held()).find((g) => g.approvable === 1);
    const dry = await cli(reviewCommand, '--config', w.file, '--dismiss', hard.group, '--dry-run');
    expect(dry.out).toMatch(/events that would be dismissed 1\n$/);
    expect((await held()).map((g) => g.group)).toContain(hard.group);

    expect((await cli(reviewCommand, '--config', w.file, '--dismiss', hard.group)).out).toMatch(/^dismissed 1 event /);
    const after = await held();
    expect(after.map((g) => g.group)).not.toContain(hard.group);
    expect(after).toHaveLength(2);
    const events = (await cli(eventsCommand, '--config', w.file, '--address', 'ann@far.test')).out;
    expect(events).toMatch(/decision=ignore {2}state=none {2}dismissed by review at [^;]*; was held: matched by address only/);
    expect((await cli(runCommand, '--once', '--config', w.file)).out).toMatch(/rows changed 0 /);
    expect(await w.crm('contacts').orderBy('id')).toEqual(before);
    // Dismissed is final: approving it now is refused as not held.
    const again = await cliAll(reviewCommand, '--config', w.file, '--approve-event', String(hard.events[0].id));
    expect([again.code, again.err]).toEqual([2, expect.stringMatching(/is not held for review \(decision ignore, state none\)/)]);
  });
});
