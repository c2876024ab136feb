// Every documented reply of every receiving system, as the diagnostic of a DSN, decodes to the
// reason and hard flag its documentation gives (src/classify/replies/).
import { describe, expect, test } from 'vitest';
import { REPLIES } from '../../src/classify/replies/index.js';
import { decodeReplies } from '../../src/classify/replies/score.js';

const outcomes = decodeReplies(REPLIES);
const show = (o: (typeof outcomes)[number]) => `${o.reply.system}: ${o.reply.text} → want ${o.reply.reason}${o.reply.hard ? ' (hard)' : ''}, got ${o.reason}${o.hard ? ' (hard)' : ''} by ${o.rule}`;

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

  test('every reply decodes to its documented reason', () => {
    expect(outcomes.filter((o) => o.reason !== o.reply.reason).map(show)).toEqual([]);
  });
});
