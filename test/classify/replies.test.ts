// Every documented reply of every receiving system, as the diagnostic of a DSN that names the
// system's host, decodes to the reason and hard flag its documentation gives
// (src/classify/replies/), but for the few listed in disagree.ts, which decode as listed there.
import { describe, expect, test } from 'vitest';
import { REPLIES } from '../../src/classify/replies/index.js';
import { DISAGREEMENTS } from '../../src/classify/replies/disagree.js';
import { decodeReplies } from '../../src/decode/score-replies.js';

const outcomes = decodeReplies(REPLIES);
const show = (o: (typeof outcomes)[number]) => `${o.reply.system}: ${o.reply.text} → want ${o.reply.reason}${o.reply.hard ? ' (hard)' : ''}, got ${o.reason}${o.hard ? ' (hard)' : ''} by ${o.rule}`;
const listed = (o: (typeof outcomes)[number]) => DISAGREEMENTS.find((d) => d.system === o.reply.system && d.text === o.reply.text);

describe('documented replies through the decoder', () => {
  test('the table holds at least 400 replies', () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(400);
  });

  test('no reply that leaves the address alive is decoded as a dead address', () => {
    expect(outcomes.filter((o) => o.hard && !o.reply.hard).map(show)).toEqual([]);
  });

  test('every reply that says the address is dead is decoded as dead', () => {
    expect(outcomes.filter((o) => !o.hard && o.reply.hard).map(show)).toEqual([]);
  });

  test('every reply decodes to its documented reason, but the few listed with the reason they differ', () => {
    expect(outcomes.filter((o) => !listed(o) && o.reason !== o.reply.reason).map(show)).toEqual([]);
    expect(outcomes.filter((o) => listed(o) && o.reason !== listed(o)!.decoded).map(show)).toEqual([]);
  });

  test('the list of disagreements names replies of the table, none hard, and stays short', () => {
    for (const d of DISAGREEMENTS) {
      const reply = REPLIES.find((r) => r.system === d.system && r.text === d.text);
      expect(reply, d.text).toBeDefined();
      expect(reply!.hard, d.text).toBe(false);
      expect(d.decoded, d.text).not.toBe(reply!.reason);
    }
    expect(DISAGREEMENTS.length).toBeLessThanOrEqual(REPLIES.length / 50);
  });
});
