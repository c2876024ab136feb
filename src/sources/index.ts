import type { Config } from '../config/schema.js';
import { BounceError, isBounceError, oneLine } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { Source } from '../core/ports.js';
import type { DecodeAhead } from './imap.js';
import { Checkpoints, type KeyValue } from '../ledger/checkpoints.js';
import { FolderSource } from './folder.js';
import { ImapSource } from './imap.js';

/**
 * What sources need from the agent: the ledger (for IMAP checkpoints; null in a dry run), a logger,
 * and optionally the decoder, for a source that reads ahead to start decoding what it has read.
 */
export interface SourceDeps { ledger: KeyValue | null; log?: Logger; decodeAhead?: DecodeAhead }

/** The sources named in config, one per entry. */
export async function sourcesFromConfig(config: Readonly<Config>, deps?: SourceDeps): Promise<Source[]> {
  const out: Source[] = [];
  for (const [i, s] of config.sources.entries()) {
    if ('folder' in s) out.push(new FolderSource(s.folder, `sources[${i}].folder`));
    else if ('imap' in s) {
      if (!deps) throw new Error('sourcesFromConfig: an IMAP source needs the ledger for its checkpoints');
      const checkpoints = deps.ledger ? new Checkpoints(deps.ledger) : Checkpoints.memory();
      out.push(new ImapSource(s.imap, { checkpoints, log: deps.log ?? silentLogger, decodeAhead: deps.decodeAhead }));
    }
  }
  const seen = new Set<string>();
  for (const src of out) {
    if (seen.has(src.name)) {
      throw new BounceError('CONFIG_SOURCE_NAME', `two sources are both named "${src.name}".`, { fix: 'Give each imap source its own `name:` (checkpoints, logs and metrics are kept under it).' });
    }
    seen.add(src.name);
  }
  return out;
}

/**
 * `bouncesync check`: each source reached without changing anything, one line each; a failing one
 * says its code and fix, and the others are still checked.
 */
export async function checkSources(sources: Source[]): Promise<{ lines: string[]; ok: boolean }> {
  const lines: string[] = [];
  let ok = true;
  for (const s of sources) {
    try {
      lines.push(`source ${s.name}: ${s.check ? await s.check() : 'read when the agent runs'}`);
    } catch (e) {
      ok = false;
      lines.push(`source ${s.name}: ${isBounceError(e) ? `${e.code}: ` : ''}${oneLine(e)}`);
    } finally {
      await s.close().catch(() => undefined);
    }
  }
  return { lines, ok };
}
