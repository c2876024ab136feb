import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DecodePool, workerCount } from '../../decode/pool.js';
import { DEFAULT_MAX_BYTES } from '../../decode/refused.js';
import type { Decoded } from '../../core/types.js';
import { inputs } from '../decode/inputs.js';
import { decodeInOrder, type DecodeBatch } from '../decode/ordered.js';
import { tuneForBatch } from '../decode/tuning.js';

// Files are read ahead and decoded on worker threads (the agent's pool), several batches at once,
// and printed in the order given. The decoder is loaded on this thread only when there is too
// little to decode to be worth starting threads (one message on standard input, a few files).

/** Stdout that respects back-pressure and stops quietly when the reader goes away (`| head`). */
class Out {
  closed = false;
  constructor(private stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
  }
  async write(s: string): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.stream.write(s)) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
      this.closed = true;
    }
  }
}

const USAGE = 'usage: bouncesync decode [--jsonl] [--max-bytes N] [--workers N] PATH... (PATH: a file, a folder, an mbox, or - for standard input)\n';
const TIMEOUT_MS = 30_000; // one message taking longer is given up as kind "error", as the agent does

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { jsonl: { type: 'boolean' }, 'max-bytes': { type: 'string' }, workers: { type: 'string' } } });
  if (positionals.length === 0) return usage('');
  const maxBytes = values['max-bytes'] !== undefined ? Number(values['max-bytes']) : DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) return usage(`--max-bytes must be a positive whole number of bytes (got "${values['max-bytes']}")`);
  const workers = values.workers !== undefined ? Number(values.workers) : workerCount('auto');
  if (!Number.isSafeInteger(workers) || workers < 0) return usage(`--workers must be 0 (decode without threads) or more (got "${values.workers}")`);
  if (positionals.filter((p) => p === '-').length > 1) return usage('- (standard input) can be given once');
  tuneForBatch();

  let pool: DecodePool | null | undefined;
  const decodeBatch: DecodeBatch = async (raws, alone) => {
    if (pool === undefined && !alone) pool = DecodePool.create({ workers, timeoutMs: TIMEOUT_MS, maxBytes });
    if (pool) return pool.decodeMany(raws);
    const { decode } = await import('../../decode/index.js');
    return raws.map((raw) => decode(raw, { maxBytes }));
  };
  const out = new Out();
  let missing = false;
  const notFound = (path: string) => {
    process.stderr.write(`bouncesync decode: ${path}: no such file or folder\n`);
    missing = true;
  };
  try {
    if (!values.jsonl) await out.write(tableHeader());
    const window = workers + 2; // batches in flight: one in each thread, the next ones waiting
    for await (const batch of decodeInOrder(inputs(positionals, maxBytes, notFound), decodeBatch, window)) {
      if (out.closed) return 0;
      await out.write(batch.map(([name, d]) => (values.jsonl ? jsonLine(name, d) : tableRows(name, d))).join(''));
    }
  } finally {
    await pool?.close();
  }
  return missing ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write((problem ? `bouncesync decode: ${problem}.\n` : '') + USAGE);
  return 2;
}

function jsonLine(file: string, d: Decoded): string {
  const recipients = d.recipients.map((r) => ({
    address: r.address, status: r.status ?? '', replyCode: r.replyCode ?? '', reason: r.reason, hard: r.hard,
    action: r.action, diagnostic: r.diagnostic ?? '', decodedBy: r.decodedBy, rule: r.rule,
    ...(r.feedbackType ? { feedbackType: r.feedbackType } : {}),
  }));
  return JSON.stringify({ file, kind: d.kind, recipients, messageId: d.messageId, originalMessageId: d.originalMessageId, token: d.token, ...(d.recipientsFound ? { recipientsFound: d.recipientsFound } : {}), ...(d.error ? { error: d.error } : {}) }) + '\n';
}

// The table: one row per recipient, fixed columns so a stream of files lines up.
const COLUMNS: Array<[string, number]> = [['FILE', 32], ['KIND', 10], ['RECIPIENT', 34], ['STATUS', 8], ['REPLY', 5], ['REASON', 15], ['HARD', 4], ['DECODER', 0]];

function row(cells: string[]): string {
  return cells.map((c, i) => (COLUMNS[i][1] ? fit(c, COLUMNS[i][1]) : c)).join('  ').trimEnd() + '\n';
}

/** Pad to the width; cut the middle of a longer value so both ends stay readable. */
function fit(s: string, width: number): string {
  if (s.length <= width) return s.padEnd(width);
  const keep = width - 1;
  return s.slice(0, Math.ceil(keep / 2)) + '…' + s.slice(s.length - Math.floor(keep / 2));
}

function tableHeader(): string {
  return row(COLUMNS.map(([name]) => name));
}

function tableRows(file: string, d: Decoded): string {
  if (d.recipients.length === 0) return row([file, d.kind, '-', '', '', '', '', d.error ?? '']);
  return d.recipients
    .map((r, i) => row([i === 0 ? file : '', i === 0 ? d.kind : '', r.address || '-', r.status ?? '-', r.replyCode ?? '-', r.reason, r.hard ? 'HARD' : '-', r.decodedBy]))
    .join('');
}
