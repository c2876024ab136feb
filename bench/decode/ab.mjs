#!/usr/bin/env node
// Several commands run in turn, once per round, so that all see the same load; prints each
// one's median wall time and CPU time (user + system, all threads, from /usr/bin/time) and the
// ratio of the first one's wall time to each within a round. stdout goes to /dev/null. Prints,
// never asserts.
//   node bench/decode/ab.mjs ROUNDS 'LABEL=COMMAND' ['LABEL=COMMAND' ...]
// e.g. node bench/decode/ab.mjs 5 "before=node OLD/dist/src/cli/main.js decode --jsonl DIR" "now=node dist/src/cli/main.js decode --jsonl DIR"
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { loadavg } from 'node:os';

const TIME = '/usr/bin/time';
const rounds = Number(process.argv[2]);
const commands = process.argv.slice(3).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]);
if (!(rounds > 0) || commands.length === 0 || commands.some(([label]) => !label)) {
  console.error("usage: node bench/decode/ab.mjs ROUNDS 'LABEL=COMMAND' ...");
  process.exit(2);
}
if (!existsSync(TIME)) {
  console.error('needs /usr/bin/time (Debian package "time") for the CPU time');
  process.exit(2);
}

const runs = new Map(commands.map(([label]) => [label, []]));
for (let r = 0; r < rounds; r++) {
  for (const [label, command] of commands) {
    const devnull = openSync('/dev/null', 'w');
    const t = performance.now();
    const p = spawnSync(TIME, ['-f', '%U %S', 'sh', '-c', command], { stdio: ['ignore', devnull, 'pipe'] });
    const ms = performance.now() - t;
    closeSync(devnull);
    if (p.status !== 0) throw new Error(`${label} failed (${p.status}): ${String(p.stderr).slice(0, 500)}`);
    const [user, sys] = String(p.stderr).trim().split('\n').pop().split(' ').map(Number);
    runs.get(label).push({ ms, cpu: (user + sys) * 1000 });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = runs.get(commands[0][0]);
for (const [label] of commands) {
  const xs = runs.get(label);
  const ratio = median(xs.map((x, i) => first[i].ms / x.ms));
  console.log(`${label.padEnd(12)} wall median ${(median(xs.map((x) => x.ms)) / 1000).toFixed(2)} s   CPU median ${(median(xs.map((x) => x.cpu)) / 1000).toFixed(2)} s   ${commands[0][0]} ÷ this, wall, per round: median ×${ratio.toFixed(2)}   (walls ${xs.map((x) => (x.ms / 1000).toFixed(1)).join(' ')})`);
}
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
