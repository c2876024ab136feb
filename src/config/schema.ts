import { z } from 'zod';
import { HARD_REASONS, REASONS } from '../core/types.js';
import { campaignsSchema, sendSchema } from './send.js';

// The one source of the Config type (z.infer below) and of config/bouncesync.schema.json
// (z.toJSONSchema, written by scripts/config-schema.mjs and checked by a test).
// Every key carries a description: it is the documentation editors show.

const identifier = z.string().min(1).max(128).describe('a table or column name, exactly as the database spells it');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const connection = z.union([
  z.string().describe('a connection URL, e.g. postgres://user:${DB_PASSWORD}@host/db'),
  z.strictObject({
    host: z.string().optional(),
    port: z.number().int().optional(),
    user: z.string().optional(),
    password: z.string().optional().describe('use "${ENV_VAR}" or "file:/path", never the secret itself'),
    database: z.string().optional(),
    filename: z.string().optional().describe('sqlite only: path of the database file'),
    options: z.record(z.string(), z.unknown()).optional().describe('passed to the driver as is (e.g. mssql: { encrypt: true })'),
  }),
]);

const flagValue = z.strictObject({
  column: identifier,
  value: scalar.default(1).describe('the absolute value written; never an increment'),
});

// sources: - imap: (README "Reading the bounce mailbox"). Folders are created if missing.
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
  }).default({ rejectUnauthorized: true }),
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
});

export const configSchema = z.strictObject({
  database: z.strictObject({
    client: z.enum(['sqlite', 'mysql', 'postgres', 'mssql']).describe('which adapter in adapters/ talks to your database'),
    connection,
    lockTimeoutMs: z.number().int().positive().default(5000).describe('how long one write batch waits for a row lock before it is retried'),
    connectTimeoutMs: z.number().int().positive().default(10_000).describe('how long to wait for a connection before the database counts as down (events then wait in the ledger)'),
    batchSize: z.number().int().positive().max(5000).default(500).describe('rows per write transaction (mssql is capped by its 2,100-parameter limit)'),
  }),
  recipients: z.strictObject({
    table: identifier.describe('the table holding the addresses; "schema.table" allowed'),
    key: identifier.describe('its primary key column'),
    email: identifier.describe('the address column; compared trimmed and case-insensitively'),
    where: z.string().optional().describe('extra condition limiting which rows may be flagged, with :name parameters, e.g. "list_id = :list"'),
    params: z.record(z.string(), scalar).default({}).describe('values for the :name parameters in where'),
  }),
  flags: z.strictObject({
    hard: flagValue.optional().describe('required unless "statement" is used: the column set when an address is dead'),
    reason: identifier.optional().describe('column for the reason (userunknown, hostunknown, ...)'),
    status: identifier.optional().describe('column for the enhanced status code, e.g. 5.1.1'),
    at: identifier.optional().describe('column for the date of the bounce'),
    softCount: identifier.optional().describe('column for the number of days with a soft bounce in the window (absolute)'),
    optOut: flagValue.optional().describe('column set when a recipient complains (ARF); only if set'),
    statement: z.string().optional().describe('instead of columns: a statement run per flagged row with :key, :reason, :status, :at, :softCount'),
  }).refine((f) => f.hard || f.statement, { message: 'set flags.hard (a column and value) or flags.statement' }),
  policy: z.strictObject({
    hard: z.array(z.enum(REASONS)).default([...HARD_REASONS]).describe('reasons that flag at once'),
    soft: z.strictObject({
      flagAfter: z.number().int().positive().default(5).describe('flag after this many days with a soft bounce'),
      withinDays: z.number().int().positive().default(30).describe('counted within this many days'),
    }).default({ flagAfter: 5, withinDays: 30 }),
    softReasons: z.array(z.enum(REASONS)).default(['mailboxfull', 'exceedlimit', 'systemfull', 'suspend', 'expired', 'mesgtoobig'])
      .describe('reasons counted as soft bounces; any other failure (blocked, spamdetected, ...) is ignored'),
    match: z.enum(['signed', 'address']).default('signed').describe('signed: only a valid token or a Message-ID we sent may flag; address: the address alone may too'),
    burst: z.number().int().positive().default(200).describe('this many identical hard failures (same reason, remote server and words, addresses and numbers aside) within an hour look like a block of the sender: review, not flag. Raise it for large campaigns to one provider'),
  }).default({ hard: [...HARD_REASONS], soft: { flagAfter: 5, withinDays: 30 }, softReasons: ['mailboxfull', 'exceedlimit', 'systemfull', 'suspend', 'expired', 'mesgtoobig'], match: 'signed', burst: 200 }),
  ledger: z.union([
    z.strictObject({ sqlite: z.string().describe('path of the embedded ledger file') }),
    z.strictObject({ table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('prefix of the ledger tables kept in the database above, e.g. bouncesync_') }),
  ]).default({ sqlite: './data/ledger.sqlite' }),
  send: sendSchema,
  campaigns: campaignsSchema,
  agent: z.strictObject({
    maxAttempts: z.number().int().positive().default(3).describe('a message whose processing fails this many times (a file that cannot be read too) goes to quarantine, under run --once as under the service'),
    writeEverySeconds: z.number().positive().default(5).describe('how often `run` writes pending events to the database'),
    decodeWorkers: z.union([z.literal('auto'), z.number().int().min(0).max(32)]).default('auto')
      .describe('threads that decode returned mail beside the agent\'s own (auto: one per spare core, 1 to 4; 0: decode on the agent\'s thread)'),
    decodeTimeoutSeconds: z.number().positive().default(30).describe('a message taking longer than this to decode goes to quarantine (its thread is restarted)'),
    metrics: z.strictObject({
      port: z.number().int().min(1).max(65535).describe('serve /healthz and /metrics (Prometheus) on this port'),
      host: z.string().default('127.0.0.1').describe('address to listen on; loopback unless a scraper elsewhere needs it'),
    }).optional(),
  }).default({ maxAttempts: 3, writeEverySeconds: 5, decodeWorkers: 'auto', decodeTimeoutSeconds: 30 }).describe('the long-running `run` (service) mode'),
  sources: z.array(z.union([
    z.strictObject({ folder: z.string().describe('a folder of .eml files or a Maildir') }),
    z.strictObject({ imap: imapSource }),
  ])).default([]),
}).refine((c) => c.database.client !== 'sqlite' || !('table' in c.ledger), {
  message: 'with a SQLite database keep the ledger in its own file: ledger: { sqlite: ./data/ledger.sqlite }', path: ['ledger'],
}).describe('bouncesync configuration');

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
