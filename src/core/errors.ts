/**
 * Every code the product raises on purpose, by area: scripts and operators match on these, so a
 * code is never renamed or reused for another failure. A new failure gets a new code here.
 */
export const ERROR_CODES = [
  // configuration file
  'CONFIG_MISSING', 'CONFIG_UNREADABLE', 'CONFIG_YAML', 'CONFIG_INVALID', 'CONFIG_ENV', 'CONFIG_FILE_REF', 'CONFIG_SOURCE_NAME',
  // the customer's database: reaching it, its catalog, the mapped table and columns, a where filter
  'DB_UNAVAILABLE', 'DB_LOGIN_FAILED', 'DB_NOT_FOUND', 'DB_SQL_MODE', 'CATALOG_READ', 'TABLE_MISSING',
  'COLUMN_MISSING', 'COLUMN_TYPE', 'COLUMN_TOO_SHORT', 'NO_UPDATE_RIGHT', 'WHERE_INVALID', 'STATEMENT_PARAM',
  // CRM presets (crm:): a preset refused or unknown, one that does not fit the database, a key it does not take
  'CRM_UNSUPPORTED', 'CRM_UNKNOWN', 'CRM_PREFIX', 'CRM_RECORDS', 'CRM_ENGINE', 'CRM_CAMPAIGN_WHERE', 'CRM_NO_MAPPING',
  // sources of returned mail
  'SOURCE_NOT_FOUND', 'SOURCE_UNREADABLE', 'SOURCE_UNKNOWN_ID',
  'IMAP_CONNECT_FAILED', 'IMAP_AUTH_FAILED', 'IMAP_TLS_REQUIRED', 'IMAP_TLS_UNTRUSTED', 'IMAP_MOVE_FAILED', 'IMAP_UIDVALIDITY_CHANGED',
  // send
  'SEND_USAGE', 'SEND_CONFIG', 'SEND_NO_CAMPAIGN', 'SEND_TEMPLATE', 'SEND_FIELD_UNKNOWN', 'SEND_LOCKED', 'RECIPIENTS_PAGING',
  // review, events, undo
  'REVIEW_UNKNOWN_EVENT', 'REVIEW_UNKNOWN_GROUP', 'REVIEW_NOT_HELD', 'REVIEW_REFUSED', 'RUN_UNKNOWN',
  // service install
  'SERVICE_CONFIG', 'SERVICE_NAME', 'SERVICE_PATH', 'SERVICE_CREDENTIAL', 'SERVICE_SECRET_MISSING', 'SERVICE_SECRET_MODE',
  'SERVICE_SYSTEMCTL', 'SERVICE_WINSW',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every error the agent raises on purpose carries a stable code and a sentence that says the fix.
 * In batches errors are values (see `Result`), not exceptions that stop the run.
 */
export class BounceError extends Error {
  readonly code: ErrorCode;
  readonly fix?: string;
  /** The command line is wrong (a missing or malformed option, a name it gives that is not there): exit 2, not 1. */
  readonly usage: boolean;
  constructor(code: ErrorCode, message: string, opts: { fix?: string; cause?: unknown; usage?: boolean } = {}) {
    super(opts.fix ? `${message} ${opts.fix}` : message, { cause: opts.cause });
    this.name = 'BounceError';
    this.code = code;
    this.fix = opts.fix;
    this.usage = opts.usage ?? false;
  }
}

export function isBounceError(e: unknown): e is BounceError {
  return e instanceof BounceError;
}

/** One line, for a log field or a ledger column; a database error without its statement. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return withoutStatement(text).replace(/\s+/g, ' ').trim().slice(0, 500);
}

// knex words a failed statement as "STATEMENT - reason", the statement with its bound values
// written in: addresses, diagnostic text. They must not reach a log, a ledger note or the terminal.
const STATEMENT = /^\s*(select|insert|update|delete|with|set|pragma|call|create|alter|drop)\b/i;

/** The reason of a database error without the statement in front of it; `statement` tells that there is one. */
export function withoutStatement(text: string, statement = STATEMENT): string {
  const cut = text.lastIndexOf(' - ');
  return cut >= 0 && statement.test(text.slice(0, cut)) ? text.slice(cut + 3) : text;
}

/** An error nobody raised on purpose, for the terminal: its stack, without a statement's values. */
export function unexpected(err: unknown): string {
  if (!(err instanceof Error)) return withoutStatement(String(err));
  const message = withoutStatement(err.message);
  return err.stack ? err.stack.replace(err.message, message) : message;
}

/**
 * A database error without the statement knex puts in front of it: the statement carries bound
 * values (addresses among them), which must not reach logs or the ledger's notes.
 */
export function dbMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return oneLine(withoutStatement(text, /\b(select|insert|update|delete|pragma|set|with|call)\b/i));
}
