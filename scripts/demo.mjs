#!/usr/bin/env node
// npm start: until the database part lands, decode the sample returned mail in samples/returned
// and print the table (the same as `npx bouncesync decode samples/returned`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/src/cli/main.js');
if (!existsSync(cli)) {
  console.error('bouncesync: dist/ is missing: run `npm install` (it builds) or `npm run build`.');
  process.exit(1);
}
const samples = join(repo, 'samples/returned');
console.log(`Decoding the sample returned mail in ${samples}:\n`);
const r = spawnSync(process.execPath, [cli, 'decode', samples, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
