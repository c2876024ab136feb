// Fuzzing the decoder with the project's own fixtures (test/fixtures/decode), bent the ways broken
// and hostile mail is bent: flipped bytes, truncation, repeated headers and recipients, damaged
// MIME boundaries, CR-only and mixed line ends, huge lines, deep nesting, odd charsets, garbage
// where an address goes. Whatever comes in, decode() returns a value within a bound, and what it
// reports as recipients are addresses: valid, without control characters, one report per address,
// a bounded number per message.
//
// Bounded: FUZZ_COUNT cases (default 300), and no new case once FUZZ_SECONDS (default 20) are
// spent (the number run is printed). Seeded: the seed is printed first and with every failure, and
//   FUZZ_SEED=<seed> npx vitest run test/decode/fuzz.test.ts        runs the same cases again,
//   FUZZ_SEED=<seed> FUZZ_CASE=<n> npx vitest run test/decode/fuzz.test.ts   just case n,
//   ... FUZZ_DUMP=<folder> ...   also writes each case's message there, as case-<n>.eml.
// A case is the seed and the fixtures of this checkout: another commit's fixtures give other cases.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalAddress } from '../../src/core/address.js';
import type { Decoded } from '../../src/core/types.js';
import { decode } from '../../src/decode/index.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const ONLY = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 20) * 1000;
// Processor time (not wall-clock, so the machine's load does not move it) one message may take:
// ten times what the slowest case here needs (under half a second for 3 MB); a guard against work
// that grows faster than the input, not a speed test. (A message that never returns would hang the
// run: the seed printed first, FUZZ_CASE and FUZZ_DUMP find it.)
const CPU_BOUND_MS = 5_000;
// At most this many recipients per message: an envelope holds no more (Postfix's default
// smtpd_recipient_limit is 1000, Microsoft 365 allows 1000 per message).
const CAP = 1000;
const MAX_SIZE = 3 << 20; // a case's message is cut here after each mutation

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] };
}
type Rng = ReturnType<typeof rng>;

// Messages are handled as latin1 strings: one character per byte, so any byte survives.
const NASTY = ['\0', '\r', '\n', '\x7f', '\x80', '\xff', '\x1b', '<', '>', '@', ':', ';', '"', '=', '-', ' ', '\t', '\\'];
const ODD_CHARSETS = ['utf-7', 'iso-2022-jp', 'x-unknown-123', 'utf-16le', 'utf-32', '', '"', 'gb18030', 'shift_jis', 'ks_c_5601-1987', 'unicode-1-1-utf-7'];
const BAD_ADDRESSES = ['a\0b@x.example', 'nul\0@x.example', ' @x.example', 'a@', '@x.example', 'a b@x.example', `${'l'.repeat(300)}@x.example`,
  `a@${'d'.repeat(300)}.example`, 'a@@b.example', 'a@b.example\x07', 'tab\t@x.example', '"open@x.example', 'a@b..', '\x1b[31m@x.example', 'a@\xff\xfe.example'];
const LINE_PATTERNS = ['a', 'a.a@a.a ', '<', '=?utf-8?q?', ' ', '5.1.1 550 ', 'Final-Recipient: rfc822; x@y.example ', '--'];

const headerLines = (s: string) => [...s.matchAll(/^[A-Za-z][A-Za-z0-9-]{0,40}:[^\r\n]*(?:\r\n|\r|\n)/gm)];
const at = (s: string, i: number, text: string) => s.slice(0, i) + text + s.slice(i);
const lineStart = (s: string, r: Rng) => { const i = r.int(0, s.length); const nl = s.lastIndexOf('\n', i); return nl + 1; };

