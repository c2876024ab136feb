// A real Exim relay for tests, unpacked from Debian's exim4-daemon-light (by .ci/run into
// /var/cache/bouncesync-test/exim; it conflicts with Postfix as a package) and started by hand in the foreground
// (`exim -C CONF -bdf -q1s`) from ./exim/exim.conf in a private temp folder on a free port.
//
//   const ex = await startExim({ nextHop: remote.port, lmtpPort: dc.lmtpPort });
//   ... send to 127.0.0.1:ex.port; bounces to *@bounce.test go to Dovecot over LMTP ...
//   await ex.destroy();
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { namespaced } from './dns.js';
import { freePort, waitForGreeting } from '../net.js';
import { until } from '../wait.js';
import { refuseInUnitRun } from './unit-run.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Where .ci/run unpacks the Debian packages (outside the checkout: see .ci/run); EXIM_ROOT overrides. */
export const EXIM_ROOT = process.env.EXIM_ROOT ?? '/var/cache/bouncesync-test/exim';
const EXIM = join(EXIM_ROOT, 'usr', 'sbin', 'exim4');

export interface Exim {
  host: string;
  port: number;
  dir: string;
  log(): Promise<string>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** Why Exim cannot run here, or null when it can. */
export function eximMissing(): string | null {
  if (!existsSync(EXIM)) return `${EXIM} not found (bash .ci/run unpacks exim4-daemon-light there; or set EXIM_ROOT)`;
  if (process.getuid?.() !== 0) return 'Exim tests start the server as root; run as root';
  try { execFileSync('id', ['Debian-exim'], { stdio: 'ignore' }); } catch { return 'user Debian-exim missing (.ci/run creates it)'; }
  return null;
}

export interface EximOptions {
  nextHop: number;
  lmtpPort: number;
  lifetime?: string;
  /** Domains routed by DNS (dnslookup, no_more) instead of to nextHop; with resolvConf, see ./dns.ts. */
  dnsDomains?: string[];
  /** Run in a private mount namespace with this file as /etc/resolv.conf. */
  resolvConf?: string;
  /** A domain this Exim holds mailboxes for (mail to them is discarded); others there are unknown users. */
  local?: { domain: string; users: string[] };
}

export async function startExim(opts: EximOptions): Promise<Exim> {
  refuseInUnitRun('Exim');
  const why = eximMissing();
  if (why) throw new Error(`cannot start Exim: ${why}`);
  const dir = await mkdtemp(join(tmpdir(), 'bs-exim-'));
  await chmod(dir, 0o755);
  for (const sub of ['spool', 'log']) {
    await mkdir(join(dir, sub));
    await chown(join(dir, sub), uidOf('Debian-exim'), gidOf('Debian-exim'));
  }
  const port = await freePort();
  const fill: Record<string, string> = {
    HOSTNAME: `relay-${randomBytes(3).toString('hex')}.test`, EXIM, DIR: dir, PORT: String(port),
    REMOTE_PORT: String(opts.nextHop), LMTP_PORT: String(opts.lmtpPort), LIFETIME: opts.lifetime ?? '6s',
    DNS_DOMAINS: (opts.dnsDomains ?? []).join(' : '), LOCAL_DOMAIN: opts.local?.domain ?? '', LOCAL_PARTS: (opts.local?.users ?? []).join(' : '),
  };
  const template = await readFile(join(here, 'exim', 'exim.conf'), 'utf8');
  const config = join(dir, 'exim.conf');
  await writeFile(config, template.replace(/@([A-Z_]+)@/g, (_, k: string) => fill[k] ?? `@${k}@`));

  // Its own process group: the queue runners and deliveries it forks are stopped with it.
  const argv = [EXIM, '-C', config, '-bdf', '-q1s'];
  const [cmd, ...args] = opts.resolvConf ? namespaced(opts.resolvConf, argv) : argv;
  let child: ChildProcess | null = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const group = child.pid!;
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += d; });
  child.once('exit', () => { child = null; });
  await waitForGreeting('Exim', port, {
    ok: (d) => d.toString().startsWith('220'), bye: 'QUIT\r\n',
    logs: async () => `${stderr}\n${await readFile(join(dir, 'log', 'paniclog'), 'utf8').catch(() => '')}`,
  }, 15_000);

  const ex: Exim = {
    host: '127.0.0.1', port, dir,
    log: async () => (await readFile(join(dir, 'log', 'mainlog'), 'utf8').catch(() => '')) + (await readFile(join(dir, 'log', 'paniclog'), 'utf8').catch(() => '')),
    async stop() {
      const c = child;
      if (c) {
        const exited = new Promise<void>((r) => c.once('exit', () => r()));
        signalGroup(group, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // A delivery forked before the stop may still be finishing: end it too, and wait until the
      // group is gone (or a moment: one left as a zombie is no longer working).
      signalGroup(group, 'SIGKILL');
      await until(`Exim's process group ${group} gone`, () => !groupAlive(group), 1000, 20).catch(() => undefined);
    },
    async destroy() {
      await ex.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return ex;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pgid, signal); } catch { /* already gone */ }
}

function groupAlive(pgid: number): boolean {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

function uidOf(user: string): number { return Number(execFileSync('id', ['-u', user]).toString().trim()); }
function gidOf(user: string): number { return Number(execFileSync('id', ['-g', user]).toString().trim()); }

