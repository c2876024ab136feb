import type { Outcome, Returned } from './types.js';

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
