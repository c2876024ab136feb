import { describe, expect, it } from 'vitest';
import { makeToken, verifyToken } from '../../src/match/token.js';

describe('tracking token', () => {
  it('round-trips and stays a short lower-case local part', () => {
    for (const id of [0, 1, 42, 123_456_789, Number.MAX_SAFE_INTEGER]) {
      const t = makeToken('s3cret', id);
      expect(t).toMatch(/^[a-z0-9]+$/);
      expect(`bounces+${t}`.length).toBeLessThan(64);
      expect(verifyToken('s3cret', t)).toEqual({ ok: true, sendId: id });
      expect(verifyToken('s3cret', t.toUpperCase())).toEqual({ ok: true, sendId: id });
    }
  });

  it('rejects a token signed with another secret, a changed id, or junk', () => {
    const t = makeToken('s3cret', 77);
    expect(verifyToken('other', t)).toEqual({ ok: false, why: 'bad-signature' });
    const forged = 'a' + (78).toString(36) + t.slice(-16);
    expect(verifyToken('s3cret', forged)).toEqual({ ok: false, why: 'bad-signature' });
    expect(verifyToken('s3cret', 'hello')).toEqual({ ok: false, why: 'malformed' });
    expect(verifyToken('s3cret', '')).toEqual({ ok: false, why: 'malformed' });
  });
});
