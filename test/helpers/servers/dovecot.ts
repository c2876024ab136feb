// A real Dovecot for tests, started by hand (no systemd) from ./dovecot/dovecot.conf in a private
// temp folder on free loopback ports. Used by the IMAP tests and the sender's end-to-end tests.
//
//   const dc = await startDovecot();          // or dovecotMissing() first to skip/fail clearly
//   await dc.append(raw);                     // IMAP-visible at once (written into Maildir/new)
//   await dc.deliver('bounces@example.test', raw)   // through LMTP, like a real MTA would
//   ... connect imapflow to dc.host:dc.port as dc.user / dc.password ...
//   await dc.stop();
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { freePort, waitForGreeting } from '../net.js';
import { until } from '../wait.js';
import { refuseInUnitRun } from './unit-run.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const DOVECOT = '/usr/sbin/dovecot';
const MAIL_UID = 8; // Debian's `mail` user: Dovecot refuses to run mail processes as root.
const MAIL_GID = 8;

export interface DovecotOptions {
  user?: string;
  password?: string;
  /** Also listen with implicit TLS on `tlsPort`, using a self-signed certificate made here. */
  tls?: boolean;
  /** Lines appended to the config, e.g. 'imap_capability = IMAP4rev1 UIDPLUS' to hide MOVE and IDLE. */
  extraConfig?: string;
}

export interface Dovecot {
  host: string;
  port: number;
  /** Implicit-TLS port (only when started with tls: true; self-signed, so clients must opt out of verification). */
  tlsPort: number;
  lmtpPort: number;
  user: string;
  password: string;
  /** Address that LMTP delivers to this user. */
  address: string;
  dir: string;
  config: string;
  /** Stop the server (the mail stays); start() brings it back on the same ports. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop and delete everything. */
  destroy(): Promise<void>;
  /** Put raw messages into a mailbox (default INBOX) by writing Maildir files: fast, no IMAP needed. */
  append(raw: Buffer | string | (Buffer | string)[], mailbox?: string): Promise<void>;
  /** Deliver one message over LMTP (exercises Dovecot's delivery path, like Postfix would). */
  deliver(to: string, raw: Buffer | string, from?: string): Promise<void>;
  /** Run doveadm against this instance for this user, e.g. doveadm('mailbox', 'status', 'messages', 'INBOX'). */
  doveadm(...args: string[]): Promise<string>;
  /** Message count of a mailbox (0 when it does not exist). */
  count(mailbox?: string): Promise<number>;
  /** Give a mailbox a new UIDVALIDITY, as after a server-side restore or migration. */
  resetUidValidity(mailbox?: string): Promise<number>;
}