/** Each mutation takes a message and returns it bent; the names are printed with a failure. */
const MUTATIONS: Record<string, (s: string, r: Rng) => string> = {
  'flip bytes': (s, r) => {
    const b = Buffer.from(s, 'latin1');
    for (let k = r.int(1, 24); k > 0 && b.length; k--) b[r.int(0, b.length - 1)] = r.next() < 0.6 ? r.pick(NASTY).charCodeAt(0) : r.int(0, 255);
    return b.toString('latin1');
  },
  truncate: (s, r) => s.slice(0, r.int(0, s.length)),
  'repeat a header': (s, r) => {
    const hs = headerLines(s);
    if (!hs.length) return s;
    const h = r.pick(hs);
    return at(s, h.index!, h[0].repeat(Math.min(r.int(2, 60), Math.ceil(MAX_SIZE / h[0].length))));
  },
  'repeat recipients': (s, r) => {
    const found = /^(?:Original|Final)-Recipient:[\s\S]*?(?:\r\n|\r|\n)(?:\r\n|\r|\n)/im.exec(s);
    const block = found && found[0].length <= 4096 ? found : null; // not a block that holds a huge line
    const n = r.next() < 0.3 ? r.int(CAP, 3 * CAP) : r.int(2, 50);
    const distinct = r.next() < 0.5;
    if (!block) return at(s, lineStart(s, r), Array.from({ length: n }, (_, i) => `<${distinct ? `u${i}` : 'same'}@flood.example>: 550 5.1.1 user unknown\n`).join(''));
    const copies = Array.from({ length: n }, (_, i) => (distinct ? block[0].replace(/([^\s;<]+)@/g, `u${i}.$1@`) : block[0]));
    return at(s, block.index + block[0].length, copies.join(''));
  },
  'garbage address': (s, r) => {
    const found = [...s.matchAll(/[^\s<>";:@]{1,64}@[^\s<>";:@]{1,255}/g)]; // bounded: linear on a huge line
    const bad = r.next() < 0.8 ? r.pick(BAD_ADDRESSES) : Buffer.from(Array.from({ length: r.int(1, 40) }, () => r.int(0, 255))).toString('latin1') + '@x.example';
    if (!found.length) return at(s, lineStart(s, r), `Final-Recipient: rfc822; ${bad}\n`);
    const m = r.pick(found);
    return s.slice(0, m.index) + bad + s.slice(m.index! + m[0].length);
  },
  'damage boundaries': (s, r) => {
    const b = /boundary="?([^";\r\n]+)"?/i.exec(s)?.[1];
    if (!b) return s;
    switch (r.int(0, 4)) {
      case 0: return s.split(`--${b}--`).join('');                                   // no closing delimiter
      case 1: return s.replace(`boundary="${b}"`, 'boundary="not-in-the-body"').replace(`boundary=${b}`, 'boundary=not-in-the-body');
      case 2: return s.replace(`boundary="${b}"`, 'boundary=""').replace(`boundary=${b}`, 'boundary=');
      case 3: return at(s, lineStart(s, r), `--${b}\n`.repeat(r.int(1, 300)));       // stray delimiters
      default: return s.split(`\n--${b}`).map((part, i) => (i && r.next() < 0.5 ? 'x'.repeat(r.int(1, 400)) + part : part)).join(`\n--${b}`); // junk after some
    }
  },
  'line ends': (s, r) => {
    const lines = s.split(/\r\n|\r|\n/);
    const style = r.int(0, 3);
    const end = () => (style === 0 ? '\r' : style === 1 ? '\r\n' : style === 2 ? '\n' : r.pick(['\r', '\r\n', '\n', '\n\r']));
    return lines.map((l) => l + end()).join('');
  },
  'huge line': (s, r) => {
    const pattern = r.pick(LINE_PATTERNS);
    const size = r.int(64 << 10, 1 << 20);
    return at(s, lineStart(s, r), pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size) + '\n');
  },
  'deep nesting': (s, r) => {
    let body = s;
    for (let i = r.int(5, 60); i > 0; i--) {
      body = r.next() < 0.5 ? `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n${body}\n--n${i}--\n` : `Content-Type: message/rfc822\n\n${body}`;
    }
    return `From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n${body}`;
  },
  'odd charsets': (s, r) => {
    const bent = s.replace(/charset="?[^";\s]*"?/gi, () => `charset=${r.pick(ODD_CHARSETS)}`)
      .replace(/Content-Transfer-Encoding:[^\r\n]*/gi, () => `Content-Transfer-Encoding: ${r.pick(['base64', 'quoted-printable', 'x-uuencode', '8bit', 'bogus'])}`);
    return at(bent, 0, `Subject: =?${r.pick(ODD_CHARSETS)}?${r.pick(['B', 'Q', 'X'])}?${r.pick(['=FF=FE', '////', '', '=?=', 'YUBiLmM='])}?=\n`);
  },
};

const dir = join(import.meta.dirname, '../fixtures/decode');
const fixtures = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml')).sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name)).toString('latin1') }));

interface Case { n: number; fixture: string; mutations: string[]; threw: string | null; cpuMs: number; decoded: Decoded | null }

