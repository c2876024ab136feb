import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { decide, fingerprint, type DecideInput } from '../../src/policy/decide.js';
import { match, matchMany, noSends } from '../../src/match/index.js';
import { makeToken } from '../../src/match/token.js';
import { memorySends, SECRET, verdict } from '../helpers/agent.js';

const policy = parseConfig({
  database: { client: 'sqlite', connection: { filename: 'x' } }, recipients: { table: 't', key: 'id', email: 'e' },
  flags: { hard: { column: 'f' } }, policy: { soft: { flagAfter: 3, withinDays: 10 } },
}).policy;
const strong = { by: 'token' as const, strength: 'strong' as const, rowKey: 1, note: null };
const input = (more: Partial<DecideInput>): DecideInput => ({ kind: 'bounce', verdict: verdict('a@x.test', 'userunknown'), match: strong, softDaysBefore: [], day: '2026-12-01', ...more });

describe('decide (pure): one row per rule', () => {
  const table: [string, Partial<DecideInput>, boolean, string][] = [
    ['hard reason, strong match', {}, false, 'flag'],
    ['hard reason, address only, policy signed', { match: { by: 'address', strength: 'weak', rowKey: 1, note: null } }, false, 'review'],
    ['hard reason, no row', { match: { by: 'none', strength: 'none', rowKey: null, note: null } }, false, 'unmatched'],
    ['bad token', { match: { by: 'bad-token', strength: 'none', rowKey: null, note: 'token bad-signature' } }, false, 'review'],
    ['recipient differs from the send', { match: { by: 'token', strength: 'none', rowKey: null, note: 'failed recipient differs' } }, false, 'review'],
    ['block (5.7.1) says nothing about the address', { verdict: verdict('a@x.test', 'blocked') }, false, 'ignore'],
    ['delay', { kind: 'delay', verdict: verdict('a@x.test', 'mailboxfull', { action: 'delayed' }) }, false, 'ignore'],
    ['auto-reply', { kind: 'autoreply', verdict: verdict('a@x.test', 'vacation', { action: 'delivered' }) }, false, 'ignore'],
    ['complaint without an opt-out column', { kind: 'feedback', verdict: verdict('a@x.test', 'feedback', { action: 'delivered' }) }, false, 'ignore'],
    ['complaint with an opt-out column', { kind: 'feedback', verdict: verdict('a@x.test', 'feedback', { action: 'delivered' }) }, true, 'optout'],
    ['undecodable message', { kind: 'error', verdict: null }, false, 'error'],
    ['soft, first day', { verdict: verdict('a@x.test', 'mailboxfull') }, false, 'soft'],
    ['soft, same day again', { verdict: verdict('a@x.test', 'mailboxfull'), softDaysBefore: ['2026-12-01'] }, false, 'soft'],
    ['soft, third day', { verdict: verdict('a@x.test', 'mailboxfull'), softDaysBefore: ['2026-11-28', '2026-11-30'] }, false, 'flag'],
  ];
  for (const [name, more, optOut, want] of table) {
    it(name, () => expect(decide(input(more), policy, { optOut }).decision).toBe(want));
  }

  it('unmatched says what happened: under signed no row was looked up; under address none was found', () => {
    const none = { match: { by: 'none' as const, strength: 'none' as const, rowKey: null, note: null } };
    const byAddress = { ...policy, match: 'address' as const };
    expect(decide(input(none), policy, { optOut: false }).why).toBe('no valid token and no Message-ID of a send of ours (policy.match is signed: rows are not looked up by address)');
    expect(decide(input(none), byAddress, { optOut: false }).why).toBe('no token or send of ours, and no row with this address');
    const complaint = { ...none, kind: 'feedback' as const, verdict: verdict('a@x.test', 'feedback', { action: 'delivered' }) };
    expect(decide(input(complaint), policy, { optOut: true }).why).toMatch(/^complaint; no valid token .*rows are not looked up by address/);
  });

  it('counts days, not bounces', () => {
    const d = decide(input({ verdict: verdict('a@x.test', 'mailboxfull'), softDaysBefore: ['2026-12-01'] }), policy, { optOut: false });
    expect([d.softCounted, d.softCount]).toEqual([true, 1]);
  });

  it('fingerprints ignore addresses and numbers, so one block to many recipients looks the same', () => {
    const a = fingerprint(verdict('a@x.test', 'userunknown', { diagnostic: '550 5.1.1 <a@x.test> rejected 1234', remoteMta: 'mx.x' }));
    const b = fingerprint(verdict('b@x.test', 'userunknown', { diagnostic: '550 5.1.1 <b@x.test> rejected 9876', remoteMta: 'mx.x' }));
    expect(a).toBe(b);
    expect(fingerprint(verdict('b@x.test', 'userunknown', { diagnostic: 'other words' }))).not.toBe(a);
  });
});

