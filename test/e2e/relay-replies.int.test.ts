// Documented replies through the real Postfix and Exim: the scripted remote answers each reply on
// the wire, each relay writes its own DSN, and the DSN carries that reply back to the sender; the
// relays' own failures (unknown local user, refusals until the message expires, DNS answers for
// the domain) come back too. Both relays run side by side, all messages in one batch each.
//
// The relays deliver to 127.0.0.1, so their DSNs name no receiving system: a reply whose meaning
// is its system's own (known by the system's host, src/decode/rhost/) decodes as any server's
// would. Each relay's DSN must decode exactly as a DSN naming no system does, and that must be the
// documented reason and hard flag for every reply but those (listed by comparing the two DSNs) and
// the few listed in src/classify/replies/disagree.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPLIES, type SystemReply } from '../../src/classify/replies/index.js';
import { DISAGREEMENTS } from '../../src/classify/replies/disagree.js';
import { ANY_HOST, decodeReplies } from '../../src/decode/score-replies.js';
import { namespaceMissing } from '../helpers/servers/dns.js';
import { relayOwnFailures, type OwnResult } from '../helpers/servers/relay-own.js';
import { relayCases, relayReplies, wireReply, type RelayResult } from '../helpers/servers/relay-replies.js';
import { relays, type RelayName } from '../helpers/servers/relays.js';

const names = Object.keys(relays) as RelayName[];
const why = names.map((n) => relays[n].missing()).find(Boolean) ?? namespaceMissing();
if (why && process.env.CI === 'true') throw new Error(`relay reply tests: ${why}`);
if (why) console.warn(`skipping relay reply tests: ${why}`);

const cases = relayCases(REPLIES);
// Per reply: what a DSN naming no system gives, and what one naming the system's host gives.
const sent = [...new Set(cases.map((c) => c.reply))];
const key = (r: SystemReply) => `${r.system}\n${r.text}`;
const anyHost = new Map(decodeReplies(sent, { host: ANY_HOST }).map((o) => [key(o.reply), o]));
const ownHost = new Map(decodeReplies(sent).map((o) => [key(o.reply), o]));
const byHost = (r: SystemReply) => anyHost.get(key(r))!.reason !== ownHost.get(key(r))!.reason;
const listed = (r: SystemReply) => DISAGREEMENTS.some((d) => d.system === r.system && d.text === r.text);
const runs = new Map<RelayName, { replies: RelayResult[]; own: OwnResult[]; log: string }>();
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

(why ? describe.skip : describe)('documented replies through the real relays', () => {
  beforeAll(async () => {
    await Promise.all(names.map(async (n) => {
      const replies = await relayReplies(n, cases);
      const own = await relayOwnFailures(n);
      runs.set(n, { replies: replies.results, own: own.results, log: replies.log + own.log });
    }));
  }, 170_000);
  afterAll(() => runs.clear());

  test('the table gives at least 150 permanent replies to send, at RCPT TO and at the end of DATA', () => {
    expect(new Set(cases.map((c) => c.reply.text)).size).toBeGreaterThanOrEqual(150);
    expect(cases.some((c) => c.stage === 'RCPT')).toBe(true);
    expect(cases.some((c) => c.stage === 'DATA')).toBe(true);
  });

  for (const n of names) {
    test(`${n} returns one DSN per reply, quoting the remote's words`, () => {
      const run = runs.get(n)!;
      const lost = run.replies.filter((r) => r.reason === null).map((r) => `${r.stage} ${r.reply.text}`);
      expect(lost, run.log.slice(-3000)).toEqual([]);
      for (const r of run.replies) expect(words(r.diagnostic ?? ''), r.reply.text).toContain(words(wireReply(r.reply.text)!.text));
    });

    test(`${n} reports its own failures: unknown local user, expiry after 4xx, DNS answers`, () => {
      const run = runs.get(n)!;
      const byWhat = Object.fromEntries(run.own.map((r) => [r.to, r.diagnostic ?? '']));
      expect(run.own.filter((r) => r.got === null).map((r) => r.what), run.log.slice(-3000)).toEqual([]);
      expect(byWhat['nobody@local.test']).toMatch(/unknown user/i);
      expect(byWhat['grey@far.test']).toMatch(/Greylisted/);
      expect(byWhat['rate@far.test']).toMatch(/too much mail/);
      expect(byWhat['user@nxdomain.test']).toMatch(n === 'postfix' ? /name=nxdomain\.test type=\w+: Host not found$/ : /Unrouteable address/);
      expect(byWhat['user@servfail.test']).toMatch(n === 'postfix' ? /Host not found, try again/ : /retry timeout exceeded/);
      expect(byWhat['user@nullmx.test']).toMatch(n === 'postfix' ? /nullMX/ : /no SMTP service/);
    });

    test(`${n}: every reply's DSN decodes as a DSN naming no system does, with the documented hard flag`, () => {
      const show = (r: RelayResult) => `${r.stage} ${r.reply.system}: ${r.reply.text} → got ${r.reason}${r.hard ? ' (hard)' : ''}`;
      const rs = runs.get(n)!.replies;
      expect(rs.filter((r) => r.reason !== anyHost.get(key(r.reply))!.reason || r.hard !== anyHost.get(key(r.reply))!.hard).map(show)).toEqual([]);
      expect(rs.filter((r) => r.hard !== r.reply.hard).map(show)).toEqual([]);
    });

    test(`${n}: every reply's DSN decodes to the documented reason, but its system's own meanings and the listed few; 150 replies at least`, () => {
      const rs = runs.get(n)!.replies;
      const wrong = rs.filter((r) => r.reason !== r.reply.reason && !listed(r.reply) && !byHost(r.reply))
        .map((r) => `${r.stage} ${r.reply.system}: ${r.reply.text} → want ${r.reply.reason}, got ${r.reason}`);
      expect(wrong).toEqual([]);
      const right = new Set(rs.filter((r) => r.reason === r.reply.reason && r.hard === r.reply.hard).map((r) => key(r.reply)));
      expect(right.size).toBeGreaterThanOrEqual(150);
    });

    test(`${n}: its own failures decode right (dead only for an unknown user, NXDOMAIN and null MX)`, () => {
      const wrong = runs.get(n)!.own.filter((r) => r.gotHard !== r.hard || (r.got !== r.reason && !(r.also ?? []).includes(r.got!)))
        .map((r) => `${r.what} → want ${r.reason}${r.hard ? ' (hard)' : ''}, got ${r.got}${r.gotHard ? ' (hard)' : ''}: ${r.diagnostic}`);
      expect(wrong).toEqual([]);
    });
  }
});
