// A real Postfix for tests, started by hand (`postfix -c DIR start`, no systemd) from the
// templates in ./postfix/ in a private temp folder: its own queue, data dir, hostname, log file
// and smtpd on a free loopback port, so several instances run side by side.
//
//   const pf = await startPostfix({ role: { kind: 'authority', domain: 'corp.test', mailboxes: ['ann'] } });
//   const pf = await startPostfix({ role: { kind: 'relay', nextHop: remote.port, transports: { 'bounce.test': `lmtp:inet:127.0.0.1:${dc.lmtpPort}` } } });
//   ... send to 127.0.0.1:pf.port ...
//   await pf.destroy();
//
// "authority": Postfix owns `domain` (virtual mailboxes listed in a texthash map) and refuses
// unknown users at RCPT TO with 550 5.1.1, as a company's own server does.
// "relay": Postfix accepts everything from loopback and relays it to [127.0.0.1]:nextHop; the
// bounces it writes go to the envelope sender, routed by `transports` (e.g. LMTP into Dovecot).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { namespaced } from './dns.js';
import { freePort, waitForGreeting } from '../net.js';
import { refuseInUnitRun } from './unit-run.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const POSTFIX = '/usr/sbin/postfix';
const MAIL_UID = 8; // Debian's `mail` user owns delivered test mail.
const MAIL_GID = 8;

export type PostfixRole =
  | { kind: 'authority'; domain: string; mailboxes: string[] }
  | { kind: 'relay'; nextHop: number; transports?: Record<string, string> };

export interface PostfixOptions {
  role: PostfixRole;
  /** maximal_queue_lifetime and bounce_queue_lifetime; a 4xx becomes a bounce after this. */
  queueLifetime?: string;
  /** More main.cf lines, name → value; @DIR@ in a value is the instance folder. */
  extra?: Record<string, string>;
  /** Files written into the instance folder first (lookup tables for `extra`), name → content. */
  files?: Record<string, string>;
  /**
   * Run in a private mount namespace with this file as /etc/resolv.conf (a test DNS server's, see
   * ./dns.ts), so the DNS lookups this instance makes reach only that server.
   */
  resolvConf?: string;
}

export interface Postfix {
  host: string;
  port: number;
  hostname: string;
  dir: string;
  /** The mail log so far (Postfix's own maillog_file). */
  log(): Promise<string>;
  /** Messages delivered to a local mailbox (authority role). */
  delivered(user: string): Promise<number>;
  /** `postqueue -p` output. */
  queue(): Promise<string>;
  /** Retry everything in the queue now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** Why Postfix cannot run here, or null when it can. */
export function postfixMissing(): string | null {
  if (!existsSync(POSTFIX)) return `${POSTFIX} not found (apt-get install postfix)`;
  if (process.getuid?.() !== 0) return 'Postfix tests start the server as root; run as root';
  return null;
}

export async function startPostfix(opts: PostfixOptions): Promise<Postfix> {
  refuseInUnitRun('Postfix');
  const why = postfixMissing();
  if (why) throw new Error(`cannot start Postfix: ${why}`);
  const dir = await mkdtemp(join(tmpdir(), 'bs-postfix-'));
  await chmod(dir, 0o755);
  const id = randomBytes(3).toString('hex');
  const hostname = `mx-${id}.test`;
  const port = await freePort();
  for (const sub of ['queue', 'data', 'mail']) await mkdir(join(dir, sub), { recursive: true });
  await chown(join(dir, 'data'), ...(await postfixIds()));

  const role = await roleLines(dir, opts.role);
  for (const [name, content] of Object.entries(opts.files ?? {})) await writeFile(join(dir, name), content);
  const extra = Object.entries(opts.extra ?? {}).map(([k, v]) => `${k} = ${v.replaceAll('@DIR@', dir)}`).join('\n');
  const fill: Record<string, string> = {
    DIR: dir, HOSTNAME: hostname, QUEUE_LIFETIME: opts.queueLifetime ?? '10s',
    SMTPD_LISTEN: `127.0.0.1:${port}`, ROLE: `${role}\n${extra}`,
  };
  for (const file of ['main.cf', 'master.cf']) {
    const template = await readFile(join(here, 'postfix', file), 'utf8');
    await writeFile(join(dir, file), template.replace(/@([A-Z_]+)@/g, (_, k: string) => fill[k] ?? `@${k}@`));
  }

  const postfix = (...args: string[]) => run(POSTFIX, ['-c', dir, ...args], { env: { ...process.env, MAIL_CONFIG: dir } });
  // The master daemon that `postfix start` leaves running keeps the namespace it was started in.
  const start = opts.resolvConf
    ? (() => { const argv = namespaced(opts.resolvConf, [POSTFIX, '-c', dir, 'start']); return run(argv[0], argv.slice(1), { env: { ...process.env, MAIL_CONFIG: dir } }); })()
    : postfix('start');
  await start.catch(async (e) => {
    throw new Error(`postfix start failed: ${e.stderr ?? e}\n${await readFile(join(dir, 'maillog'), 'utf8').catch(() => '')}`);
  });
  await waitForGreeting('Postfix', port, {
    ok: (d) => d.toString().startsWith('220'), bye: 'QUIT\r\n',
    logs: async () => (await readFile(join(dir, 'maillog'), 'utf8').catch(() => '')).slice(-2000),
  }, 15_000);

  let running = true;
  const pf: Postfix = {
    host: '127.0.0.1', port, hostname, dir,
    log: () => readFile(join(dir, 'maillog'), 'utf8').catch(() => ''),
    async delivered(user) {
      const box = join(dir, 'mail', user, 'new');
      return existsSync(box) ? (await readdir(box)).length : 0;
    },
    async queue() {
      const { stdout } = await run('/usr/sbin/postqueue', ['-c', dir, '-p']);
      return stdout;
    },
    async flush() {
      await run('/usr/sbin/postqueue', ['-c', dir, '-f']);
    },
    async stop() {
      if (!running) return;
      running = false;
      await postfix('stop').catch(() => postfix('abort'));
    },
    async destroy() {
      await pf.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return pf;
}

async function roleLines(dir: string, role: PostfixRole): Promise<string> {
  if (role.kind === 'authority') {
    // virtual(8) delivers into DIR/mail/<user>/ (Maildir: the trailing slash).
    const map = role.mailboxes.map((u) => `${u}@${role.domain} ${u}/`).join('\n') + '\n';
    await writeFile(join(dir, 'mailboxes'), map);
    await chown(join(dir, 'mail'), MAIL_UID, MAIL_GID);
    return [
      `virtual_mailbox_domains = ${role.domain}`,
      `virtual_mailbox_maps = texthash:${dir}/mailboxes`,
      `virtual_mailbox_base = ${dir}/mail`,
      `virtual_minimum_uid = ${MAIL_UID}`,
      `virtual_uid_maps = static:${MAIL_UID}`,
      `virtual_gid_maps = static:${MAIL_GID}`,
      'smtpd_reject_unlisted_recipient = yes',
    ].join('\n');
  }
  const transports = Object.entries(role.transports ?? {}).map(([d, t]) => `${d} ${t}`).join('\n') + '\n';
  await writeFile(join(dir, 'transport'), transports);
  return [
    `relayhost = [127.0.0.1]:${role.nextHop}`,
    `transport_maps = texthash:${dir}/transport`,
    'smtpd_relay_restrictions = permit_mynetworks, reject',
    'smtp_tls_security_level = none',
  ].join('\n');
}

async function postfixIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['postfix']);
  const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
  return [uid, gid];
}

