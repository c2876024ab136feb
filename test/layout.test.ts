// The house has floors: a module imports only from its own folder or from a folder on a lower
// floor, never up and never sideways, so the code reads one way, from the flow down to the types.
// And no module reaches itself again through its runtime imports (a cycle works only by the
// accident of load order). Read from the TypeScript sources: static imports, `export ... from`,
// and dynamic `import()`. Type-only imports are erased at runtime, so they do not make a cycle,
// but they do count for the floors: a type pointing up is still a dependency pointing up.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');

/** Lowest first. A folder may import from folders on lower floors; folders sharing a floor do not import each other. */
const FLOORS: readonly string[][] = [
  ['src/core'],
  ['src/crm'],
  ['src/config', 'adapters'],
  ['src/classify', 'src/match'],
  ['src/decode', 'src/policy'],
  ['src/ledger'],
  ['src/store'],
  ['src/sources', 'src/send'],
  ['src/flow'],
  ['src/runner', 'src/service'],
  ['src/cli'],
];

interface Edge { from: string; to: string; typeOnly: boolean }

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^;'"]*?\bfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);
}

function edges(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const at = (spec: string) => relative(repo, normalize(join(dirname(file), spec.replace(/\.js$/, '.ts'))));
  const from = relative(repo, file);
  return [
    ...[...text.matchAll(STATIC)].map((m) => ({ from, to: at(m[3]), typeOnly: !!m[2] || isTypeOnlyList(m[0]) })),
    ...[...text.matchAll(DYNAMIC)].map((m) => ({ from, to: at(m[1]), typeOnly: false })),
  ];
}

/** `import { type A, type B } from` is erased too. */
function isTypeOnlyList(statement: string): boolean {
  const names = /\{([^}]*)\}/.exec(statement)?.[1];
  if (!names || /\*|^\s*import\s+\w/.test(statement)) return false;
  const list = names.split(',').map((n) => n.trim()).filter(Boolean);
  return list.length > 0 && list.every((n) => n.startsWith('type '));
}

/** The folder a file belongs to, as FLOORS names it: the longest listed prefix. */
function folderOf(file: string): string | undefined {
  const parts = file.split(sep);
  for (let n = parts.length - 1; n > 0; n--) {
    const dir = parts.slice(0, n).join('/');
    if (FLOORS.some((f) => f.includes(dir))) return dir;
  }
  return undefined;
}

const floorOf = (folder: string) => FLOORS.findIndex((f) => f.includes(folder));

/** Every cycle found by a depth-first walk over runtime edges, each as the list of files on it. */
function cycles(files: string[], all: Edge[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of all) if (!e.typeOnly) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const walk = (f: string) => {
    state.set(f, 'open');
    path.push(f);
    for (const to of out.get(f) ?? []) {
      if (state.get(to) === 'open') found.push(path.slice(path.indexOf(to)));
      else if (!state.has(to)) walk(to);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) walk(f);
  return found;
}

/** Imports that go to a higher floor, or sideways to another folder on the same floor. */
function upward(all: Edge[]): string[] {
  const bad: string[] = [];
  for (const e of all) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!a || !b || a === b) continue;
    if (floorOf(b) >= floorOf(a)) bad.push(`${e.from} → ${e.to} (${a} is on floor ${floorOf(a)}, ${b} on floor ${floorOf(b)})`);
  }
  return bad;
}

const files = [...modules(join(repo, 'src')), ...modules(join(repo, 'adapters'))].map((f) => relative(repo, f));
const all = files.flatMap((f) => edges(join(repo, f)));

describe('the layout of src/ and adapters/', () => {
  it('places every module on a floor', () => {
    const unplaced = files.filter((f) => folderOf(f) === undefined);
    // A new top-level folder (or a file directly in src/) is placed in FLOORS above, deliberately.
    expect(unplaced, 'add the folder to FLOORS in test/layout.test.ts').toEqual([]);
  });

  it('has every import resolve to a module that is there', () => {
    const known = new Set(files);
    expect(all.filter((e) => !known.has(e.to)).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('imports only downwards', () => {
    expect(upward(all)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(cycles(files, all)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('see an upward import, a sideways one and a cycle', () => {
    const made: Edge[] = [
      { from: 'src/core/a.ts', to: 'src/flow/b.ts', typeOnly: true },
      { from: 'src/sources/c.ts', to: 'src/send/d.ts', typeOnly: false },
      { from: 'src/flow/b.ts', to: 'src/core/a.ts', typeOnly: false },
    ];
    expect(upward(made)).toHaveLength(2);
    expect(cycles(['src/x.ts'], [{ from: 'src/x.ts', to: 'src/y.ts', typeOnly: false }, { from: 'src/y.ts', to: 'src/x.ts', typeOnly: false }])).toEqual([['src/x.ts', 'src/y.ts']]);
    expect(cycles(['src/x.ts'], [{ from: 'src/x.ts', to: 'src/y.ts', typeOnly: true }, { from: 'src/y.ts', to: 'src/x.ts', typeOnly: false }])).toEqual([]);
  });

  it('read type-only and dynamic imports as such', () => {
    expect(isTypeOnlyList("import { type A, type B } from './a.js'")).toBe(true);
    expect(isTypeOnlyList("import { type A, b } from './a.js'")).toBe(false);
    expect(isTypeOnlyList("import x, { type A } from './a.js'")).toBe(false);
  });
});
