// classify: a Failure (what a decoder saw) → a Verdict (reason, hard, and the rule that said so).
import { HARD_REASONS, type Failure, type Reason, type Verdict } from '../core/types.js';
import { PHRASE_RULES, REPLY_RULES, STATUS_RULES, type Rule } from './rules.js';

export interface ClassifyOptions {
  /** Reasons that mean the address is dead. Default: userunknown, hostunknown, hasmoved, notaccept. */
  hardReasons?: readonly Reason[];
}

export function classify(f: Failure, opts: ClassifyOptions = {}): Verdict {
  const hardSet = opts.hardReasons ?? HARD_REASONS;
  const { reason, rule } = pickReason(f);
  // Only a failure can be hard: a delayed or delivered recipient says nothing final.
  const hard = f.action === 'failed' && hardSet.includes(reason);
  return { ...f, reason, hard, rule };
}

function pickReason(f: Failure): { reason: Reason; rule: string } {
  if (f.reason) return { reason: f.reason, rule: `decoder:${f.decodedBy}` };
  if (f.action === 'delivered' || f.action === 'relayed' || f.action === 'expanded') return { reason: 'delivered', rule: 'action-delivered' };
  const text = (f.diagnostic ?? '').toLowerCase();
  const hit = PHRASE_RULES.find((r) => matches(r, text, f)) ?? STATUS_RULES.find((r) => matches(r, text, f)) ?? REPLY_RULES.find((r) => matches(r, text, f));
  if (hit) return { reason: hit.reason, rule: hit.id };
  return { reason: f.action === 'delayed' ? 'expired' : 'undefined', rule: 'none' };
}

/** Every condition the rule names must hold. */
export function matches(rule: Rule, lowerText: string, f: Pick<Failure, 'status' | 'replyCode'>): boolean {
  if (rule.phrase && !rule.phrase.some((p) => lowerText.includes(p))) return false;
  if (rule.status && !(f.status && rule.status.some((s) => (s.endsWith('.') ? f.status!.startsWith(s) : f.status === s)))) return false;
  if (rule.reply && !(f.replyCode && rule.reply.includes(f.replyCode))) return false;
  return Boolean(rule.phrase || rule.status || rule.reply);
}
