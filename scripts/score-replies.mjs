#!/usr/bin/env node
// node scripts/score-replies.mjs [--part train|holdout|all] [--misses]
// Scores the decoder on the documented replies (src/classify/replies/): each reply wrapped as the
// Diagnostic-Code of a DSN, decoded by the built decoder (run `npm run build` first). Prints
// agreement per system and in total for one part of the split (default: train); with --misses,
// the replies of that part the decoder gets wrong (those listed with why in
// src/classify/replies/disagree.ts are marked). The holdout part is scored before the rules are
// tuned on it: do not ask for its misses until then. Figures: bench/replies/README.md.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(repo, 'dist/src/classify/replies');
if (!existsSync(join(repo, 'dist/src/decode/score-replies.js'))) {
  console.error('score-replies: dist/ is missing or old: run `npm run build` first.');
  process.exit(1);
}
const { REPLIES, part } = await import(pathToFileURL(join(built, 'index.js')).href);
const { decodeReplies, agreement } = await import(pathToFileURL(join(repo, 'dist/src/decode/score-replies.js')).href);
const { DISAGREEMENTS } = await import(pathToFileURL(join(built, 'disagree.js')).href);

const args = process.argv.slice(2);
const which = args.includes('--part') ? args[args.indexOf('--part') + 1] : 'train';
if (!['train', 'holdout', 'all'].includes(which)) {
  console.error('score-replies: --part is train, holdout or all');
  process.exit(2);
}
const chosen = REPLIES.filter((r) => which === 'all' || part(r) === which);
const outcomes = decodeReplies(chosen);

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '-');
const line = (name, a) => [
  name.padEnd(12), String(a.n).padStart(5), pct(a.reason, a.n).padStart(7), pct(a.hard, a.n).padStart(7), pct(a.both, a.n).padStart(7),
  pct(a.hardHit, a.hardFound).padStart(9), pct(a.hardHit, a.hardTrue).padStart(8),
].join(' ');

console.log(`documented replies, part ${which}: ${chosen.length} of ${REPLIES.length}`);
console.log(['system'.padEnd(12), 'n'.padStart(5), 'reason'.padStart(7), 'hard'.padStart(7), 'both'.padStart(7), 'hard-prec'.padStart(9), 'hard-rec'.padStart(8)].join(' '));
for (const system of [...new Set(chosen.map((r) => r.system))].sort()) {
  console.log(line(system, agreement(outcomes.filter((o) => o.reply.system === system))));
}
console.log(line('total', agreement(outcomes)));

if (args.includes('--misses')) {
  const misses = outcomes.filter((o) => o.reason !== o.reply.reason || o.hard !== o.reply.hard);
  console.log(`\nmisses (${misses.length}):`);
  for (const o of misses) {
    const want = `${o.reply.reason}${o.reply.hard ? ' HARD' : ''}`;
    const got = o.reason === null ? 'no recipient' : `${o.reason}${o.hard ? ' HARD' : ''} (${o.rule})`;
    const listed = DISAGREEMENTS.some((d) => d.system === o.reply.system && d.text === o.reply.text) ? ' [listed in disagree.ts]' : '';
    console.log(`[${o.reply.system}${o.reply.at ? ' ' + o.reply.at : ''}] ${o.reply.text}\n    want ${want}, got ${got}${listed}`);
  }
}
