import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { BounceError, oneLine } from '../core/errors.js';
import type { Source } from '../core/ports.js';
import type { Outcome, Returned } from '../core/types.js';

// A folder of .eml files, or a Maildir (new/ and cur/). Files stay where they are until ack(),
// which the pipeline calls only after the ledger commit; then they move to processed/,
// unrecognised/ or quarantine/ beside them. Nothing is deleted.

const FOLDERS: Record<Outcome, string> = { processed: 'processed', unrecognised: 'unrecognised', quarantined: 'quarantine' };
const SKIP = new Set(['tmp', ...Object.values(FOLDERS)]);

export class FolderSource implements Source {
  readonly name: string;
  /** key: where the config names the folder (sources[N].folder), for the errors. */
  constructor(private readonly dir: string, private readonly key = 'sources[].folder') {
    this.name = `folder:${basename(dir)}`;
  }

  async *pull(signal: AbortSignal): AsyncIterable<Returned> {
    for await (const path of this.files()) {
      if (signal.aborted) return;
      const id = relative(this.dir, path);
      // One file that cannot be read fails alone (the pipeline counts its attempts and, after
      // agent.maxAttempts, quarantines it); the others are read. One moved away meanwhile is gone.
      const read = await Promise.all([readFile(path), stat(path)]).catch((e: NodeJS.ErrnoException) => e);
      if (read instanceof Error) {
        if (read.code !== 'ENOENT') yield { id, source: this.name, raw: Buffer.alloc(0), unreadable: this.unreadable(path, read) };
        continue;
      }
      const [raw, info] = read;
      yield { id, source: this.name, raw, receivedAt: info.mtime };
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

  /** For `check`: the folder is there and can be listed; how many messages wait in it (none is read). */
  async check(): Promise<string> {
    let n = 0;
    for await (const _ of this.files()) n++;
    return `${this.dir} (${this.key}): ${n} message${n === 1 ? '' : 's'} waiting`;
  }

  async close(): Promise<void> {}

  /** The messages' paths in reading order; throws when the folder itself is missing or cannot be listed. */
  private async *files(): AsyncGenerator<string> {
    await this.exists();
    const maildir = existsSync(join(this.dir, 'cur')) || existsSync(join(this.dir, 'new'));
    for (const place of maildir ? [join(this.dir, 'new'), join(this.dir, 'cur')] : [this.dir]) {
      const entries = await readdir(place, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (maildir && e.code === 'ENOENT') return []; // a Maildir with cur/ but no new/ (or the other way)
        throw this.cannotList(e);
      });
      const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && !SKIP.has(e.name)).map((e) => e.name).sort();
      for (const name of names) yield join(place, name);
    }
  }

  /** A folder that is not there (a typo, a mount not yet up) is an error, never "no mail". */
  private async exists(): Promise<void> {
    const info = await stat(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
      throw this.cannotList(e);
    });
    if (info?.isDirectory()) return;
    throw new BounceError('SOURCE_NOT_FOUND', `the folder ${this.dir} (${this.key}) ${info ? 'is a file, not a folder' : 'does not exist'}.`, {
      fix: `Correct ${this.key} in the config, or create the folder (or mount it) where returned mail is delivered; the agent keeps trying.`,
    });
  }

  private cannotList(e: NodeJS.ErrnoException): BounceError {
    return new BounceError('SOURCE_UNREADABLE', `the folder ${this.dir} (${this.key}) cannot be read: ${oneLine(e)}.`, {
      fix: 'Let the account the agent runs as read and enter the folder (and write it: messages are moved out of it).',
    });
  }

  private unreadable(path: string, e: NodeJS.ErrnoException): BounceError {
    return new BounceError('SOURCE_UNREADABLE', `the file ${path} cannot be read: ${oneLine(e)}.`, {
      fix: 'Let the account the agent runs as read it; until then it is tried again each pass, and moved to quarantine/ after agent.maxAttempts.',
    });
  }
}
