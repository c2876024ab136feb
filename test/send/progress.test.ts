import { describe, expect, test } from 'vitest';
import { progressBar } from '../../src/send/progress.js';
import type { SendSummary } from '../../src/send/sender.js';

const summary = (sent: number): SendSummary => ({ campaign: 'c', seen: 10, skipped: 0, sent, deferred: 1, expired: 0, rejected: 2, flagged: 1, failed: 0, held: 0, interrupted: 0, unknown: 0, resendUnknown: false, elapsedMs: 0 });
const stream = (isTTY: boolean) => { const out = { isTTY, text: '', write(s: string) { out.text += s; return true; } }; return out; };

describe('progress bar', () => {
  test('on a terminal: one redrawn line with a bar, counts and rate', () => {
    const out = stream(true);
    const bar = progressBar(10, out as unknown as NodeJS.WriteStream);
    bar.update(summary(3));
    bar.done();
    expect(out.text).toMatch(/^\r\[#{12}\.{12}\] 5\/10 {2}sent 3 {2}deferred 1 {2}refused 2 {2}flagged 1 {2}\d+\/s \x1b\[K\n$/);
  });
  test('not a terminal (a service, a pipe): nothing', () => {
    const out = stream(false);
    const bar = progressBar(10, out as unknown as NodeJS.WriteStream);
    bar.update(summary(3));
    bar.done();
    expect(out.text).toBe('');
  });
});
