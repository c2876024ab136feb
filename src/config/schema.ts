import { z } from 'zod';
import { HARD_REASONS, REASONS } from '../core/types.js';
import { crmSchema } from './crm.js';
import { campaignsSchema, sendSchema } from './send.js';
import { whereProblems } from './where.js';

// The one source of the Config type (z.infer below) and of config/bouncesync.schema.json
// (z.toJSONSchema, written by scripts/config-schema.mjs and checked by a test).
// Every key carries a description: it is the documentation editors show.

const identifier = z.string().min(1).max(128).describe('a table or column name, exactly as the database spells it (checked against the catalog at start-up)');
const scalar = z.union([z.string(), z.number(), z.boolean()]).describe('a string, number or true/false');

const connection = z.union([
  z.string().describe('a connection URL, e.g. postgres://bouncesync:${DB_PASSWORD}@db.example.com/crm or mysql://...'),
  z.strictObject({
    host: z.string().optional().describe('the database server\'s host name or address'),
    port: z.number().int().min(1).max(65535).optional().describe('its port, when not the driver\'s default (MySQL 3306, PostgreSQL 5432, SQL Server 1433)'),
    user: z.string().optional().describe('the account the agent connects as: it reads the table and the catalog and updates the mapped columns (`bouncesync check` says whether it may)'),
    password: z.string().optional().describe('use "${ENV_VAR}" or "file:/path", never the secret itself'),
    database: z.string().optional().describe('the database (catalog) that holds the table'),
    filename: z.string().optional().describe('sqlite only: path of the database file, relative to the config file'),
    options: z.record(z.string(), z.unknown()).optional().describe('passed to the driver as is (mssql: encrypt is on and the certificate verified unless set otherwise here)'),
  }),
]).describe('where the database is: a URL, or an object with the keys below');

function validUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.hostname !== '' && (u.port === '' || Number(u.port) >= 1);
  } catch {
    return false;
  }
}

const flagValue = z.strictObject({
  column: identifier.describe('the column to set'),
  value: scalar.default(1).describe('the absolute value written; never an increment'),
});

// sources: - imap: (docs/reading-mail.md). Folders are created if missing.
const imapSource = z.strictObject({
  name: z.string().min(1).optional().describe('how logs, metrics and the ledger name this source (default imap:USER@HOST); keep it stable, checkpoints are kept under it'),
  host: z.string().min(1).describe('the IMAP server'),
  port: z.number().int().min(1).max(65535).optional().describe('default 993 with secure: true, else 143'),
  secure: z.boolean().default(true).describe('implicit TLS; false = plain connection upgraded with STARTTLS (see requireTLS)'),
  requireTLS: z.boolean().default(true).describe('never log in without TLS: with secure: false a server that offers no STARTTLS (or whose offer was stripped on the way) is refused before the password is sent. false = log in over a plain connection then, the password in clear: only on a network you trust'),
  tls: z.strictObject({
    rejectUnauthorized: z.boolean().default(true).describe('verify the server certificate; turning it off is logged as a warning'),
    ca: z.string().optional().describe('PEM of the CA that issued the server certificate, e.g. "file:/etc/ssl/my-ca.pem"'),
    servername: z.string().optional().describe('name to verify the certificate against when host is an IP address'),
  }).default({ rejectUnauthorized: true }).describe('how the server certificate is checked'),
  user: z.string().min(1).describe('the bounce mailbox account'),
  password: z.string().min(1).describe('use "${IMAP_PASSWORD}" or "file:/path", never the secret itself'),
  mailbox: z.string().min(1).default('INBOX').describe('where returned mail arrives'),
  processed: z.string().min(1).default('Processed').describe('where a message goes once its events are in the ledger'),
  unrecognised: z.string().min(1).default('Unrecognised').describe('not a bounce, or nothing in it to record'),
  quarantine: z.string().min(1).default('Quarantine').describe('could not be decoded, or failed agent.maxAttempts times'),
  idle: z.boolean().default(true).describe('use IMAP IDLE where the server offers it; false = poll only'),
  pollSeconds: z.number().positive().default(60).describe('look for new mail at least this often (IDLE is restarted as often)'),
  batch: z.number().int().positive().max(5000).default(200).describe('messages fetched per round; memory is bounded by a round, not the mailbox'),
  maxBytes: z.number().int().positive().default(10 * 1024 * 1024).describe('larger messages are fetched cut at this size and end in quarantine'),
  moveBatch: z.number().int().positive().max(10_000).default(2000).describe('while a backlog is read, messages are moved this many per MOVE (the server does far less work per message in large moves); the rest when the mailbox is drained'),
  timeoutSeconds: z.number().positive().default(300).describe('a connection silent this long is stalled: drop it and reconnect'),
}).describe('a bounce mailbox read over IMAP; messages move to processed, unrecognised or quarantine only after their events are in the ledger');

