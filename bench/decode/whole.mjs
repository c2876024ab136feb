#!/usr/bin/env node
// The decode command as people run it, whole process (start, read, decode, print), over a folder
// of real returned mail: ../shared/corpus and ../shared/corpus2 repeated to at least 4,000 files
// in a temporary folder (hard links; nothing is copied into the repository). In the same run and
// on the same files, the reference decoder Sisimai (Debian's libsisimai-perl: `apt-get install -y
// libsisimai-perl`; skipped, with that hint, where it is not installed), rounds alternating so
// that both see the same load. Prints each round, the median and the spread, the ratio within each
// round, peak memory (with /usr/bin/time), and the load average. Prints, never asserts.
//   npm run build && node bench/decode/whole.mjs [--min 4000] [--rounds 5] [--memory 100000] [--before CLI]
// --memory N also runs the command once on N files and on the --min folder: peak memory should
// not grow with the number of files. --before CLI adds another build of the command to each round
// (e.g. ../main/dist/src/cli/main.js), to compare a change with what it changes.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/src/cli/main.js');
const TIME = '/usr/bin/time';

export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  return typeof fallback === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

function emails(dir) {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? emails(p) : n.endsWith('.eml') ? [p] : [];
  });
}

/** The shared corpora's messages; null where they are not beside the repository. */
function corpusFiles() {
  const shared = [resolve(repo, '../shared'), resolve(repo, '../../shared')].find((p) => existsSync(join(p, 'corpus')));
  if (!shared) return null;
  return ['corpus', 'corpus2'].flatMap((c) => (existsSync(join(shared, c)) ? emails(join(shared, c)) : []));
}

