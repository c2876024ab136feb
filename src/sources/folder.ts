import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Source } from '../core/ports.js';
import type { Outcome, Returned } from '../core/types.js';

// A folder of .eml files, or a Maildir (new/ and cur/). Files stay where they are until ack(),
// which the pipeline calls only after the ledger commit; then they move to processed/,
// unrecognised/ or quarantine/ beside them. Nothing is deleted.

const FOLDERS: Record<Outcome, string> = { processed: 'processed', unrecognised: 'unrecognised', quarantined: 'quarantine' };
const SKIP = new Set(['tmp', ...Object.values(FOLDERS)]);

export class FolderSource implements Source {
  readonly name: string;
  constructor(private readonly dir: string, name?: string) {
    this.name = name ?? `folder:${basename(dir)}`;
  }

  async *pull(signal: AbortSignal): AsyncIterable<Returned> {
    const maildir = existsSync(join(this.dir, 'cur')) || existsSync(join(this.dir, 'new'));
    const places = maildir ? [join(this.dir, 'new'), join(this.dir, 'cur')] : [this.dir];
    for (const place of places) {
      const entries = await readdir(place, { withFileTypes: true }).catch(() => []);
      const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && !SKIP.has(e.name)).map((e) => e.name).sort();
      for (const name of files) {
        if (signal.aborted) return;
        const path = join(place, name);
        const [raw, info] = await Promise.all([readFile(path), stat(path)]);
        yield { id: relative(this.dir, path), source: this.name, raw, receivedAt: info.mtime };
      }
    }
  }

  async ack(id: string, outcome: Outcome): Promise<void> {
    const from = join(this.dir, id);
    const folder = join(this.dir, FOLDERS[outcome]);
    await mkdir(folder, { recursive: true });
    let to = join(folder, basename(id));
    for (let n = 1; existsSync(to); n++) to = join(folder, `${basename(id)}.${n}`);
    await rename(from, to);
  }

  async close(): Promise<void> {}
}
