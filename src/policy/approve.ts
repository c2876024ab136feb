import type { Policy } from '../config/schema.js';
import type { Decision, Kind } from '../core/types.js';

// Pure: may a person's `review --approve` turn this held event into a flag? Approving is the
// operator's word that the address is dead, in place of the evidence the policy asked for (a
// signed match, no burst). It can only vouch for what the event itself shows: a failure that
// would have flagged on its own (a hard reason) on a row that was found. Null: it may.

/** What the rule reads of a ledger event. */
export interface ApproveEvent {
  id: number;
  decision: Decision;
  state: string;
  matchBy: string;
  rowKey: string | null;
  kind: Kind;
  reason: string | null;
}

export function refusal(e: ApproveEvent, policy: Pick<Policy, 'hard'>): string | null {
  if (e.decision !== 'review' || e.state !== 'none') return `event ${e.id} is not held for review (decision ${e.decision}, state ${e.state})`;
  // Refused outright, no --force: a token that does not verify is what a forged bounce looks like
  // (or a token of another secret), and the design promises a forged bounce never flags a row.
  // Such an event has no row anyway (matching stops at a bad token); dismiss it instead.
  if (e.matchBy === 'bad-token') return `event ${e.id} carries a token that does not verify: it may be forged, and never flags`;
  if (e.rowKey == null) return `event ${e.id} matched no row: there is nothing to flag`;
  if (e.kind === 'feedback' || e.reason === 'feedback') return `event ${e.id} is a complaint, not a dead address: review approves hard failures only`;
  if (!e.reason || !policy.hard.includes(e.reason as Policy['hard'][number])) {
    return `event ${e.id} failed with ${e.reason ?? 'no reason'}, which is not in policy.hard: it says nothing certain about the address`;
  }
  return null;
}
