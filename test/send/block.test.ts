import { describe, expect, test } from 'vitest';
import { BlockDetector, signatureOf } from '../../src/send/block.js';

describe('sender-block detection', () => {
  test('the signature is the reply code plus the enhanced code', () => {
    expect(signatureOf('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org')).toBe('554 5.7.1');
    expect(signatureOf('550 Rejected', '550')).toBe('550');
  });

  test('N refusals with the same signature inside the window pause; different ones do not add up', () => {
    let now = 0;
    const d = new BlockDetector({ count: 3, seconds: 10 }, () => now);
    expect(d.refused(1, '554 5.7.1 blocked')).toBeNull();
    now += 1000;
    expect(d.refused(2, '550 5.7.26 unauthenticated')).toBeNull();
    expect(d.refused(3, '554 5.7.1 blocked')).toBeNull();
    now += 2000;
    expect(d.refused(4, '554 5.7.1 blocked')).toEqual({ signature: '554 5.7.1', reply: '554 5.7.1 blocked', ids: [1, 3, 4], seconds: 3 });
  });

  test('refusals spread wider than the window never pause', () => {
    let now = 0;
    const d = new BlockDetector({ count: 3, seconds: 10 }, () => now);
    for (let i = 0; i < 10; i++) {
      expect(d.refused(i, '554 5.7.1 blocked')).toBeNull();
      now += 6000;
    }
  });
});
