/**
 * Every error the agent raises on purpose carries a stable code and a sentence that says the fix.
 * In batches errors are values (see `Result`), not exceptions that stop the run.
 */
export class BounceError extends Error {
  readonly code: string;
  readonly fix?: string;
  /** The command line is wrong (a missing or malformed option, a name it gives that is not there): exit 2, not 1. */
  readonly usage: boolean;
  constructor(code: string, message: string, opts: { fix?: string; cause?: unknown; usage?: boolean } = {}) {
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

/** One line, for a log field or a ledger column. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
