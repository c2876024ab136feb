import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The published package depends on exactly what its code loads: what src/ and adapters/ import,
// plus the packages loaded by name at run time (listed here with what loads them).
const LOADED_BY_NAME: Record<string, string> = {
  mysql2: 'knex, for database.client mysql',
  pg: 'knex, for database.client postgres',
  mssql: 'knex, for database.client mssql',
  'pino-pretty': 'pino, as the transport of the log on a terminal',
};

function imported(dir: string): Set<string> {
  const names = new Set<string>();
  for (const f of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!f.isFile() || !f.name.endsWith('.ts')) continue;
    const text = readFileSync(join(f.parentPath, f.name), 'utf8');
    for (const m of text.matchAll(/(?:^import|^export)[^;]*?from '([^.'][^']*)'|import\('([^.'][^']*)'\)/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('node:')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return names;
}

describe('dependencies', () => {
  it('are what src/ and adapters/ load, no more and no fewer', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const loaded = new Set([...imported('src'), ...imported('adapters'), ...Object.keys(LOADED_BY_NAME)]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...loaded].sort());
  });
});
