import type { Outcome, Returned } from './types.js';

/** A place returned mail comes from. It never moves or deletes anything until ack(). */
export interface Source {
  name: string;
  pull(signal: AbortSignal): AsyncIterable<Returned>;
  ack(id: string, outcome: Outcome, error?: string): Promise<void>;
  close(): Promise<void>;
}