/** Why Dovecot cannot run here, or null when it can. */
export function dovecotMissing(): string | null {
  if (!existsSync(DOVECOT)) return `${DOVECOT} not found (apt-get install dovecot-imapd dovecot-lmtpd)`;
  if (process.getuid?.() !== 0) return 'Dovecot tests start the server as root (it switches to the mail user); run as root';
  return null;
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  refuseInUnitRun('Dovecot');
  const why = dovecotMissing();
  if (why) throw new Error(`cannot start Dovecot: ${why}`);
  const user = opts.user ?? 'bounces@example.test';
  const password = opts.password ?? 'test-' + randomBytes(6).toString('hex');
  const dir = await mkdtemp(join(tmpdir(), 'bs-dovecot-'));
  await chmod(dir, 0o755); // the mail user must reach its home inside
  const home = join(dir, 'mail', user.replace(/[^a-z0-9.@-]/gi, '_'));
  await mkdir(join(home, 'Maildir'), { recursive: true });
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(home, 'Maildir', sub), { recursive: true });
  await chownTree(join(dir, 'mail'));
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${MAIL_UID}:${MAIL_GID}::${home}::\n`, { mode: 0o640 });
  await run('chgrp', ['dovecot', join(dir, 'passwd')]); // auth workers read it as the dovecot user

  const [port, tlsPort, lmtpPort] = [await freePort(), opts.tls ? await freePort() : 0, await freePort()];
  let sslFiles = '';
  if (opts.tls) {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
    sslFiles = `ssl_cert = <${dir}/cert.pem\nssl_key = <${dir}/key.pem`;
  }
  const template = await readFile(join(here, 'dovecot', 'dovecot.conf'), 'utf8');
  const config = join(dir, 'dovecot.conf');
  const fill: Record<string, string> = {
    INSTANCE: 'bs-' + randomBytes(4).toString('hex'), DIR: dir, SSL: opts.tls ? 'yes' : 'no', SSL_FILES: sslFiles,
    IMAP_PORT: String(port), IMAPS_PORT: String(tlsPort), LMTP_PORT: String(lmtpPort),
  };
  await writeFile(config, template.replace(/@([A-Z_]+)@/g, (_, k: string) => fill[k] ?? `@${k}@`) + (opts.extraConfig ? `\n${opts.extraConfig}\n` : ''));

  let child: ChildProcess | null = null;
  let seq = 0;
  const maildir = (mailbox: string) => (mailbox.toUpperCase() === 'INBOX' ? join(home, 'Maildir') : join(home, 'Maildir', '.' + mailbox));
  const doveadm = async (...args: string[]) => {
    const [cmd, ...rest] = args;
    const sub = cmd === 'mailbox' || cmd === 'flags' ? [cmd, rest.shift()!] : [cmd!];
    const { stdout } = await run('doveadm', ['-c', config, ...sub, '-u', user, ...rest], { maxBuffer: 64 << 20 });
    return stdout;
  };

  const dc: Dovecot = {
    host: '127.0.0.1', port, tlsPort, lmtpPort, user, password, address: user, dir, config,
    async start() {
      if (child) return;
      // Dovecot keeps the stderr it was started with: give it a log file, never our pipes.
      const log = openSync(join(dir, 'dovecot.stderr.log'), 'a');
      child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', log, log], detached: true });
      closeSync(log);
      child.unref();
      const started = child;
      started.once('exit', () => { if (child === started) child = null; });
      await waitForGreeting('Dovecot', port, {
        ok: (d) => d.toString().startsWith('* OK'),
        logs: async () => `${await readFile(join(dir, 'dovecot.stderr.log'), 'utf8').catch(() => '')}\n${(await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')).slice(-2000)}`,
      }, 15_000);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) { child = null; return; }
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      child = null;
      // The master leaves its imap/log processes serving open connections; a stopped server
      // should drop them, as a crash or reboot would. They carry our unique instance name.
      await killInstance(fill.INSTANCE);
    },
    async destroy() {
      await dc.stop();
      if (!process.env.BS_KEEP_DOVECOT) await rm(dir, { recursive: true, force: true });
    },
    async append(raw, mailbox = 'INBOX') {
      const box = maildir(mailbox);
      if (!existsSync(box)) await doveadm('mailbox', 'create', mailbox);
      const list = Array.isArray(raw) ? raw : [raw];
      // Write to tmp/ then rename into new/: the Maildir way, so Dovecot never sees half a file.
      for (const m of list) {
        const name = `${Date.now()}.P${process.pid}Q${seq++}.bs-test`;
        await writeFile(join(box, 'tmp', name), m);
        await chown(join(box, 'tmp', name), MAIL_UID, MAIL_GID);
        await rename(join(box, 'tmp', name), join(box, 'new', name));
      }
    },
    async deliver(to, raw, from = 'MAILER-DAEMON@example.test') {
      await lmtpSend(lmtpPort, from, to, Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
    },
    doveadm,
    async count(mailbox = 'INBOX') {
      const out = await doveadm('mailbox', 'status', 'messages', mailbox).catch(() => 'messages=0');
      return Number(/messages=(\d+)/.exec(out)?.[1] ?? 0);
    },
    async resetUidValidity(mailbox = 'INBOX') {
      const next = Math.floor(Date.now() / 1000) + 1000 + (seq++);
      await doveadm('mailbox', 'update', '--uid-validity', String(next), mailbox);
      return next;
    },
  };
  await dc.start();
  return dc;
}

/** Kills this instance's processes until none is left (or gives up after a few seconds: a test's leftovers, not its failure). */
async function killInstance(instance: string): Promise<void> {
  const tag = `dovecot-${instance}/`;
  await until(`no process of ${tag}`, async () => {
    const pids: number[] = [];
    for (const pid of await readdir('/proc').catch(() => [] as string[])) {
      if (!/^\d+$/.test(pid)) continue;
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '');
      if (cmd.startsWith(tag)) pids.push(Number(pid));
    }
    for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
    return pids.length === 0;
  }, 2500, 50).catch(() => undefined);
}

async function chownTree(path: string): Promise<void> {
  await run('chown', ['-R', `${MAIL_UID}:${MAIL_GID}`, path]);
}

/** A minimal LMTP client: LHLO, MAIL, RCPT, DATA with dot-stuffing. */
async function lmtpSend(port: number, from: string, to: string, raw: Buffer): Promise<void> {
  const sock = connect(port, '127.0.0.1');
  let buf = '';
  const waiters: ((line: string) => void)[] = [];
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    let i;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (/^\d{3} /.test(line)) waiters.shift()?.(line);
    }
  });
  const reply = () => new Promise<string>((resolve, reject) => { waiters.push(resolve); sock.once('error', reject); });
  const expect = async (code: string, what: string) => {
    const line = await reply();
    if (!line.startsWith(code)) { sock.destroy(); throw new Error(`LMTP ${what}: ${line}`); }
  };
  try {
    await expect('220', 'greeting');
    sock.write('LHLO localhost\r\n'); await expect('250', 'LHLO');
    sock.write(`MAIL FROM:<${from.replace(/^MAILER-DAEMON@.*$/, '')}>\r\n`); await expect('250', 'MAIL');
    sock.write(`RCPT TO:<${to}>\r\n`); await expect('250', 'RCPT');
    sock.write('DATA\r\n'); await expect('354', 'DATA');
    const body = raw.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    sock.write(body.endsWith('\r\n') ? body : body + '\r\n', 'latin1');
    sock.write('.\r\n'); await expect('250', 'delivery');
    sock.write('QUIT\r\n');
  } finally {
    sock.end();
  }
}
