#!/usr/bin/env node
// Writes config/bouncesync.schema.json from the zod schema in src/config/schema.ts (via dist/).
// test/config/config.test.ts fails when the file and the schema drift apart.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/src/config/schema.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(repo, 'config/bouncesync.schema.json'), JSON.stringify(configJsonSchema(), null, 2) + '\n');
console.log('wrote config/bouncesync.schema.json');
