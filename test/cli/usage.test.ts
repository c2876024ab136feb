// The command line as a person meets it: a misspelt option is a usage error that names the option
// and shows how to call the command (exit 2), never a stack trace; --help prints the command's line.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '../../dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('bouncesync usage', () => {
  it.each(['decode', 'check', 'run', 'events', 'undo', 'review'])('%s with an unknown option: exit 2, names it, no stack', (name) => {
    const r = run(name, '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bouncesync ${name}: Unknown option '--no-such-option'`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('CMD --help prints the command line and exits 0', () => {
    const r = run('undo', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^bouncesync undo: .*undo --run ID \[--dry-run\]/);
  });

  it('an unknown command lists the commands (exit 2)', () => {
    const r = run('flag-everyone');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "flag-everyone"[\s\S]*decode[\s\S]*undo/);
  });
});
