import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { decode } from '../../decode/index.js';
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

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { jsonl: { type: 'boolean' }, 'max-bytes': { type: 'string' } } });
  if (positionals.length === 0) {
    process.stderr.write('usage: bouncesync decode [--jsonl] PATH...\n');
    return 2;
  }
  const maxBytes = values['max-bytes'] ? Number(values['max-bytes']) : undefined;
  let missing = false;
  for (const path of positionals) {
    const info = await stat(path).catch(() => null);
    if (!info) {
      process.stderr.write(`bouncesync decode: ${path}: no such file or folder\n`);
      missing = true;
      continue;
    }
    const files = info.isDirectory() ? walk(path) : (async function* () { yield path; })();
    for await (const file of files) {
      const name = info.isDirectory() ? relative(path, file) : path;
      const result = await readFile(file).then((raw) => decode(raw, { maxBytes }), (e: Error): Decoded => ({ kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: e.message }));
      process.stdout.write(values.jsonl ? jsonLine(name, result) : tableRows(name, result));
    }
  }
  return missing ? 1 : 0;
}

function jsonLine(file: string, d: Decoded): string {
  const recipients = d.recipients.map((r) => ({
    address: r.address, status: r.status ?? '', replyCode: r.replyCode ?? '', reason: r.reason, hard: r.hard,
    action: r.action, diagnostic: r.diagnostic ?? '', decodedBy: r.decodedBy, rule: r.rule,
    ...(r.feedbackType ? { feedbackType: r.feedbackType } : {}),
  }));
  return JSON.stringify({ file, kind: d.kind, recipients, messageId: d.messageId, originalMessageId: d.originalMessageId, token: d.token, ...(d.error ? { error: d.error } : {}) }) + '\n';
}

function tableRows(file: string, d: Decoded): string {
  if (d.recipients.length === 0) return `${file}  ${d.kind}${d.error ? `  (${d.error})` : ''}\n`;
  return d.recipients
    .map((r) => [file, d.kind, r.address, r.status ?? '-', r.replyCode ?? '-', r.reason, r.hard ? 'HARD' : 'soft', r.decodedBy].join('  ') + '\n')
    .join('');
}
