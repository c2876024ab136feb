import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { BounceError } from '../core/errors.js';
import { crmDefaults } from './crm.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = './bouncesync.yaml';

/** Reads a YAML file, resolves ${ENV} and file: references, validates, freezes. */
export function loadConfig(file = DEFAULT_CONFIG_FILE, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadableConfig(file, e as NodeJS.ErrnoException);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new BounceError('CONFIG_YAML', `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { fix: 'Fix the line named above.' });
  }
  const config = parseConfig(doc, env, file);
  return relativeTo(config, dirname(resolve(file)));
}

// What to do about a config file that is there but cannot be read, by the operating system's reason.
const ACCESS = 'Let the account the agent runs as read it (e.g. chown that account FILE, or chmod 640 FILE and put the account in its group) and enter its folders.';
const UNREADABLE_FIX: Record<string, string> = {
  EACCES: ACCESS,
  EPERM: ACCESS,
  EISDIR: 'That is a folder: pass the YAML file itself, e.g. --config /etc/bouncesync/bouncesync.yaml.',
};

function unreadableConfig(file: string, e: NodeJS.ErrnoException): BounceError {
  if (e.code === 'ENOENT') {
    return new BounceError('CONFIG_MISSING', `the config file ${file} does not exist.`, { fix: 'Pass --config FILE, or copy one of the examples in config/ to ./bouncesync.yaml.', cause: e });
  }
  return new BounceError('CONFIG_UNREADABLE', `the config file ${file} exists but cannot be read (${osReason(e)}).`, {
    fix: UNREADABLE_FIX[e.code ?? ''] ?? 'Check the file and that the account the agent runs as may read it.', cause: e,
  });
}

/** "EACCES: permission denied", without the path Node adds (the message names it already). */
function osReason(e: NodeJS.ErrnoException): string {
  const text = e.message.split(', ')[0];
  return e.code && !text.startsWith(e.code) ? `${e.code}: ${text}` : text;
}

/** Validates an object already in memory (tests, library use). */
export function parseConfig(doc: unknown, env: NodeJS.ProcessEnv = process.env, where = 'config'): Readonly<Config> {
  const resolved = crmDefaults(resolveRefs(doc, env, ''));
  const result = configSchema.safeParse(resolved);
  if (!result.success) {
    const lines = result.error.issues.flatMap(unionBranch).map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new BounceError('CONFIG_INVALID', `${where} has ${lines.length} problem(s):\n${lines.join('\n')}\n`, { fix: 'Fix each key named above; config/*.yaml has commented examples and config/bouncesync.schema.json lets an editor check as you type.' });
  }
  return deepFreeze(result.data);
}

type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

// A `sources:` entry is one of several shapes ({ folder } or { imap }): zod only says "Invalid
// input" for it. Report the problems of the shape the entry meant, the branch whose own key it has.
function unionBranch(i: Issue): Issue[] {
  if (i.code !== 'invalid_union' || !i.errors?.length) return [i];
  const meant = i.errors.find((b) => !b.some((e) => e.code === 'unrecognized_keys' && e.path.length === 0)) ?? i.errors[0];
  return meant.flatMap((e) => unionBranch({ ...e, path: [...i.path, ...e.path] }));
}

// "${NAME}" anywhere in a string is replaced from the environment; a whole value "file:/path"
// is replaced by the file's content (trimmed), so secrets never sit in the config itself.
function resolveRefs(value: unknown, env: NodeJS.ProcessEnv, path: string): unknown {
  if (typeof value === 'string') {
    const text = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) throw new BounceError('CONFIG_ENV', `${path} refers to the environment variable ${name}, which is not set.`, { fix: `Set ${name} in the service environment, or write the value in the config.` });
      return v;
    });
    if (!text.startsWith('file:')) return text;
    const target = text.slice(5);
    try {
      return readFileSync(target, 'utf8').trim();
    } catch (e) {
      throw new BounceError('CONFIG_FILE_REF', `${path} refers to ${target}, which cannot be read (${osReason(e as NodeJS.ErrnoException)}).`, { fix: 'Check the path and that the agent\'s account may read it.' });
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, env, path ? `${path}.${k}` : k)]));
  }
  return value;
}

// Relative paths in the config are relative to the config file, not to wherever the agent started.
function relativeTo(config: Readonly<Config>, base: string): Readonly<Config> {
  const at = (p: string) => (isAbsolute(p) || p === ':memory:' ? p : resolve(base, p));
  const conn = config.database.connection;
  return deepFreeze({
    ...config,
    database: typeof conn === 'object' && conn.filename ? { ...config.database, connection: { ...conn, filename: at(conn.filename) } } : config.database,
    ledger: 'sqlite' in config.ledger ? { sqlite: at(config.ledger.sqlite) } : config.ledger,
    sources: config.sources.map((s) => ('folder' in s ? { folder: at(s.folder) } : s)),
    send: { ...config.send, ledger: at(config.send.ledger) },
    campaigns: Object.fromEntries(Object.entries(config.campaigns).map(([name, c]) =>
      [name, { ...c, text: c.text === undefined ? undefined : at(c.text), html: c.html === undefined ? undefined : at(c.html) }])),
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
