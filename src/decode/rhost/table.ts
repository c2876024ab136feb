import type { Failure, Reason } from '../../core/types.js';

/**
 * One receiving system's replies as data: the reason its own words or codes name. `reasonOf`
 * answers only for that system's replies (known by its host, its links or its codes) and is
 * undefined otherwise. `decoder`, when set, is the name under which a standard DSN carrying such
 * a reply is read by this table (rhost/dsn.ts).
 */
export interface ReplyTable {
  name: string;
  decoder?: string;
  reasonOf(f: Failure): Reason | undefined;
}
