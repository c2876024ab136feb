import type { Kind, Outcome, Returned } from './types.js';

/** A place returned mail comes from. It never moves or deletes anything until ack(). */
export interface Source {
  name: string;
  pull(signal: AbortSignal): AsyncIterable<Returned>;
  ack(id: string, outcome: Outcome, error?: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Resolves when new mail may have arrived (IMAP IDLE, a poll timer, a closed connection), or
   * when the signal aborts. The agent calls pull() again after it. Without it the agent polls.
   */
  wait?(signal: AbortSignal): Promise<void>;
  /** How many messages the running pull() will hand out, once it knows (for a progress bar). */
  expected?(): number | undefined;
  /** For `bouncesync check`: reaches the source without changing anything and says how it stands; throws a coded error. */
  check?(): Promise<string>;
}

/** What the pipeline does with one message: everything up to and including the ledger commit. */
export interface Processor {
  handle(m: Returned): Promise<Handled>;
  /** Many messages, one ledger commit; a message that failed alone comes back as its Error. */
  handleMany?(ms: Returned[]): Promise<(Handled | Error)[]>;
  /** Write pending ledger events to the customer table; throws while the database is unreachable. */
  writeBack(): Promise<{ written: number; pending: number }>;
}

export interface Handled { outcome: Outcome; kind: Kind; unmatched?: number }
