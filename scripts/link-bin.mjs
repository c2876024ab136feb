// After the build, link node_modules/.bin/bouncesync to the built CLI, as an installed package
// would have it: `npx bouncesync` works either way, but scripts and tools that call
// node_modules/.bin/bouncesync directly need the link in a checkout too.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist/src/cli/main.js');
const link = join(root, 'node_modules/.bin/bouncesync');
mkdirSync(dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync(relative(dirname(link), target), link);
chmodSync(target, 0o755);
