// Service definitions: the systemd unit is checked by the real `systemd-analyze verify` (offline,
// no running systemd needed); the Windows (WinSW) XML is checked for form and content here, since
// the tests run on Linux.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installSystemd, systemdUnit, uninstallSystemd } from '../../src/service/systemd.js';
import { winswXml } from '../../src/service/windows.js';
import { run as serviceCommand } from '../../src/cli/commands/service.js';

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0 ? null : 'systemd-analyze not found (apt-get install systemd)';
if (analyze && process.env.CI === 'true') throw new Error(`required in CI: ${analyze}`);
if (analyze) console.warn(`SKIPPED systemd-analyze checks: ${analyze}`);

const main = resolve('dist/src/cli/main.js');
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'bs-service-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(unitText: string, name = 'bouncesync-test'): { status: number | null; out: string } {
  const file = join(dir, `${name}.service`);
  writeFileSync(file, unitText);
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const base = { name: 'bouncesync-test', config: '/etc/bouncesync/bouncesync.yaml', node: process.execPath, main, user: 'bouncesync' };

describe('systemd unit', () => {
  it.skipIf(!!analyze)('passes systemd-analyze verify with no complaint about the unit', () => {
    const r = verify(systemdUnit({ ...base, credentials: { 'imap-password': '/etc/bouncesync/imap-password' }, envFile: '/etc/bouncesync/env' }));
    expect(r.out.split('\n').filter((l) => l.includes('bouncesync-test.service'))).toEqual([]);
    expect(r.status).toBe(0);
  });

  it.skipIf(!!analyze)('a broken unit does fail the same check (the check can fail)', () => {
    const r = verify(systemdUnit(base).replace('Restart=on-failure', 'Restart=sometimes\nProtectSystem=maybe'), 'bouncesync-bad');
    expect(r.out).toMatch(/bouncesync-bad\.service:\d+: Failed to parse/);
  });

  it('runs the agent as a dedicated user, restarts on failure, stops with SIGTERM, and is hardened', () => {
    const unit = systemdUnit({ ...base, credentials: { 'imap-password': '/etc/bouncesync/imap-password' } });
    expect(unit).toContain(`ExecStart=${process.execPath} ${main} run --config /etc/bouncesync/bouncesync.yaml`);
    for (const line of ['User=bouncesync', 'Restart=on-failure', 'KillSignal=SIGTERM', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
      'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'StateDirectory=bouncesync', 'UMask=0077',
      'LoadCredential=imap-password:/etc/bouncesync/imap-password', 'WantedBy=multi-user.target']) {
      expect(unit.split('\n')).toContain(line);
    }
    expect(unit).not.toContain('MemoryDenyWriteExecute=yes'); // would kill Node's JIT
  });

  it('quotes paths with spaces and refuses relative paths and odd credential names', () => {
    expect(systemdUnit({ ...base, config: '/etc/my configs/b.yaml' })).toContain('--config "/etc/my configs/b.yaml"');
    expect(() => systemdUnit({ ...base, config: 'bouncesync.yaml' })).toThrow(expect.objectContaining({ code: 'SERVICE_PATH' }));
    expect(() => systemdUnit({ ...base, credentials: { 'a b': '/x' } })).toThrow(expect.objectContaining({ code: 'SERVICE_CREDENTIAL' }));
  });

  it('install writes the unit, refuses a secret file others can read, and uninstall removes it', async () => {
    const unitDir = join(dir, 'units');
    const config = join(dir, 'bouncesync.yaml');
    writeFileSync(config, 'database: {}\n');
    const secret = join(dir, 'imap-password');
    writeFileSync(secret, 'hunter2\n');
    chmodSync(secret, 0o644);
    const o = { ...base, config, credentials: { 'imap-password': secret }, unitDir, createUser: false, enable: false };
    await expect(installSystemd(o)).rejects.toMatchObject({ code: 'SERVICE_SECRET_MODE', message: expect.stringContaining('chmod 600') });
    chmodSync(secret, 0o600);
    const done = await installSystemd(o);
    expect(done).toEqual([`wrote ${join(unitDir, 'bouncesync-test.service')}`]);
    expect(readFileSync(join(unitDir, 'bouncesync-test.service'), 'utf8')).toContain(`LoadCredential=imap-password:${secret}`);
    expect(readFileSync(join(unitDir, 'bouncesync-test.service'), 'utf8')).not.toContain('hunter2');
    await uninstallSystemd({ name: 'bouncesync-test', unitDir, disable: false });
    expect(existsSync(join(unitDir, 'bouncesync-test.service'))).toBe(false);
  });

  it.skipIf(!!analyze)('lets the agent write where its config puts the ledger and folder sources, and still verifies', async () => {
    const config = join(dir, 'paths.yaml');
    writeFileSync(config, 'ledger: { sqlite: ./state/ledger.sqlite }\nsources:\n  - folder: ./returned\n  - imap: { host: h, user: u, password: "${IMAP_PASSWORD}" }\n');
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    try {
      expect(await serviceCommand(['install', '--print', '--platform', 'linux', '--name', 'bouncesync-test', '--config', config])).toBe(0);
    } finally { spy.mockRestore(); }
    const unit = out.join('');
    expect(unit.split('\n')).toEqual(expect.arrayContaining([`ReadWritePaths=-${join(dir, 'state')}`, `ReadWritePaths=-${join(dir, 'returned')}`]));
    const r = verify(unit);
    expect(r.out.split('\n').filter((l) => l.includes('bouncesync-test.service'))).toEqual([]);
  });

  it.skipIf(!!analyze)('`bouncesync service install --print` prints a unit that verifies', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    try {
      expect(await serviceCommand(['install', '--print', '--platform', 'linux', '--name', 'bouncesync-test', '--config', '/etc/bouncesync/b.yaml', '--credential', 'db-password=/etc/bouncesync/db'])).toBe(0);
    } finally { spy.mockRestore(); }
    const unit = out.join('');
    expect(unit).toContain('LoadCredential=db-password:/etc/bouncesync/db');
    expect(verify(unit).status).toBe(0);
  });
});

