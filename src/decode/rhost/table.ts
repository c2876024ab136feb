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

/** The remote server's host name from Remote-MTA ("mx.example.com (192.0.2.1)" → "mx.example.com"), lower-case. */
export function remoteHost(f: Failure): string {
  return (f.remoteMta ?? '').trim().split(/[\s;(]/)[0].toLowerCase();
}

/**
 * A receiver's fixed sentences as a table, read only in that receiver's replies: known by a link
 * or name in the words (`says`) or by the remote server's host name (`hosts`).
 */
export function wordTable(name: string, known: { says: RegExp; hosts: RegExp }, words: ReadonlyArray<[string, Reason]>): ReplyTable {
  return {
    name,
    decoder: name,
    reasonOf(f: Failure): Reason | undefined {
      const text = (f.diagnostic ?? '').toLowerCase();
      if (!known.says.test(text) && !known.hosts.test(remoteHost(f))) return undefined;
      return words.find(([w]) => text.includes(w))?.[1];
    },
  };
}

/**
 * A receiver's own reply codes as a table ("554 RTR:BB", "XGEMAIL_0011"): `code` finds the code in
 * the words (its first group, lower-case, is the key); `codes` gives the reason each documented code
 * names. Undefined for a code the table does not list, so the rules decide.
 */
export function codeTable(name: string, code: RegExp, codes: Readonly<Record<string, Reason>>): ReplyTable {
  return {
    name,
    decoder: name,
    reasonOf(f: Failure): Reason | undefined {
      const m = code.exec((f.diagnostic ?? '').slice(0, 2000).toLowerCase());
      return m ? codes[m[1]] : undefined;
    },
  };
}
