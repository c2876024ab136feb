// What the decode command reads, as a person runs it (the built CLI): a large folder decoded on
// worker threads and printed in input order, mbox files, standard input, bad files among good ones.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mbox, withBodyLines } from './mbox-writer.js';

const repo = join(import.meta.dirname, '../..');
const cli = join(repo, 'dist/src/cli/main.js');
const fixtureDir = join(repo, 'test/fixtures/decode');
const names = readdirSync(fixtureDir).filter((f) => f.endsWith('.eml')).sort();
const fixtures = names.map((f) => readFileSync(join(fixtureDir, f)));
const work = mkdtempSync(join(tmpdir(), 'bouncesync-decode-'));
chmodSync(work, 0o755); // readable by the unprivileged user one test runs as
afterAll(() => rmSync(work, { recursive: true, force: true }));

function decode(args: string[], o: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl', ...args], { encoding: 'utf8', ...o });
  const lines = String(r.stdout).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { status: r.status, stderr: String(r.stderr), lines };
}
const withoutFile = ({ file: _file, ...rest }: { file: string }) => rest;

describe('bouncesync decode: reading', () => {
  it('prints a large folder in input order while worker threads decode it', () => {
    // 400 messages in two subfolders: enough batches for both threads. The first of each folder
    // is 9 MB, so that batches after it finish first: the output must still wait for it.
    const folder = join(work, 'many');
    const heavy = Buffer.concat([fixtures[names.indexOf('dsn-postfix-userunknown.eml')], Buffer.from('a long line of the notice\n'.repeat(350_000))]);
    for (let i = 0; i < 400; i++) {
      const sub = join(folder, i < 200 ? 'a' : 'b');
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `${String(i).padStart(4, '0')}.eml`), i % 200 === 0 ? heavy : fixtures[i % fixtures.length]);
    }
    const threads = decode(['--workers', '2', folder]);
    const alone = decode(['--workers', '0', folder]);
    expect(threads.status).toBe(0);
    expect(threads.lines.map((l) => l.file)).toEqual(Array.from({ length: 400 }, (_, i) => join(i < 200 ? 'a' : 'b', `${String(i).padStart(4, '0')}.eml`)));
    expect(threads.lines).toEqual(alone.lines);
    expect(new Set(threads.lines.map((l) => l.kind)).size).toBeGreaterThan(3);
  });

  describe('an mbox', () => {
    const tricky = withBodyLines(fixtures[3], ['From the postmaster: this line starts with From.', '>From an earlier quote', '']);
    const last = fixtures[5].subarray(0, fixtures[5].lastIndexOf('\n')); // the file ends mid-line
    const messages = [fixtures[0], tricky, fixtures[names.indexOf('dsn-postfix-userunknown.eml')], last];
    const singles = messages.map((m, i) => {
      const path = join(work, `single-${i}.eml`);
      writeFileSync(path, m);
      return path;
    });
    const file = join(work, 'Returned mail'); // no extension: told by its first line
    writeFileSync(file, mbox(messages, 'mboxrd', { finalNewline: false }));
    const expected = decode(singles).lines.map(withoutFile);

    it('gives one line per message, NAME#N, decoded as the message alone would be', () => {
      const r = decode([file]);
      expect(r.status).toBe(0);
      expect(r.lines.map((l) => l.file)).toEqual([1, 2, 3, 4].map((n) => `${file}#${n}`));
      expect(r.lines.map(withoutFile)).toEqual(expected);
      expect(r.lines[2].recipients[0]).toMatchObject({ address: 'nobody-here@dest.example', reason: 'userunknown', hard: true });
    });

    it('streams an mbox larger than --max-bytes, each message judged by its own size', () => {
      const largest = Math.max(...messages.map((m) => m.length));
      const streamed = decode(['--max-bytes', String(largest + 1), file]);
      expect(streamed.lines.map(withoutFile)).toEqual(expected);
      // A limit between the message sizes: the too-large ones are errors in their place.
      const limit = [...messages].sort((a, b) => a.length - b.length)[1].length;
      const limited = decode(['--max-bytes', String(limit), file]);
      expect(limited.lines.map((l) => l.file)).toEqual([1, 2, 3, 4].map((n) => `${file}#${n}`));
      limited.lines.forEach((l, i) => {
        if (messages[i].length > limit) expect(l).toMatchObject({ kind: 'error', error: expect.stringContaining('over the') });
        else expect(withoutFile(l)).toEqual(expected[i]);
      });
    });
  });

  it('decodes one message from standard input as "-"', () => {
    const raw = fixtures[names.indexOf('dsn-postfix-userunknown.eml')];
    const r = decode(['-'], { input: raw });
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0].file).toBe('-');
    expect(r.lines[0].recipients[0]).toMatchObject({ address: 'nobody-here@dest.example', reason: 'userunknown', hard: true });
    expect(decode(['-', '-'], { input: raw }).status).toBe(2);
  });

  it('reads a file that is a pipe to its end (bash\'s <(...))', () => {
    const path = join(fixtureDir, 'dsn-postfix-userunknown.eml');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" decode --jsonl <(cat "${path}") "${path}"`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const [piped, file] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(piped.file).toMatch(/^\/dev\/fd\//);
    expect(withoutFile(piped)).toEqual(withoutFile(file));
    expect(file.recipients[0]).toMatchObject({ reason: 'userunknown', hard: true });
  });

  it('reports bad files in their place and decodes the good ones around them', () => {
    const folder = join(work, 'mixed');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const good = (i: number) => fixtures[i * 3];
    for (let i = 0; i < 100; i++) writeFileSync(join(folder, `${String(i).padStart(3, '0')}.eml`), good(i % 10));
    writeFileSync(join(folder, '010-unreadable.eml'), good(1));
    chmodSync(join(folder, '010-unreadable.eml'), 0o000);
    writeFileSync(join(folder, '020-too-large.eml'), Buffer.concat([good(2), Buffer.alloc(20_000, 'x')]));
    writeFileSync(join(folder, '030-report-without-report.eml'), 'From: MAILER-DAEMON@x.example\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b--\n');
    // root reads any file: the run is made as an unprivileged user where the tests run as root.
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = decode(['--max-bytes', '15000', folder], user);
    expect(r.status).toBe(0);
    const byName = new Map(r.lines.map((l) => [l.file, l]));
    expect(r.lines).toHaveLength(103);
    expect(byName.get('010-unreadable.eml')).toMatchObject({ kind: 'error', error: expect.stringMatching(/^cannot read the file: EACCES/) });
    expect(byName.get('020-too-large.eml')).toMatchObject({ kind: 'error', error: expect.stringContaining('over the 15000-byte limit') });
    expect(byName.get('030-report-without-report.eml')).toMatchObject({ kind: 'error', error: expect.stringContaining('malformed report') });
    const expected = decode(Array.from({ length: 10 }, (_, i) => join(fixtureDir, names[i * 3]))).lines.map(withoutFile);
    for (let i = 0; i < 100; i++) expect(withoutFile(byName.get(`${String(i).padStart(3, '0')}.eml`))).toEqual(expected[i % 10]);
    expect(r.lines.map((l) => l.file)).toEqual([...byName.keys()].sort());
  });
});