export const configSchema = z.strictObject({
  database: z.strictObject({
    client: z.enum(['sqlite', 'mysql', 'postgres', 'mssql']).describe('which adapter in adapters/ talks to your database'),
    connection,
    lockTimeoutMs: z.number().int().positive().default(5000).describe('how long one write batch waits for a row lock before it is rolled back and retried (MySQL/MariaDB: rounded up to whole seconds)'),
    connectTimeoutMs: z.number().int().positive().default(10_000).describe('how long to wait for a connection before the database counts as down (events then wait in the ledger)'),
    batchSize: z.number().int().positive().max(5000).default(500).describe('rows per write transaction; smaller batches hold row locks for less time (mssql is capped by its 2,100-parameter limit)'),
  }).superRefine((d, ctx) => {
    // A URL the driver cannot parse is not refused by it: pg and mysql2 then connect to their
    // default server and port, and the error names the login, not the URL. (mssql takes other forms.)
    if (typeof d.connection !== 'string' || (d.client !== 'postgres' && d.client !== 'mysql') || validUrl(d.connection)) return;
    const example = d.client === 'postgres' ? 'postgres://USER:${DB_PASSWORD}@HOST:5432/DATABASE' : 'mysql://USER:${DB_PASSWORD}@HOST:3306/DATABASE';
    ctx.addIssue({ code: 'custom', path: ['connection'], message: `is not a URL the driver can read (a port is a number from 1 to 65535; special characters in a password are %-encoded); write it as ${example}, or give host, port, user and database as keys.` });
  }).describe('the database that holds your recipients table; flags are written there'),
  recipients: z.strictObject({
    table: identifier.describe('the table holding the addresses; "schema.table" allowed'),
    key: identifier.describe('its primary key column'),
    email: identifier.describe('the address column (a text column); compared trimmed, the case of ASCII letters ignored (not of others: a look-alike is another address)'),
    where: z.string().optional().describe('SQL condition a row must meet to be flagged or sent to, with :name parameters, e.g. "list_id = :list" (no comments, ";", "?" or backslashes: values go in params)'),
    params: z.record(z.string(), scalar).default({}).describe('values for the :name parameters in where, always bound, never pasted into the SQL'),
  }).superRefine((r, ctx) => {
    for (const message of r.where === undefined ? [] : whereProblems(r.where, r.params, 'recipients.params')) ctx.addIssue({ code: 'custom', path: ['where'], message });
  }).optional().describe('the table holding the addresses: which rows may be flagged (and, with `send`, mailed). Required unless crm names a preset; not with one'),
  flags: z.strictObject({
    hard: flagValue.optional().describe('required unless "statement" is used: the column (number or text) set when an address is dead'),
    reason: identifier.optional().describe('text column (at least 15 characters) for the reason: userunknown, hostunknown, ...'),
    status: identifier.optional().describe('text column (at least 9 characters) for the enhanced status code, e.g. 5.1.1'),
    at: identifier.optional().describe('date, timestamp or text column (at least 19 characters) for when the bounce came back'),
    softCount: identifier.optional().describe('number column for the days with a soft bounce within policy.soft.withinDays (an absolute count, not an increment)'),
    optOut: flagValue.optional().describe('column set when a recipient complains (a feedback report, ARF); without it complaints are recorded and never written'),
    statement: z.string().optional().describe('instead of columns: your own statement (e.g. a procedure call) run per flagged row with :key, :reason, :status, :at, :softCount; it has no undo'),
  }).describe('the columns written, each an absolute value; only these columns of matched rows ever change. Set hard or statement. Required unless crm names a preset; not with one').refine((f) => f.hard || f.statement, { message: 'set flags.hard (a column and value) or flags.statement' }).optional(),
  crm: crmSchema,
  policy: z.strictObject({
    hard: z.array(z.enum(REASONS)).default([...HARD_REASONS]).describe('reasons that flag at once (the reason names are listed in docs/decoding.md)'),
    soft: z.strictObject({
      flagAfter: z.number().int().positive().default(5).describe('flag after this many days with a soft bounce'),
      withinDays: z.number().int().positive().default(30).describe('counted within this many days'),
    }).default({ flagAfter: 5, withinDays: 30 }).describe('when soft bounces flag: each address counts at most one soft bounce a day'),
    softReasons: z.array(z.enum(REASONS)).default(['mailboxfull', 'exceedlimit', 'systemfull', 'suspend', 'expired', 'mesgtoobig'])
      .describe('reasons counted as soft bounces; any other failure (blocked, spamdetected, ...) is ignored'),
    match: z.enum(['signed', 'address']).default('signed').describe('signed: only a valid token or a Message-ID we sent may flag; address: the address alone may flag an existing row inside recipients.where too'),
    burst: z.number().int().positive().default(200).describe('this many identical hard failures (same reason, remote server and words, addresses and numbers aside) within an hour look like a block of the sender: review, not flag. Raise it for large campaigns to one provider'),
  }).default({ hard: [...HARD_REASONS], soft: { flagAfter: 5, withinDays: 30 }, softReasons: ['mailboxfull', 'exceedlimit', 'systemfull', 'suspend', 'expired', 'mesgtoobig'], match: 'signed', burst: 200 })
    .describe('what a decoded bounce leads to: flag, count as soft, or only record'),
  ledger: z.union([
    z.strictObject({ sqlite: z.string().describe('path of the embedded ledger file (SQLite), relative to the config file') }),
    z.strictObject({ table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('prefix of the ledger tables kept in the database above, e.g. bouncesync_ (letters, digits, _); not with a SQLite database') }),
  ]).default({ sqlite: './data/ledger.sqlite' })
    .describe('where every event and every change is recorded before anything else happens: the source of truth for runs, events and undo. One of the two forms'),
  send: sendSchema,
  campaigns: campaignsSchema,
  agent: z.strictObject({
    maxAttempts: z.number().int().positive().default(3).describe('a message whose processing fails this many times (a file that cannot be read too) goes to quarantine, under run --once as under the service'),
    writeEverySeconds: z.number().positive().default(5).describe('how often `run` without --once writes pending events to the database'),
    decodeWorkers: z.union([z.literal('auto'), z.number().int().min(0).max(32)]).default('auto')
      .describe('threads that decode returned mail beside the agent\'s own (auto: one per spare core, 1 to 4; 0: decode on the agent\'s thread)'),
    decodeTimeoutSeconds: z.number().positive().default(30).describe('a message taking longer than this to decode goes to quarantine (its thread is restarted)'),
    metrics: z.strictObject({
      port: z.number().int().min(1).max(65535).describe('serve /healthz and /metrics (Prometheus) on this port'),
      host: z.string().default('127.0.0.1').describe('address to listen on; loopback unless a scraper elsewhere needs it'),
    }).optional().describe('serve /healthz and /metrics while `run` runs (docs/operations.md); off unless set'),
  }).default({ maxAttempts: 3, writeEverySeconds: 5, decodeWorkers: 'auto', decodeTimeoutSeconds: 30 }).describe('how `run` works through mail: decodeWorkers and decodeTimeoutSeconds apply to every run; maxAttempts, writeEverySeconds and metrics to `run` without --once (the service)'),
  sources: z.array(z.union([
    z.strictObject({ folder: z.string().describe('a folder of .eml files or a Maildir, relative to the config file; files move to processed/, unrecognised/ or quarantine/ inside it. One that is not there is an error (SOURCE_NOT_FOUND), never "no mail"') }),
    z.strictObject({ imap: imapSource }),
  ]).describe('one place returned mail is read from: a folder or an IMAP mailbox')).default([])
    .describe('where returned mail is read from; `run` reads them all side by side'),
}).superRefine((c, ctx) => {
  // Either a CRM preset or a mapped table of your own.
  if (c.crm && (c.recipients || c.flags)) ctx.addIssue({ code: 'custom', path: ['crm'], message: 'a crm preset maps the tables itself: remove recipients and flags (or remove crm and map your table)' });
  if (!c.crm && !c.recipients) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'is required (or name a CRM preset with crm:)' });
  if (!c.crm && !c.flags) ctx.addIssue({ code: 'custom', path: ['flags'], message: 'is required (or name a CRM preset with crm:)' });
}).refine((c) => c.database.client !== 'sqlite' || !('table' in c.ledger), {
  message: 'with a SQLite database keep the ledger in its own file: ledger: { sqlite: ./data/ledger.sqlite }', path: ['ledger'],
}).describe('One YAML file configures bouncesync: `--config FILE`, default ./bouncesync.yaml. Unknown keys are errors. "${NAME}" anywhere in a value is replaced from the environment and a whole value "file:/path" by that file\'s contents, so secrets never sit in the file; relative paths are relative to the config file');

export type Config = z.infer<typeof configSchema>;
export type DatabaseConfig = Config['database'];
export type RecipientsConfig = Config['recipients'];
export type FlagsConfig = Config['flags'];
export type Policy = Config['policy'];
export type ImapSourceConfig = z.infer<typeof imapSource>;
export type AgentConfig = Config['agent'];

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
