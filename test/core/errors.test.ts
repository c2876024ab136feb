import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';

// The compiler checks that every code thrown is listed; this checks the other way round: no code
// is listed that nothing throws (a stale one would appear in docs and scripts for nothing).
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'));
}

describe('error codes', () => {
  it('lists exactly the codes the product throws, each once', () => {
    const thrown = new Set<string>();
    for (const text of [...sources('src'), ...sources('adapters')]) {
      for (const m of text.matchAll(/new BounceError\(\s*'([A-Z_0-9]+)'/g)) thrown.add(m[1]);
    }
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort()).toEqual([...thrown].sort());
  });
});