/** A flat folder (Sisimai reads a Maildir-like folder without descending) of n files, the corpus repeated. */
function folder(root, files, n) {
  const dir = join(root, `files-${n}`);
  mkdirSync(dir);
  for (let i = 0; i < n; i++) {
    const from = files[i % files.length];
    const to = join(dir, `${String(i).padStart(6, '0')}-${basename(from)}`);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
  return dir;
}

/** One run: wall time in ms and peak memory in MB (null without /usr/bin/time); stdout to /dev/null. */
function timed(cmd, args) {
  const devnull = openSync('/dev/null', 'w');
  const withTime = existsSync(TIME);
  const t = performance.now();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'maxrss %M cpu %U %S', cmd, ...args], { stdio: ['ignore', devnull, 'pipe'] })
    : spawnSync(cmd, args, { stdio: ['ignore', devnull, 'pipe'] });
  const ms = performance.now() - t;
  closeSync(devnull);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${String(r.stderr).slice(0, 500)}`);
  const rss = /maxrss (\d+) cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  return { ms, mb: rss ? Math.round(Number(rss[1]) / 1024) : null, cpu: rss ? (Number(rss[2]) + Number(rss[3])) * 1000 : null };
}

const ours = (dir, build = cli) => timed(process.execPath, [build, 'decode', '--jsonl', dir]);
const sisimai = (dir) => timed('perl', ['-MSisimai', '-e', 'print Sisimai->dump($ARGV[0])', dir]);
const hasSisimai = () => spawnSync('perl', ['-MSisimai', '-e', '1'], { stdio: 'ignore' }).status === 0;

// CPU time says what the run needed whatever else the machine was doing; wall time, what was left to it.
const cpuRatio = (a, b) => (a.cpu && b.cpu ? `   CPU ×${(b.cpu / a.cpu).toFixed(2)}` : '');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n, ms) => Math.round((n * 1000) / ms);
const spread = (n, runs) => `${rate(n, Math.max(...runs))}–${rate(n, Math.min(...runs))}`;

/** Runs the comparison; `inProcess` (msgs/s of the decoder alone, from run.mjs) is printed beside it. */
export async function wholeProcess({ min = 4000, rounds = 5, memory = 0, before = null, inProcess = null } = {}) {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first.');
  const files = corpusFiles();
  if (!files) {
    console.log('\nwhole process: skipped (needs ../shared/corpus beside the repository)');
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'bouncesync-bench-decode-'));
  try {
    const n = Math.ceil(min / files.length) * files.length;
    const dir = folder(root, files, n);
    const lines = spawnSync(process.execPath, [cli, 'decode', '--jsonl', dir], { maxBuffer: 1 << 30 }).stdout.toString().split('\n').length - 1;
    const withSisimai = hasSisimai();
    console.log(`\nwhole process: bouncesync decode --jsonl over ${n} files (${files.length} distinct from ../shared/corpus and corpus2, ${lines} lines out), ${availableParallelism()} cores`);
    if (!withSisimai) console.log('  Sisimai not installed: `apt-get install -y libsisimai-perl` (Debian) to compare with it in the same run');
    ours(dir); // one untimed run each, so all read the files from the page cache
    if (withSisimai) sisimai(dir);
    if (before) ours(dir, before);
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      const a = ours(dir);
      const b = withSisimai ? sisimai(dir) : null;
      const c = before ? ours(dir, before) : null;
      runs.push({ a, b, c, load: loadavg()[0] });
      const ratio = b ? `   Sisimai ${String(rate(n, b.ms)).padStart(6)} msgs/s   ×${(b.ms / a.ms).toFixed(2)}${cpuRatio(a, b)}` : '';
      const then = c ? `   before ${String(rate(n, c.ms)).padStart(6)} msgs/s` : '';
      console.log(`  round ${r + 1}: bouncesync ${String(rate(n, a.ms)).padStart(6)} msgs/s${ratio}${then}   load ${runs[r].load.toFixed(1)}`);
    }
    const a = runs.map((r) => r.a.ms);
    console.log(`  bouncesync decode, whole process   median ${String(rate(n, median(a))).padStart(6)} msgs/s   (rounds: ${spread(n, a)})   peak ${runs[0].a.mb ?? '?'} MB`);
    if (withSisimai) {
      const b = runs.map((r) => r.b.ms);
      const ratios = runs.map((r) => r.b.ms / r.a.ms);
      console.log(`  Sisimai (Perl), whole process      median ${String(rate(n, median(b))).padStart(6)} msgs/s   (rounds: ${spread(n, b)})   peak ${runs[0].b.mb ?? '?'} MB`);
      console.log(`  ratio within a round: median ×${median(ratios).toFixed(2)} (×${Math.min(...ratios).toFixed(2)}–×${Math.max(...ratios).toFixed(2)})   target ×3`);
      if (runs[0].a.cpu !== null) {
        const cpu = runs.map((r) => r.b.cpu / r.a.cpu);
        console.log(`  CPU time (all threads), median: bouncesync ${(median(runs.map((r) => r.a.cpu)) / 1000).toFixed(2)} s, Sisimai ${(median(runs.map((r) => r.b.cpu)) / 1000).toFixed(2)} s: ×${median(cpu).toFixed(2)} (×${Math.min(...cpu).toFixed(2)}–×${Math.max(...cpu).toFixed(2)})`);
      }
    }
    if (before) {
      const c = runs.map((r) => r.c.ms);
      console.log(`  before (${before})   median ${rate(n, median(c))} msgs/s   (rounds: ${spread(n, c)})${withSisimai ? `   ×${median(runs.map((r) => r.b.ms / r.c.ms)).toFixed(2)} Sisimai` : ''}${runs[0].c.cpu !== null ? `   CPU ${(median(runs.map((r) => r.c.cpu)) / 1000).toFixed(2)} s` : ''}`);
    }
    if (inProcess) console.log(`  beside the decoder alone in this process: ${inProcess.one} msgs/s on 1 thread, ${inProcess.pool} on ${inProcess.threads} (whole process: ×${(rate(n, median(a)) / inProcess.one).toFixed(2)} of 1 thread)`);
    console.log(`  load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (a shared machine: compare within a round)`);
    if (memory > 0) {
      const big = folder(root, files, memory);
      const small = ours(dir);
      const large = ours(big);
      console.log(`  peak memory: ${small.mb ?? '?'} MB over ${n} files, ${large.mb ?? '?'} MB over ${memory} files (${rate(memory, large.ms)} msgs/s)`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await wholeProcess({ min: arg('--min', 4000), rounds: arg('--rounds', 5), memory: arg('--memory', 0), before: arg('--before', null) });
}
