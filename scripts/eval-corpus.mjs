#!/usr/bin/env node
// npm run eval:corpus [-- --by-mta]
// Decodes the labelled corpus (../shared/corpus, beside the repo) with the built CLI and scores it
// with ../shared/tools/score-decoder. The corpus is for measuring only; it is never copied here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// ../shared/corpus beside the repo; a git worktree one level deeper looks one level further up.
const corpus = process.env.BOUNCESYNC_CORPUS ?? [resolve(repo, '../shared/corpus'), resolve(repo, '../../shared/corpus')].find((p) => existsSync(p)) ?? resolve(repo, '../shared/corpus');
const scorer = resolve(corpus, '../tools/score-decoder');
const cli = join(repo, 'dist/src/cli/main.js');

if (!existsSync(join(corpus, 'truth.jsonl')) || !existsSync(scorer)) {
  console.log(`eval:corpus: no corpus at ${corpus} (or no scorer at ${scorer}); nothing to measure. Set BOUNCESYNC_CORPUS to point elsewhere.`);
  process.exit(0);
}
if (!existsSync(cli)) {
  console.error('eval:corpus: dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'bouncesync-eval-'));
const out = join(dir, 'decoded.jsonl');
try {
  const fd = openSync(out, 'w');
  const dec = spawnSync(process.execPath, [cli, 'decode', '--jsonl', corpus], { stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  if (dec.status !== 0) {
    console.error(`eval:corpus: decode exited ${dec.status}`);
    process.exit(1);
  }
  const extra = process.argv.slice(2).filter((a) => a === '--by-mta');
  const score = spawnSync('python3', [scorer, join(corpus, 'truth.jsonl'), out, ...extra], { stdio: 'inherit' });
  if (process.argv.includes('--keep')) console.log(`decoded: ${out}`);
  process.exitCode = score.status ?? 1;
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
