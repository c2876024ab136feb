// Root reads every file whatever its mode, so a test that needs a file the agent cannot read runs
// the code under test as `nobody` when the tests run as root: the effective user and group ids are
// switched (seteuid/setegid, which root can undo) around the call, and back in `finally`. That is
// how the agent meets such a file in production, running as its own unprivileged account (see
// `bouncesync service install`). As any other user, the file's mode alone makes it unreadable.
import { chmodSync, chownSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NOBODY = 65534;
const isRoot = () => process.geteuid?.() === 0;

/** Runs fn with the rights of `nobody` when we are root; as ourselves otherwise. */
export async function asUnprivileged<T>(fn: () => Promise<T> | T): Promise<T> {
  if (!isRoot()) return fn();
  process.setegid!(NOBODY);
  process.seteuid!(NOBODY);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

/** Gives a folder and everything in it to `nobody` (when root), so asUnprivileged() code can work in it. Before writeUnreadable(). */
export function giveAway(dir: string): void {
  chmodSync(dir, 0o755);
  if (!isRoot()) return;
  chownSync(dir, NOBODY, NOBODY);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) giveAway(join(dir, e.name));
    else chownSync(join(dir, e.name), NOBODY, NOBODY);
  }
}

/** A file only root can read, as a delivery agent running as root leaves one: root's, mode 600 (ours, mode 000, when not root). */
export function writeUnreadable(path: string, content: string | Buffer): void {
  writeFileSync(path, content);
  if (isRoot()) chownSync(path, 0, 0);
  chmodSync(path, isRoot() ? 0o600 : 0o000);
}
