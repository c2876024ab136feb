import type { Config } from '../config/schema.js';
import type { Source } from '../core/ports.js';
import { FolderSource } from './folder.js';

/** The sources named in config, one per entry. The IMAP source adds its line here. */
export async function sourcesFromConfig(config: Readonly<Config>): Promise<Source[]> {
  const out: Source[] = [];
  for (const s of config.sources) {
    if ('folder' in s) out.push(new FolderSource(s.folder));
  }
  return out;
}