describe('match', () => {
  const sends = memorySends([{ id: 5, campaign: 'c', rowKey: '42', address: 'Ann@X.test', messageId: '<m5@us>' }]);
  const deps = { sends, rows: null, secret: SECRET };

  it('a valid token finds the send and its row (strong)', async () => {
    expect(await match({ token: makeToken(SECRET, 5), originalMessageId: null }, { address: 'ann@x.test' }, deps)).toMatchObject({ by: 'token', strength: 'strong', rowKey: '42' });
  });
  it('a token signed with another secret is recorded as bad, and no fallback to Message-ID or address', async () => {
    const m = await match({ token: makeToken('another-secret-entirely', 5), originalMessageId: '<m5@us>' }, { address: 'ann@x.test' }, { ...deps, rows: { byAddresses: async (a: string[]) => new Map(a.map((x) => [x, 42])) } });
    expect(m).toMatchObject({ by: 'bad-token', rowKey: null, note: 'token bad-signature' });
  });
  it('Message-ID of our send (strong)', async () => {
    expect(await match({ token: null, originalMessageId: '<m5@us>' }, { address: 'ANN@x.test ' }, deps)).toMatchObject({ by: 'message-id', strength: 'strong', rowKey: '42' });
  });
  it('a bounce for another address than the one we sent to matches no row', async () => {
    expect(await match({ token: makeToken(SECRET, 5), originalMessageId: null }, { address: 'forwarded@y.test' }, deps)).toMatchObject({ strength: 'none', rowKey: null });
  });
  it('the address alone only when allowed and only when the row exists (weak)', async () => {
    const rows = { byAddresses: async (a: string[]) => new Map(a.filter((x) => x === 'bob@x.test').map((x) => [x, 7])) };
    expect(await match({ token: null, originalMessageId: null }, { address: 'bob@x.test' }, { ...deps, rows })).toMatchObject({ by: 'address', strength: 'weak', rowKey: 7 });
    expect(await match({ token: null, originalMessageId: null }, { address: 'zed@x.test' }, { ...deps, rows })).toMatchObject({ by: 'none', rowKey: null });
    expect(await match({ token: null, originalMessageId: null }, { address: 'bob@x.test' }, deps)).toMatchObject({ by: 'none' });
  });
  it('a batch looks all its addresses up in one call, and the strong ones not at all', async () => {
    const calls: [string[], string[] | undefined][] = [];
    const rows = { byAddresses: async (a: string[], spellings?: string[]) => { calls.push([a, spellings]); return new Map(a.filter((x) => x !== 'zed@x.test').map((x, i) => [x, i + 10])); } };
    const ms = await matchMany([
      { decoded: { token: null, originalMessageId: null }, verdict: { address: 'Bob@x.test' } },
      { decoded: { token: makeToken(SECRET, 5), originalMessageId: null }, verdict: { address: 'ann@x.test' } },
      { decoded: { token: null, originalMessageId: null }, verdict: { address: 'zed@x.test' } },
      { decoded: { token: null, originalMessageId: null }, verdict: { address: 'bob@x.test' } },
    ], { ...deps, rows });
    // The spelling the bounce gave goes along: a case-sensitive column's index can find it as stored.
    expect(calls).toEqual([[['bob@x.test', 'zed@x.test'], ['Bob@x.test']]]);
    expect(ms.map((m) => [m.by, m.rowKey])).toEqual([['address', 10], ['token', '42'], ['none', null], ['address', 10]]);
  });
  it('before anything was sent, the empty lookup finds nothing', async () => {
    expect(await match({ token: makeToken(SECRET, 5), originalMessageId: '<m5@us>' }, { address: 'ann@x.test' }, { ...deps, sends: noSends })).toMatchObject({ by: 'none' });
  });
});
