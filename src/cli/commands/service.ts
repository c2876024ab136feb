import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installSystemd, statusSystemd, systemdUnit, uninstallSystemd } from '../../service/systemd.js';
import { installWindows, statusWindows, uninstallWindows, winswXml } from '../../service/windows.js';

const USAGE = `usage: bouncesync service install|uninstall|status [options]
  --config FILE          the agent's config (absolute path after resolving; required for install)
  --name NAME            service name (default bouncesync)
  --print                print the unit (Linux) or WinSW XML (Windows) instead of installing
  --platform linux|windows   what to print or install for (default: this machine)
 Linux (systemd):
  --user USER            dedicated system user, created if missing (default bouncesync)
  --credential NAME=PATH a secret file (mode 600) handed over with LoadCredential; refer to it in the
                         config as "file:\${CREDENTIALS_DIRECTORY}/NAME" (repeatable)
  --env-file PATH        an environment file (mode 600) for "\${VAR}" references in the config
  --unit-dir DIR         where the unit goes (default /etc/systemd/system)
  --no-enable            write the unit only; do not run systemctl
 Windows (WinSW):
  --winsw PATH           WinSW.exe (e.g. node_modules\\node-windows\\bin\\winsw\\winsw.exe or a WinSW 2.x release)
  --dir DIR              where the service's exe, XML and logs live (default C:\\ProgramData\\bouncesync)
  --account ACCOUNT      service account (default NT AUTHORITY\\LocalService)
`;

/**
 * Where the configured agent writes (the ledger's folder, folder sources), read from the YAML
 * without resolving secrets (the installing shell need not have them). Relative paths are relative
 * to the config file, as the agent reads them.
 */
function writablePaths(configFile: string): string[] {
  let doc: { ledger?: { sqlite?: unknown }; sources?: { folder?: unknown }[] } | null = null;
  try { doc = parse(readFileSync(configFile, 'utf8')); } catch { return []; }
  const at = (p: string) => resolve(dirname(configFile), p);
  const ledger = typeof doc?.ledger?.sqlite === 'string' ? [dirname(at(doc.ledger.sqlite))] : [at('./data')];
  const folders = (doc?.sources ?? []).flatMap((s) => (typeof s?.folder === 'string' ? [at(s.folder)] : []));
  return [...new Set([...ledger, ...folders])];
}

/** bouncesync service install|uninstall|status */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      config: { type: 'string' }, name: { type: 'string', default: 'bouncesync' }, print: { type: 'boolean' },
      platform: { type: 'string' }, user: { type: 'string', default: 'bouncesync' }, credential: { type: 'string', multiple: true },
      'env-file': { type: 'string' }, 'unit-dir': { type: 'string' }, 'no-enable': { type: 'boolean' },
      winsw: { type: 'string' }, dir: { type: 'string', default: 'C:\\ProgramData\\bouncesync' }, account: { type: 'string' },
    },
  });
  const action = positionals[0];
  if (!['install', 'uninstall', 'status'].includes(action ?? '')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const windows = (values.platform ?? (process.platform === 'win32' ? 'windows' : 'linux')) === 'windows';
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const say = (lines: string[]) => { process.stdout.write(lines.map((l) => `bouncesync service: ${l}\n`).join('')); return 0; };

  if (action === 'status') {
    process.stdout.write(windows ? await statusWindows({ name: values.name, dir: values.dir }) : await statusSystemd(values.name));
    return 0;
  }
  if (action === 'uninstall') {
    return say(windows ? await uninstallWindows({ name: values.name, dir: values.dir })
      : await uninstallSystemd({ name: values.name, unitDir: values['unit-dir'], disable: !values['no-enable'] }));
  }
  if (!values.config) {
    process.stderr.write('bouncesync service install: --config FILE is required.\n' + USAGE);
    return 2;
  }
  if (windows) {
    const w = { name: values.name, config: values.config, node: process.execPath, main, logDir: `${values.dir}\\logs`, account: values.account };
    if (values.print) { process.stdout.write(winswXml(w)); return 0; }
    if (!values.winsw) { process.stderr.write('bouncesync service install: --winsw PATH (WinSW.exe) is required on Windows.\n'); return 2; }
    return say(await installWindows({ ...w, dir: values.dir, winsw: values.winsw }));
  }
  const credentials: Record<string, string> = {};
  for (const c of values.credential ?? []) {
    const at = c.indexOf('=');
    if (at < 1) { process.stderr.write(`bouncesync service: --credential wants NAME=PATH, got "${c}".\n`); return 2; }
    credentials[c.slice(0, at)] = resolve(c.slice(at + 1));
  }
  const config = resolve(values.config);
  const unit = { name: values.name, config, node: process.execPath, main, user: values.user, credentials, envFile: values['env-file'] && resolve(values['env-file']), writable: writablePaths(config) };
  if (values.print) { process.stdout.write(systemdUnit(unit)); return 0; }
  return say(await installSystemd({ ...unit, unitDir: values['unit-dir'], enable: !values['no-enable'] }));
}
