import { once } from 'node:events';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { decode, DEFAULT_MAX_BYTES, tooLarge } from '../../decode/index.js';
import type { Decoded } from '../../core/types.js';

/** Every file below a folder, recursively, in sorted order. */
async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

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

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { jsonl: { type: 'boolean' }, 'max-bytes': { type: 'string' } } });
  if (positionals.length === 0) {
    process.stderr.write('usage: bouncesync decode [--jsonl] [--max-bytes N] PATH...\n');
    return 2;
  }
  const maxBytes = values['max-bytes'] !== undefined ? Number(values['max-bytes']) : DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    process.stderr.write(`bouncesync decode: --max-bytes must be a positive whole number of bytes (got "${values['max-bytes']}").\n`);
    return 2;
  }
  const out = new Out();
  let missing = false;
  if (!values.jsonl) await out.write(tableHeader());
  for (const path of positionals) {
    const info = await stat(path).catch(() => null);
    if (!info) {
      process.stderr.write(`bouncesync decode: ${path}: no such file or folder\n`);
      missing = true;
      continue;
    }
    const files = info.isDirectory() ? walk(path) : (async function* () { yield path; })();
    for await (const file of files) {
      if (out.closed) return 0;
      const name = info.isDirectory() ? relative(path, file) : path;
      const result = await decodeFile(file, maxBytes);
      await out.write(values.jsonl ? jsonLine(name, result) : tableRows(name, result));
    }
  }
  return missing ? 1 : 0;
}

/** A file over the limit is refused from its size alone: it is never read into memory. */
async function decodeFile(file: string, maxBytes: number): Promise<Decoded> {
  try {
    const { size } = await stat(file);
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return decode(await readFile(file), { maxBytes });
  } catch (e) {
    return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: `cannot read the file: ${(e as Error).message}` };
  }
}

function jsonLine(file: string, d: Decoded): string {
  const recipients = d.recipients.map((r) => ({
    address: r.address, status: r.status ?? '', replyCode: r.replyCode ?? '', reason: r.reason, hard: r.hard,
    action: r.action, diagnostic: r.diagnostic ?? '', decodedBy: r.decodedBy, rule: r.rule,
    ...(r.feedbackType ? { feedbackType: r.feedbackType } : {}),
  }));
  return JSON.stringify({ file, kind: d.kind, recipients, messageId: d.messageId, originalMessageId: d.originalMessageId, token: d.token, ...(d.error ? { error: d.error } : {}) }) + '\n';
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
