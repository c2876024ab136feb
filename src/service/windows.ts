import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { promisify } from 'node:util';
import { BounceError } from '../core/errors.js';

const run = promisify(execFile);

export interface WindowsServiceOptions {
  name: string;          // service id: letters, digits, - _
  config: string;        // absolute Windows path of the agent's config file
  node: string;          // absolute path of node.exe
  main: string;          // absolute path of dist\src\cli\main.js
  logDir: string;        // where WinSW writes the agent's stdout/stderr, rotated
  account?: string;      // DOMAIN\user to run as (default NT AUTHORITY\LocalService); never a password in the XML
}

/**
 * The Windows service definition for WinSW (the service wrapper node-windows also ships): it runs
 * the same `bouncesync run` as systemd does. WinSW stops a service with Ctrl+C, which Node turns
 * into SIGINT: the agent finishes the message in hand and exits; stoptimeout leaves it the time.
 * Secrets stay out of this file: the config refers to them with "file:C:\...\secret" paths whose
 * ACL only the service account can read. Written for WinSW 2.x, the stable line; the same elements
 * work in the 1.17 that node-windows ships (3.x, still a pre-release, renames the account ones).
 */
export function winswXml(o: WindowsServiceOptions): string {
  if (!/^[A-Za-z0-9_-]+$/.test(o.name)) throw new BounceError('SERVICE_NAME', `service name "${o.name}" may use letters, digits, - and _ only.`, { fix: 'Pick a plain name such as bouncesync.' });
  for (const [k, p] of Object.entries({ config: o.config, node: o.node, main: o.main, logDir: o.logDir })) {
    if (!win32.isAbsolute(p)) throw new BounceError('SERVICE_PATH', `service ${k} path must be absolute: ${p}.`, { fix: 'Give the full path, e.g. C:\\bouncesync\\bouncesync.yaml.' });
  }
  const arg = (s: string) => (/[\s"]/.test(s) ? `"${s.replace(/"/g, '\\"')}"` : s);
  // WinSW 1.x/2.x spell the account as <domain> + <user> (3.x merges them into <username>).
  const account = o.account ?? 'NT AUTHORITY\\LocalService';
  const slash = account.indexOf('\\');
  const [domain, user] = slash > 0 ? [account.slice(0, slash), account.slice(slash + 1)] : ['.', account];
  return [
    '<service>',
    `  <id>${x(o.name)}</id>`,
    `  <name>${x(o.name)} (bouncesync agent)</name>`,
    '  <description>Reads returned mail and writes bounce flags into your database.</description>',
    `  <executable>${x(o.node)}</executable>`,
    `  <arguments>${x(`${arg(o.main)} run --config ${arg(o.config)}`)}</arguments>`,
    '  <startmode>Automatic</startmode>',
    '  <delayedAutoStart/>',
    '  <onfailure action="restart" delay="10 sec"/>',
    '  <onfailure action="restart" delay="60 sec"/>',
    '  <resetfailure>1 hour</resetfailure>',
    '  <stoptimeout>60 sec</stoptimeout>',
    '  <env name="NODE_ENV" value="production"/>',
    `  <logpath>${x(o.logDir)}</logpath>`,
    '  <log mode="roll-by-size">',
    '    <sizeThreshold>10240</sizeThreshold>',
    '    <keepFiles>8</keepFiles>',
    '  </log>',
    '  <serviceaccount>',
    `    <domain>${x(domain)}</domain>`,
    `    <user>${x(user)}</user>`,
    '  </serviceaccount>',
    '</service>',
    '',
  ].join('\r\n');
}

function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Puts WinSW next to its XML as <dir>\<name>.exe (WinSW finds its XML by its own name), then
 * `install` and `start`. Needs an elevated prompt. The tests (on Linux) check the XML only.
 */
export async function installWindows(o: WindowsServiceOptions & { dir: string; winsw: string }): Promise<string[]> {
  await mkdir(o.dir, { recursive: true });
  await mkdir(o.logDir, { recursive: true });
  const exe = join(o.dir, `${o.name}.exe`);
  await copyFile(o.winsw, exe);
  await writeFile(join(o.dir, `${o.name}.xml`), winswXml(o));
  await winsw(exe, 'install');
  await winsw(exe, 'start');
  return [`wrote ${join(o.dir, `${o.name}.xml`)}`, `installed and started service ${o.name}`];
}

export async function uninstallWindows(o: { name: string; dir: string }): Promise<string[]> {
  const exe = join(o.dir, `${o.name}.exe`);
  await winsw(exe, 'stop').catch(() => undefined);
  await winsw(exe, 'uninstall');
  return [`stopped and removed service ${o.name} (config, ledger and logs are kept)`];
}

export async function statusWindows(o: { name: string; dir: string }): Promise<string> {
  return winsw(join(o.dir, `${o.name}.exe`), 'status');
}

async function winsw(exe: string, command: string): Promise<string> {
  try {
    return (await run(exe, [command])).stdout;
  } catch (e) {
    throw new BounceError('SERVICE_WINSW', `${exe} ${command} failed: ${(e as Error).message.split('\n')[0]}.`, { fix: 'Run from an elevated (administrator) prompt; check that --winsw points at WinSW.exe.' });
  }
}
