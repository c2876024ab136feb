// A one-line progress bar on a terminal (stderr), redrawn at most 10 times a second; nothing
// when stderr is not a terminal (a service, a pipe), where the logs and the summary say it all.
import type { SendSummary } from './sender.js';

export function progressBar(total: number | null, out: NodeJS.WriteStream = process.stderr): { update(s: SendSummary): void; done(): void; setTotal(n: number): void } {
  if (!out.isTTY) return { update() {}, done() {}, setTotal() {} };
  let last = 0;
  const started = Date.now();
  const draw = (s: SendSummary) => {
    const doneCount = s.sent + s.rejected + s.failed + s.expired + s.held;
    const rate = doneCount / Math.max(0.001, (Date.now() - started) / 1000);
    const width = 24;
    const bar = total ? '[' + '#'.repeat(Math.min(width, Math.round((doneCount / Math.max(total, 1)) * width))).padEnd(width, '.') + '] ' : '';
    const count = total ? `${doneCount}/${total}` : `${doneCount}`;
    out.write(`\r${bar}${count}  sent ${s.sent}  deferred ${s.deferred}  refused ${s.rejected}  flagged ${s.flagged}  ${rate.toFixed(0)}/s \x1b[K`);
  };
  return {
    update(s) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(s);
    },
    done() { out.write('\n'); },
    setTotal(n) { total = n; },
  };
}
