import { normalAddress } from '../core/address.js';
import type { Decoded, Verdict } from '../core/types.js';
import { verifyToken, type TokenCheck } from './token.js';

// Ties one failed recipient to one row of the customer's table.
// Strong: a valid token whose send went to this address, or the Message-ID of one of our sends.
// Weak: the address alone, and only when such a row exists.

/** One message we sent, as the send ledger (src/send/ledger.ts) knows it; its rows fit as they are. */
export interface SendRecord {
  id: number;                  // the sendId inside the token
  campaign: string;
  rowKey: string | number;
  address: string;
  messageId: string | null;
}

/** The port matching reads sends through; the sender's ledger implements it. */
export interface SendLookup {
  bySendId(id: number): Promise<SendRecord | null>;
  byMessageId(messageId: string): Promise<SendRecord | null>;
  /** Many at once (what matching uses: one read per batch, not per message); absent ids are left out. */
  bySendIds(ids: number[]): Promise<Map<number, SendRecord>>;
}

/** Before anything was sent by us there is nothing to find: the truthful lookup is empty. */
export const noSends: SendLookup = {
  bySendId: async () => null,
  bySendIds: async () => new Map(),
  byMessageId: async () => null,
};

/** Finds rows by address in the customer's table (only used for address matching): one query for many. */
export interface RowFinder {
  /**
   * addresses: as normalAddress() makes them (the map's keys); spellings: the same addresses as the
   * bounces wrote them, which a case-sensitive column's index can find as stored.
   */
  byAddresses(addresses: string[], spellings?: string[]): Promise<Map<string, string | number>>;
}

export interface Match {
  by: 'token' | 'message-id' | 'address' | 'bad-token' | 'none';
  strength: 'strong' | 'weak' | 'none';
  rowKey: string | number | null;
  /** The address the row was sent to (for a strong match) or the failed address. */
  address: string;
  note: string | null;
}

export interface MatchDeps {
  sends: SendLookup;
  rows: RowFinder | null;      // null: address matching is not allowed (policy.match = signed)
  secret: string | undefined;
}

export async function match(decoded: Pick<Decoded, 'token' | 'originalMessageId'>, verdict: Pick<Verdict, 'address'>, deps: MatchDeps): Promise<Match> {
  return (await matchMany([{ decoded, verdict }], deps))[0];
}

/** Matches many recipients (a batch of messages); address matching looks all rows up at once. */
export async function matchMany(items: { decoded: Pick<Decoded, 'token' | 'originalMessageId'>; verdict: Pick<Verdict, 'address'> }[], deps: MatchDeps): Promise<Match[]> {
  // Tokens are checked once, and their sends read in one go.
  const checks = items.map(({ decoded }) => (decoded.token && deps.secret ? verifyToken(deps.secret, decoded.token) : null));
  const ids = checks.flatMap((c) => (c?.ok ? [c.sendId] : []));
  const sends = ids.length ? await deps.sends.bySendIds([...new Set(ids)]) : new Map<number, SendRecord>();
  const out: Match[] = [];
  for (const [i, { decoded, verdict }] of items.entries()) out.push(await strongMatch(decoded, normalAddress(verdict.address), deps, checks[i], sends));
  const wanted = deps.rows ? out.filter((m) => m.by === 'none' && !m.note && m.address.includes('@')) : [];
  if (!deps.rows || wanted.length === 0) return out;
  const spellings = items.flatMap(({ verdict }, i) => (wanted.includes(out[i]) && verdict.address.trim() !== out[i].address ? [verdict.address.trim()] : []));
  const rows = await deps.rows.byAddresses([...new Set(wanted.map((m) => m.address))], [...new Set(spellings)]);
  return out.map((m) => {
    const rowKey = wanted.includes(m) ? rows.get(m.address) : undefined;
    return rowKey == null ? m : { by: 'address', strength: 'weak', rowKey, address: m.address, note: null };
  });
}

// Token, then Message-ID; 'none' with no note means the address may still be tried.
async function strongMatch(decoded: Pick<Decoded, 'token' | 'originalMessageId'>, address: string, deps: MatchDeps,
  check: TokenCheck | null, sends: Map<number, SendRecord>): Promise<Match> {
  const none = (note: string | null): Match => ({ by: 'none', strength: 'none', rowKey: null, address, note });
  if (decoded.token) {
    if (!deps.secret || !check) return { ...none('token present but send.secret is not configured'), by: 'bad-token' };
    // A forged or damaged token is recorded and never flags; we do not fall back to the address.
    if (!check.ok) return { ...none(`token ${check.why}`), by: 'bad-token' };
    const send = sends.get(check.sendId);
    if (send) return strongOrDifferent('token', send, address);
  }
  if (decoded.originalMessageId) {
    const send = await deps.sends.byMessageId(decoded.originalMessageId);
    if (send) return strongOrDifferent('message-id', send, address);
  }
  return none(null);
}

// A bounce for another address than the one we sent to (a forward, an alias) says nothing
// about the row we sent to: flagging it would mark a working address dead.
function strongOrDifferent(by: 'token' | 'message-id', send: SendRecord, address: string): Match {
  if (address && normalAddress(send.address) !== address) {
    return { by, strength: 'none', rowKey: null, address, note: 'failed recipient differs from the address we sent to' };
  }
  return { by, strength: 'strong', rowKey: send.rowKey, address: normalAddress(send.address), note: null };
}
