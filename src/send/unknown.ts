// The rows of a campaign whose outcome is unknown (handed to the server, then the run stopped or the
// server went away before it answered), as `send --resend-unknown` lists them before it sends them again.
import type { SendLedger } from './ledger.js';

export interface UnknownListing {
  /** Rows in state `unknown`. */
  count: number;
  /** The first few, oldest first: the address and when the lost attempt was handed to the server. */
  first: { to: string; at: string }[];
  oldest: string | null;
  newest: string | null;
  /** Rows still `sending`: a run in progress, or one that stopped (the next send makes them `unknown`). */
  sending: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function listUnknown(ledger: SendLedger, campaign: string, sample = 5): UnknownListing {
  const u = ledger.unknown(campaign, sample);
  return {
    count: u.count,
    first: u.first.map((r) => ({ to: r.address, at: new Date(r.updatedAt).toISOString() })),
    oldest: iso(u.oldest),
    newest: iso(u.newest),
    sending: ledger.counts(campaign).sending,
  };
}
