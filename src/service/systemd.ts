import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { BounceError } from '../core/errors.js';

const run = promisify(execFile);

export interface UnitOptions {
  name: string;              // unit name without .service
  config: string;            // absolute path of the agent's config file
  node: string;              // absolute path of node
  main: string;              // absolute path of dist/src/cli/main.js
  user: string;              // dedicated system user
  /** NAME=PATH: handed to the service by systemd (LoadCredential); the config reads "file:${CREDENTIALS_DIRECTORY}/NAME". */
  credentials?: Record<string, string>;
  /** An environment file (mode 600) for "${VAR}" references in the config. */
  envFile?: string;
  /** Folders the agent writes besides /var/lib/bouncesync (the ledger's, folder sources): ProtectSystem=strict hides the rest. */
  writable?: string[];
}

/**
 * The systemd unit: a dedicated user, restart on failure, SIGTERM for a clean stop (the agent
 * finishes the message in hand), a state directory for the ledger, and the hardening options
 * that leave a network client with nothing else to touch. Node's JIT needs W+X memory, so
 * MemoryDenyWriteExecute stays off.
 */
export function systemdUnit(o: UnitOptions): string {
  for (const [k, p] of Object.entries({ config: o.config, node: o.node, main: o.main, ...Object.fromEntries((o.writable ?? []).map((w, i) => [`writable[${i}]`, w])) })) {
    if (!isAbsolute(p)) throw new BounceError('SERVICE_PATH', `service ${k} path must be absolute: ${p}.`, { fix: 'Give the full path.' });
  }
  const q = (s: string) => (/[\s"\\]/.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : s);
  const creds = Object.entries(o.credentials ?? {}).map(([name, path]) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new BounceError('SERVICE_CREDENTIAL', `credential name "${name}" may use letters, digits, _ . - only.`, { fix: 'Rename it, e.g. imap-password.' });
    return `LoadCredential=${name}:${path}`;
  });
  return [
    '[Unit]',
    'Description=bouncesync agent: reads returned mail and writes bounce flags',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${o.user}`,
    `Group=${o.user}`,
    `ExecStart=${q(o.node)} ${q(o.main)} run --config ${q(o.config)}`,
    'WorkingDirectory=/var/lib/bouncesync',
    'StateDirectory=bouncesync',
    'StateDirectoryMode=0700',
    'Environment=NODE_ENV=production',
    ...(o.envFile ? [`EnvironmentFile=${o.envFile}`] : []),
    ...creds,
    ...(o.writable ?? []).filter((p) => !p.startsWith('/var/lib/bouncesync')).map((p) => `ReadWritePaths=-${q(p)}`),
    'Restart=on-failure',
    'RestartSec=5s',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=60s',
    'UMask=0077',
    'NoNewPrivileges=yes',
    'CapabilityBoundingSet=',
    'AmbientCapabilities=',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    'SystemCallFilter=@system-service',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export interface InstallOptions extends UnitOptions {
  unitDir?: string;          // default /etc/systemd/system
  createUser?: boolean;      // default true: useradd --system when missing
  enable?: boolean;          // default true: systemctl daemon-reload + enable --now
}

/** Writes the unit, creates the user, enables and starts it. Returns what was done, line by line. */
export async function installSystemd(o: InstallOptions): Promise<string[]> {
  const done: string[] = [];
  if (o.envFile) checkSecretFile(o.envFile);
  for (const path of Object.values(o.credentials ?? {})) checkSecretFile(path);
  if (!existsSync(o.config)) throw new BounceError('SERVICE_CONFIG', `the config file ${o.config} does not exist.`, { fix: 'Write it first (config/*.yaml has examples) and run `bouncesync check --config FILE`.' });
  if (o.createUser !== false && !(await userExists(o.user))) {
    await run('useradd', ['--system', '--no-create-home', '--home-dir', '/var/lib/bouncesync', '--shell', '/usr/sbin/nologin', o.user]);
    done.push(`created system user ${o.user}`);
  }
  const owner = (await userExists(o.user)) ? o.user : null;
  for (const p of o.writable ?? []) {
    await mkdir(p, { recursive: true });
    if (owner) await run('chown', [`${owner}:${owner}`, p]); // the folder itself, never what is in it
  }
  const dir = o.unitDir ?? '/etc/systemd/system';
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${o.name}.service`);
  await writeFile(file, systemdUnit(o), { mode: 0o644 });
  done.push(`wrote ${file}`);
  if (o.enable !== false) {
    await systemctl('daemon-reload');
    await systemctl('enable', '--now', `${o.name}.service`);
    done.push(`enabled and started ${o.name}.service`);
  }
  return done;
}

export async function uninstallSystemd(o: { name: string; unitDir?: string; disable?: boolean }): Promise<string[]> {
  const done: string[] = [];
  const file = join(o.unitDir ?? '/etc/systemd/system', `${o.name}.service`);
  if (o.disable !== false) {
    await systemctl('disable', '--now', `${o.name}.service`);
    done.push(`stopped and disabled ${o.name}.service`);
  }
  await rm(file, { force: true });
  done.push(`removed ${file} (the user, config and /var/lib/bouncesync are kept)`);
  if (o.disable !== false) await systemctl('daemon-reload');
  return done;
}

export async function statusSystemd(name: string): Promise<string> {
  try {
    const { stdout } = await run('systemctl', ['status', '--no-pager', `${name}.service`]);
    return stdout;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    if (out) return out; // systemctl exits non-zero for a stopped unit but still says why
    throw systemdError(e);
  }
}

/** Secrets must be readable by root only: the service gets them through systemd. */
function checkSecretFile(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    throw new BounceError('SERVICE_SECRET_MISSING', `secret file ${path} does not exist.`, { fix: 'Create it with the secret in it, then chmod 600.' });
  }
  if (mode & 0o077) throw new BounceError('SERVICE_SECRET_MODE', `secret file ${path} is readable by others (mode ${mode.toString(8)}).`, { fix: `Run: chmod 600 ${path}` });
}

async function userExists(user: string): Promise<boolean> {
  return run('id', ['-u', user]).then(() => true, () => false);
}

async function systemctl(...args: string[]): Promise<void> {
  try {
    await run('systemctl', args);
  } catch (e) {
    throw systemdError(e);
  }
}

function systemdError(e: unknown): BounceError {
  const text = `${(e as { stderr?: string }).stderr ?? ''} ${(e as Error).message ?? ''}`.trim().split('\n')[0];
  return new BounceError('SERVICE_SYSTEMCTL', `systemctl failed: ${text}.`, { fix: 'This machine may not run systemd (containers often do not): start `bouncesync run --config FILE` under your own supervisor, or install with --no-enable and enable the unit where systemd runs.' });
}
