// The documented-replies tables as data: every entry well formed, labelled in a way the decoder
// can express, cited; and the train/holdout split stable and about one third held out.
import { describe, expect, test } from 'vitest';
import { HARD_REASONS, REASONS } from '../../src/core/types.js';
import { REPLIES, SYSTEMS, part } from '../../src/classify/replies/index.js';
import { consistent, dsnFor, statusOf } from '../../src/decode/score-replies.js';

describe('documented replies', () => {
  test('every entry has its text, a known reason, a stage from the list, and a source', () => {
    for (const r of REPLIES) {
      expect(r.text.trim(), r.system).toBe(r.text);
      expect(r.text.length, r.text).toBeGreaterThan(3);
      expect(REASONS, r.text).toContain(r.reason);
      if (r.at !== undefined) expect(['CONN', 'EHLO', 'MAIL', 'RCPT', 'DATA'], r.text).toContain(r.at);
      // A URL, or a named file of a named release.
      expect(r.source, r.text).toMatch(/^https:\/\/\S+$|^\S.*\/\S+/);
    }
  });

  test('hard exactly for the reasons that mean a dead address, so the decoder can agree', () => {
    const bad = REPLIES.filter((r) => !consistent(r)).map((r) => `${r.system}: ${r.text}`);
    expect(bad).toEqual([]);
    expect(REPLIES.some((r) => r.hard)).toBe(true);
    expect(REPLIES.filter((r) => r.hard).every((r) => HARD_REASONS.includes(r.reason))).toBe(true);
  });

  test('no system lists the same text twice', () => {
    for (const [system, list] of Object.entries(SYSTEMS)) {
      const texts = list.map((r) => r.text);
      expect(texts.filter((t, i) => texts.indexOf(t) !== i), system).toEqual([]);
    }
  });

  test('the split depends on the text only and holds back about a third', () => {
    const a = REPLIES.map((r) => part(r));
    const b = [...REPLIES].reverse().map((r) => part({ text: r.text })).reverse();
    expect(b).toEqual(a);
    const held = a.filter((p) => p === 'holdout').length / a.length;
    expect(held).toBeGreaterThan(0.25);
    expect(held).toBeLessThan(0.42);
  });

  test('the DSN of a reply carries it whole as the diagnostic, with its status and stage', () => {
    const dsn = dsnFor({ text: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table', at: 'RCPT', reason: 'userunknown', hard: true, source: 'x/y' });
    expect(dsn).toMatch(/^Status: 5\.1\.1\r$/m);
    expect(dsn.replace(/\r\n /g, ' ')).toContain('Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table\r\n');
    expect(dsn.replace(/\r\n /g, ' ')).toContain('(in reply to RCPT TO command)');
    expect(statusOf('452 4.3.1 Insufficient system storage')).toBe('4.3.1');
    expect(statusOf('550 Unknown user')).toBe('5.0.0');
    expect(statusOf('451 Temporary local problem - please try later')).toBe('4.0.0');
    expect(statusOf('Sorry, no mailbox here by that name. (#5.1.1)')).toBe('5.1.1');
  });
});
