import { createHash } from 'node:crypto';
import type { Decision, Kind, Verdict } from '../core/types.js';
import type { Policy } from '../config/schema.js';
import type { Match } from '../match/index.js';

// Pure: the same verdict, match, history and policy always give the same decision.
//   hard reason (policy.hard)        → flag now
//   soft reason (policy.softReasons) → counted once a day; flag after flagAfter days within withinDays
//   complaint                        → opt-out, when an opt-out column is configured
//   auto-reply, delay, block, ...    → ignore
//   weak match under "signed", bad token, recipient differs → review, never flag

export interface DecideInput {
  kind: Kind;
  verdict: Pick<Verdict, 'reason' | 'action'> | null;
  match: Pick<Match, 'by' | 'strength' | 'rowKey' | 'note'>;
  /** Distinct earlier days (UTC) with a counted soft bounce for this row in the window. */
  softDaysBefore: string[];
  day: string;
}

export interface DecideResult {
  decision: Decision;
  why: string;
  softCounted: boolean;
  softCount: number | null;
}

// Unmatched, said as it happened: under "signed" no row is looked up by address at all.
function noMatch(policy: Policy): string {
  return policy.match === 'signed'
    ? 'no valid token and no Message-ID of a send of ours (policy.match is signed: rows are not looked up by address)'
    : 'no token or send of ours, and no row with this address';
}

export function decide(input: DecideInput, policy: Policy, opts: { optOut: boolean }): DecideResult {
  const out = (decision: Decision, why: string): DecideResult => ({ decision, why, softCounted: false, softCount: null });
  const { kind, verdict, match } = input;

  if (kind === 'error') return out('error', 'message could not be decoded');
  if (kind === 'autoreply' || kind === 'delivered' || kind === 'not-bounce' || kind === 'delay') return out('ignore', `${kind}: not a failure`);
  if (!verdict) return out('ignore', 'no recipient');
  if (kind === 'feedback' || verdict.reason === 'feedback') {
    if (!opts.optOut) return out('ignore', 'complaint; no flags.optOut column configured');
    if (match.rowKey == null) return out('unmatched', `complaint; ${noMatch(policy)}`);
    if (match.strength !== 'strong' && policy.match === 'signed') return out('review', 'complaint matched by address only; policy.match is signed');
    return out('optout', 'complaint (ARF)');
  }
  if (verdict.action !== 'failed') return out('ignore', `action ${verdict.action}: not a failure`);

  const hard = policy.hard.includes(verdict.reason);
  const soft = policy.softReasons.includes(verdict.reason);
  if (!hard && !soft) return out('ignore', `${verdict.reason} says nothing about the address`);
  if (match.by === 'bad-token') return out('review', `bad token (${match.note ?? 'invalid'}): never flags`);
  if (match.rowKey == null) return out(match.note ? 'review' : 'unmatched', match.note ?? noMatch(policy));
  if (match.strength === 'weak' && policy.match === 'signed') return out('review', 'matched by address only; policy.match is signed');

  if (hard) return out('flag', `${verdict.reason} is in policy.hard`);
  const days = new Set(input.softDaysBefore);
  days.add(input.day);
  const count = days.size;
  if (count >= policy.soft.flagAfter) {
    return { decision: 'flag', why: `${count} days with a soft bounce within ${policy.soft.withinDays} days (flagAfter ${policy.soft.flagAfter})`, softCounted: true, softCount: count };
  }
  return { decision: 'soft', why: `soft bounce, day ${count} of ${policy.soft.flagAfter} within ${policy.soft.withinDays} days`, softCounted: true, softCount: count };
}

/** Identical failures in a burst are a block of the sender, not dead addresses. */
export function fingerprint(v: Pick<Verdict, 'reason' | 'diagnostic' | 'remoteMta'>): string {
  const text = (v.diagnostic ?? '').toLowerCase().replace(/[^\s<>@]+@[^\s<>]+/g, '@').replace(/\d+/g, '#').slice(0, 200);
  return createHash('sha1').update(`${v.reason}|${v.remoteMta ?? ''}|${text}`).digest('hex');
}
