// The decoder and the classifier import one way: no module of src/decode or src/classify reaches
// itself again through its runtime imports (type-only imports are erased and do not count).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');
const IMPORT = /^(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+'(\.[^']+)'/gm;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function runtimeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)]
    .filter((m) => !m[1])
    .map((m) => normalize(join(dirname(file), m[2].replace(/\.js$/, '.ts'))));
}

/** Every cycle found by a depth-first walk, each as the list of files on it. */
function cycles(files: string[]): string[][] {
  const edges = new Map(files.map((f) => [f, runtimeImports(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const walk = (f: string) => {
    state.set(f, 'open');
    path.push(f);
    for (const to of edges.get(f) ?? []) {
      if (state.get(to) === 'open') found.push(path.slice(path.indexOf(to)).map((p) => relative(src, p)));
      else if (!state.has(to)) walk(to);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) walk(f);
  return found;
}

describe('imports of the decoder and the classifier', () => {
  it('form no cycle', () => {
    const files = [...modules(join(src, 'decode')), ...modules(join(src, 'classify'))];
    expect(files.length).toBeGreaterThan(50);
    expect(cycles(files)).toEqual([]);
  });
});