/** Enough of an XML check for a generated file: one root, every tag closed in order, entities valid. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const text = xml.replace(/<\?xml[^>]*\?>/, '');
  if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(text)) return false;
  for (const m of text.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) { if (stack.pop() !== m[2]) return false; } else if (!m[4]) stack.push(m[2]);
  }
  return stack.length === 0 && (text.match(/</g) ?? []).length === [...text.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)].length;
}

describe('Windows service (WinSW XML)', () => {
  const w = { name: 'bouncesync', config: 'C:\\Program Files\\bouncesync\\R&D.yaml', node: 'C:\\Program Files\\nodejs\\node.exe', main: 'C:\\Program Files\\bouncesync\\dist\\src\\cli\\main.js', logDir: 'C:\\ProgramData\\bouncesync\\logs' };

  it('is well-formed XML that runs the same agent, restarts on failure and gives a clean stop time', () => {
    const xml = winswXml(w);
    expect(wellFormed(xml)).toBe(true);
    expect(wellFormed('<service><id>x</id>')).toBe(false); // the check itself can fail
    expect(xml).toContain('<executable>C:\\Program Files\\nodejs\\node.exe</executable>');
    expect(xml).toContain('<arguments>&quot;C:\\Program Files\\bouncesync\\dist\\src\\cli\\main.js&quot; run --config &quot;C:\\Program Files\\bouncesync\\R&amp;D.yaml&quot;</arguments>');
    expect(xml).toContain('<onfailure action="restart" delay="10 sec"/>');
    expect(xml).toContain('<stoptimeout>60 sec</stoptimeout>');
    expect(xml).toContain('<serviceaccount>\r\n    <domain>NT AUTHORITY</domain>\r\n    <user>LocalService</user>\r\n  </serviceaccount>');
    expect(winswXml({ ...w, account: 'CORP\\svc-bounce' })).toContain('<domain>CORP</domain>\r\n    <user>svc-bounce</user>');
    expect(xml).not.toMatch(/password/i);
  });

  it('refuses a name WinSW cannot use and relative paths', () => {
    expect(() => winswXml({ ...w, name: 'bounce sync' })).toThrow(expect.objectContaining({ code: 'SERVICE_NAME' }));
    expect(() => winswXml({ ...w, config: 'bouncesync.yaml' })).toThrow(expect.objectContaining({ code: 'SERVICE_PATH' }));
  });

  it('`bouncesync service install --print --platform windows` prints it', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    try {
      expect(await serviceCommand(['install', '--print', '--platform', 'windows', '--config', 'C:\\bouncesync\\b.yaml'])).toBe(0);
    } finally { spy.mockRestore(); }
    expect(wellFormed(out.join(''))).toBe(true);
    expect(out.join('')).toContain('run --config C:\\bouncesync\\b.yaml');
  });
});

