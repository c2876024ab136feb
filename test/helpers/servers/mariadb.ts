// A private MariaDB for tests, started by hand (no systemd) from ./mariadb/my.cnf in a temp folder
// on a free loopback port, for what the shared server must not be changed for: a server-wide
// sql_mode such as NO_BACKSLASH_ESCAPES. Root over TCP without a password, like the shared one.
//
//   const m = await startMariaDb({ sqlMode: 'NO_BACKSLASH_ESCAPES' });   // or mariadbMissing() first
//   ... knex({ client: 'mysql2', connection: m.connection }) ...
//   await m.destroy();
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, waitForGreeting } from '../net.js';
import { refuseInUnitRun } from './unit-run.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

export interface MariaDb {
  /** As the agent's config and knex's mysql2 client spell it. */
  connection: { host: string; port: number; user: string; password: string };
  sqlMode: string;
  dir: string;
  destroy(): Promise<void>;
}

/** Why a private MariaDB cannot start here, or null when it can. */
export function mariadbMissing(): string | null {
  if (!existsSync(MARIADBD) || !existsSync(INSTALL_DB)) return `${MARIADBD} or ${INSTALL_DB} not found (apt-get install mariadb-server)`;
  if (process.getuid?.() !== 0) return 'the private MariaDB runs as root (--user=root); run as root';
  return null;
}

export async function startMariaDb(opts: { sqlMode: string }): Promise<MariaDb> {
  refuseInUnitRun('a private MariaDB');
  const why = mariadbMissing();
  if (why) throw new Error(`cannot start MariaDB: ${why}`);
  const dir = await mkdtemp(join(tmpdir(), 'bs-mariadb-'));
  const port = await freePort();
  const template = await readFile(join(here, 'mariadb', 'my.cnf'), 'utf8');
  const fill: Record<string, string> = { DIR: dir, PORT: String(port), SQL_MODE: opts.sqlMode };
  const cnf = join(dir, 'my.cnf');
  await writeFile(cnf, template.replace(/@([A-Z_]+)@/g, (_, k: string) => fill[k] ?? `@${k}@`));
  // Root may log in over TCP from loopback with no password (skip-name-resolve: 127.0.0.1 is not
  // "localhost"). One statement per line: the server reads an init file line by line.
  await writeFile(join(dir, 'init.sql'), "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\nGRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
  await run(INSTALL_DB, [`--defaults-file=${cnf}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'])
    .catch((e) => { throw new Error(`mariadb-install-db failed: ${e.stderr ?? e}`); });

  const log = openSync(join(dir, 'stderr.log'), 'a');
  const child: ChildProcess = spawn(MARIADBD, [`--defaults-file=${cnf}`, '--user=root'], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    // The handshake packet starts with its length, then protocol version 10.
    await waitForGreeting('MariaDB', port, {
      ok: (d) => d.length > 4 && d[4] === 10,
      alive: () => child.exitCode === null,
      logs: async () => (await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')).slice(-2000),
    }, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    connection: { host: '127.0.0.1', port, user: 'root', password: '' },
    sqlMode: opts.sqlMode,
    dir,
    async destroy() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