/** Case n: its own generator from the seed and n, so any case can be rebuilt alone. */
function runCase(n: number): Case {
  const r = rng((SEED ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
  const f = r.pick(fixtures);
  const mutations = Array.from({ length: r.int(1, 3) }, () => r.pick(Object.keys(MUTATIONS)));
  let text = f.text;
  for (const m of mutations) text = MUTATIONS[m](text, r).slice(0, MAX_SIZE);
  if (process.env.FUZZ_DUMP) writeFileSync(join(process.env.FUZZ_DUMP, `case-${n}.eml`), text, 'latin1');
  const start = process.cpuUsage();
  let decoded: Decoded | null = null;
  let threw: string | null = null;
  try {
    decoded = decode(Buffer.from(text, 'latin1'));
  } catch (e) {
    threw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const used = process.cpuUsage(start);
  return { n, fixture: f.name, mutations, threw, cpuMs: (used.user + used.system) / 1000, decoded };
}

/** Why this is not a syntactically valid address (RFC 5321 / 6531), or null when it is. */
function invalid(a: unknown): string | null {
  if (typeof a !== 'string') return 'not a string';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(a)) return 'control character';
  const i = a.lastIndexOf('@');
  const local = a.slice(0, i);
  const domain = a.slice(i + 1);
  if (i < 1 || !domain) return 'no local part or no domain';
  if (Buffer.byteLength(a) > 254 || Buffer.byteLength(local) > 64) return 'too long';
  const quoted = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\uffff]|\\[\x20-\x7e])*"$/.test(local);
  if (!quoted && !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u00a0-\uffff-]+$/.test(local)) return 'local part';
  if (/^\[[^\[\]\\\s]+\]$/.test(domain)) return null;
  const label = /^[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]{0,61}[A-Za-z0-9\u00a0-\uffff])?$/;
  return domain.split('.').every((l) => label.test(l)) ? null : 'domain';
}

const cases: Case[] = [];
let spentMs = 0;

beforeAll(() => {
  expect(fixtures.length).toBeGreaterThan(100);
  console.log(`decoder fuzz: seed ${SEED} (FUZZ_SEED=${SEED} runs these cases again)`);
  const started = Date.now();
  for (let n = ONLY ?? 0; n < (ONLY === null ? COUNT : ONLY + 1); n++) {
    if (Date.now() - started > BUDGET_MS) break;
    cases.push(runCase(n));
  }
  spentMs = Date.now() - started;
}, BUDGET_MS + 100_000); // room for the last case to finish past the budget

/**
 * The cases where check() says what is wrong, as lines (the first five, and how many more), and a
 * message with the seed and the command that runs them again: an empty list passes.
 */
function failing(what: string, check: (c: Case) => string | null): [string[], string] {
  const bad = cases.flatMap((c) => { const why = check(c); return why ? [`case ${c.n} (${c.fixture}; ${c.mutations.join(', ')}): ${why}`] : []; });
  const lines = bad.length > 5 ? [...bad.slice(0, 5), `and ${bad.length - 5} more`] : bad;
  const again = bad.length ? ` (FUZZ_SEED=${SEED} FUZZ_CASE=${/^case (\d+)/.exec(bad[0])![1]} npx vitest run test/decode/fuzz.test.ts runs the first again)` : '';
  return [lines, `${what} in ${bad.length} of ${cases.length} cases, seed ${SEED}${again}`];
}
const recipients = (c: Case) => c.decoded?.recipients ?? [];
const shown = (a: unknown) => JSON.stringify(a).slice(0, 80);

describe(`decoder fuzz (seed ${SEED})`, () => {
  it('ran its cases', () => {
    console.log(`decoder fuzz: ${cases.length} cases in ${(spentMs / 1000).toFixed(1)} s`);
    expect(cases.length).toBeGreaterThan(0);
  });

  it('decode never throws', () => {
    const [bad, said] = failing('decode threw', (c) => c.threw);
    expect(bad, said).toEqual([]);
  });

  it(`returns within ${CPU_BOUND_MS / 1000} s of processor time`, () => {
    const [bad, said] = failing('decode took too long', (c) => (c.cpuMs > CPU_BOUND_MS ? `${Math.round(c.cpuMs)} ms` : null));
    expect(bad, said).toEqual([]);
  });

  it('every recipient is a syntactically valid address without control characters', () => {
    const [bad, said] = failing('not an address', (c) => {
      const wrong = recipients(c).map((v) => [v.address, invalid(v.address)] as const).find(([, why]) => why);
      return wrong ? `${shown(wrong[0])}: ${wrong[1]}` : null;
    });
    expect(bad, said).toEqual([]);
  });

  it('one recipient per address in a message', () => {
    const [bad, said] = failing('a recipient reported twice', (c) => {
      const seen = new Set<string>();
      const twice = recipients(c).find((v) => seen.has(normalAddress(v.address)) || !seen.add(normalAddress(v.address)));
      return twice ? `${shown(twice.address)} reported more than once` : null;
    });
    expect(bad, said).toEqual([]);
  });

  it(`at most ${CAP} recipients per message`, () => {
    const [bad, said] = failing('too many recipients', (c) => (recipients(c).length > CAP ? `${recipients(c).length} recipients` : null));
    expect(bad, said).toEqual([]);
  });
});
