// classify: a Failure (what a decoder saw) → a Verdict (reason, hard, and the rule that said so).
//
// The order is the policy, modelled on the reference decoder (Sisimai) so results compare:
//  1. a reason the decoder set (it knows its system's words) wins;
//  2. FIRST: reasons tried in order, each by its status code or its words; "userunknown" only
//     under an x.1.1-type status without other reasons' words, or in reply to RCPT TO; the same
//     words after DATA (or with no command known) mean a filter refused it: "filtered". A status
//     names its reason here unless it is one used loosely in the wild (LOOSE_STATUS) or words
//     known to overrule it are there (OVERRULED_BY);
//  3. a permanent refusal of the greeting: the connecting host was refused ("blocked");
//  4. a status code that names a reason by itself;
//  5. SECOND: the remaining reasons by their words;
//  6. the greeting or HELO refused for now, the reply code (RFC 5321) before a loose status's
//     name, the status class (x.6 content, x.7 security), the action.
// `hard` is only ever true for the policy's hard reasons on a failed recipient.
import { HARD_REASONS, type Failure, type Reason, type Verdict } from '../core/types.js';
import { foldReply, plainWords } from './reply.js';
import { LOOSE_STATUS, OVERRULED_BY, REPLY_RULES, STATUS_NAMES } from './codes.js';
import { EXPLICIT_UNKNOWN, HELO_WORDS, PHRASE_RULES, type Rule } from './rules.js';

export interface ClassifyOptions {
  /** Reasons that mean the address is dead. Default: userunknown, hostunknown, hasmoved, notaccept. */
  hardReasons?: readonly Reason[];
}

// An entry "reason/what" is one rule asked at that place, ahead of the reasons after it: a TLS
// requirement says why even a "rate limited" or "mailbox full" status came, and a refusal of our
// own sending account is not a relay refusal ("Email relay denied ... The sending email account has
// been temporarily suspended").
const FIRST: ReadonlyArray<Reason | `${Reason}/${string}`> = ['failedstarttls/required', 'mailboxfull', 'mesgtoobig', 'exceedlimit', 'suspend', 'hasmoved',
  'rejected/sender-named', 'norelaying', 'authfailure', 'userunknown', 'filtered', 'requireptr', 'notcompliantrfc', 'rejected', 'hostunknown', 'spamdetected',
  'badreputation', 'speeding', 'toomanyconn', 'syntaxerror/helo', 'blocked'];
const SECOND: Reason[] = ['mailboxfull', 'spamdetected', 'policyviolation', 'virusdetected', 'norelaying', 'authfailure', 'badreputation',
  'failedstarttls', 'securityerror', 'syntaxerror', 'systemerror', 'networkerror', 'speeding', 'suspend', 'expired', 'contenterror', 'systemfull', 'notaccept', 'mailererror', 'onhold'];
// Status names too vague to decide alone: the words are asked first.
const VAGUE = new Set<Reason>(['undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'suspend', 'networkerror', 'hostunknown', 'userunknown']);
// Words of other reasons that overrule an x.1.1 status ("550 5.1.1 ... Relay access denied",
// "550 5.1.1 ... rejected as spam"): the signals disagree, and the answer is the one that is not hard.
const NOT_UNKNOWN: Reason[] = ['norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept', 'filtered', 'spamdetected', 'policyviolation', 'authfailure', 'virusdetected', 'speeding', 'toomanyconn'];
// A DNS lookup that failed for now says nothing final about the domain. These are the resolver's
// own words for that (h_errno TRY_AGAIN, SERVFAIL, a timeout), as mail systems pass them on:
// Postfix: "Name service error for name=example.org type=MX: Host not found, try again"
// Postfix: "Name service error for name=example.org type=MX: Malformed or unexpected name server reply"
// "Temporary failure in name resolution", "DNS lookup timed out", "SERVFAIL";
// Exim: "R=dnslookup defer (-1): host lookup did not complete".
// Not a bare "try again": that is advice in permanent refusals too (Hotmail: "the domain is not
// reachable. Please check the domain and try again"; qmail: "I'm not going to try again").
const TEMPORARY_DNS = ['host not found, try again', 'malformed or unexpected name server reply', 'server failure', 'servfail', 'timed out', 'temporary', 'host lookup did not complete'];
// Words that make even a RCPT-time refusal something other than an unknown user.
const NOT_UNKNOWN_AT_RCPT: Reason[] = ['norelaying', 'mailboxfull', 'spamdetected', 'policyviolation', 'blocked'];
const BEFORE_RCPT = new Set(['CONN', 'EHLO', 'HELO', 'MAIL']);
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'MAIL', 'RCPT']);

const byReason = new Map<Reason, Rule[]>();
for (const r of PHRASE_RULES) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r]);
const byId = new Map(PHRASE_RULES.map((r) => [r.id, r]));
for (const r of FIRST) if (r.includes('/') && !byId.has(r)) throw new Error(`classify: FIRST names no rule ${r}`);

export function classify(f: Failure, opts: ClassifyOptions = {}): Verdict {
  const hardSet = opts.hardReasons ?? HARD_REASONS;
  const picked = pickReason(f);
  // A refusal of MAIL FROM is about the sender (its host, its domain), never the recipient's
  // address: "553 5.1.0 <sender> ... does not exist" after MAIL FROM must not flag the recipient.
  const { reason, rule } = f.command === 'MAIL' && HARD_REASONS.includes(picked.reason) && !f.reason
    ? { reason: 'rejected' as Reason, rule: `${picked.rule}, refused at MAIL FROM` } : picked;
  // Only a failure can be hard: a delayed or delivered recipient says nothing final.
  const hard = f.action === 'failed' && hardSet.includes(reason);
  return { ...f, reason, hard, rule };
}

type Pick = { reason: Reason; rule: string };

export function pickReason(f: Failure): Pick {
  if (f.reason) return { reason: f.reason, rule: `decoder:${f.decodedBy}` };
  if (f.action === 'delivered' || f.action === 'relayed' || f.action === 'expanded' || f.status?.startsWith('2.')) return { reason: 'delivered', rule: 'action-delivered' };
  // The words read as if the addresses in them were not there: "User <a@x> does not exist" and
  // "Recipient a@x not found" say what "user does not exist" and "recipient not found" say.
  const folded = plainWords(foldReply((f.diagnostic ?? '').toLowerCase()));
  const text = folded.includes('@') ? folded.split(/\s+/).filter((w) => !w.includes('@')).join(' ') : folded;
  const named = f.status ? STATUS_NAMES[f.status] : undefined;
  const said = (rule: Rule): boolean => (!rule.at || rule.at.includes(f.command ?? '')) && (rule.phrase.some((p) => text.includes(p)) || Boolean(rule.pattern?.test(text)));
  // A reason's words are asked many times over (each FIRST reason, the ones that overrule a status,
  // the ones that overrule "unknown"); the answer for one failure is the same each time.
  const found = new Map<Reason, Rule | undefined>();
  const words = (r: Reason): Rule | undefined => {
    if (found.has(r)) return found.get(r);
    const rule = byReason.get(r)?.find(said);
    found.set(r, rule);
    return rule;
  };
  // The status names the reason before the words do, unless it is one of the codes used too loosely
  // in the wild to say it alone, or the words of a reason known to overrule it are there ("550 5.2.2
  // Submission quota exceeded" is the sender's quota, not a full mailbox).
  const strong = (r: Reason | undefined): boolean => Boolean(r) && r === named && !VAGUE.has(r!) && !LOOSE_STATUS.has(f.status!)
    && !(OVERRULED_BY[r!] ?? []).some((o) => words(o));

  // A local delivery program's failure is not a remote server's SMTP answer, so the first pass
  // does not apply: "X-Unix;" always, and an "X-Postfix;" that names one ("procmail: ...");
  // Postfix's other X-Postfix texts (DNS, connections) read like SMTP answers.
  const local = f.diagnosticType?.startsWith('x-unix') || (f.diagnosticType === 'x-postfix' && Boolean(words('mailererror')));
  const smtp = !local;
  for (const r of smtp ? FIRST : []) {
    const one = byId.get(r);
    if (one && said(one)) return { reason: one.reason, rule: one.id };
    const hit = one ? undefined : first(r as Reason, f, text, named, words, strong);
    if (hit) return hit;
  }
  // A permanent refusal of the greeting, before any command: the server refused the connecting
  // host whatever its words (postscreen's "550 5.3.2 Service currently unavailable", "554 IP=... (BL)").
  if (f.command === 'CONN' && (f.status?.startsWith('5') || f.replyCode?.startsWith('5'))) return { reason: 'blocked', rule: 'permanent refusal at connection' };
  if (strong(named)) return { reason: named!, rule: `status ${f.status}` };
  for (const r of SECOND) {
    const rule = words(r);
    if (rule) return { reason: r, rule: rule.id };
  }
  // A status that names a dead domain over the resolver's words for a lookup that failed for now
  // ("5.4.4 ... host lookup did not complete"): the lookup failed, the domain is not known dead.
  if (named === 'hostunknown' && TEMPORARY_DNS.some((p) => text.includes(p))) return { reason: 'networkerror', rule: `status ${f.status}, temporary DNS failure` };
  // A recipient-address status given before any recipient was named (after MAIL FROM) is
  // about the sender, not the recipient: "550 5.1.0 <sender@...> sender rejected".
  // Refused at MAIL FROM under a status that names nothing more (x.7.1 "not authorized"): the
  // sender was refused ("550 5.7.1 <sender@example.org>... Access denied").
  if (f.command === 'MAIL' && (!named || VAGUE.has(named))) return { reason: 'rejected', rule: `command MAIL (sender refused), status ${f.status ?? 'none'}` };
  // The greeting, or a HELO answered "try later", refused with no words that name a reason, under a
  // security status or none: the sending host was refused for now ("421 4.7.0 Try again later,
  // closing connection. (EHLO)"). A permanent "5.7.1 Access denied" to HELO stays a security refusal.
  const temporary = f.status?.startsWith('4') || f.replyCode?.startsWith('4');
  if ((f.command === 'CONN' || (f.command === 'EHLO' && temporary)) && (!named || named === 'securityerror')) return { reason: 'blocked', rule: `command ${f.command}` };
  const early = Boolean(f.command && BEFORE_RCPT.has(f.command));
  // A loosely used status with no words for a reason: the reply code's own meaning comes first
  // ("451 4.7.1 Try again later": RFC 5321's 451 is a local error in processing).
  const byReply = f.replyCode ? REPLY_RULES.find((r) => r.reply.includes(f.replyCode!)) : undefined;
  if (byReply && LOOSE_STATUS.has(f.status ?? '') && f.action !== 'delayed') return { reason: byReply.reason, rule: `${byReply.id} (status ${f.status} is loose)` };
  if (named && !(early && (named === 'userunknown' || named === 'hostunknown' || named === 'filtered'))) return { reason: named, rule: `status ${f.status}` };
  if (local) return { reason: 'mailererror', rule: `diagnostic type ${f.diagnosticType}` };
  const cls = f.status?.slice(0, 3);
  if (cls === '5.6' || cls === '4.6') return { reason: 'contenterror', rule: 'status class x.6' };
  if (cls === '5.7' || cls === '4.7') return { reason: 'securityerror', rule: 'status class x.7' };
  if (f.action === 'delayed') return { reason: 'expired', rule: 'action-delayed' };
  if (byReply) return { reason: byReply.reason, rule: byReply.id };
  if (f.command === 'EHLO' || f.command === 'CONN') return { reason: 'blocked', rule: `command ${f.command}` };
  // Refused at MAIL FROM with nothing more specific said: the sender was refused.
  if (f.command === 'MAIL') return { reason: 'rejected', rule: 'command MAIL (sender refused)' };
  // Words we could not read are "onhold" (worth a look); no words at all (or only the address) "undefined".
  const readable = text.replace(/[^\p{L}\p{N}]+/gu, '');
  return readable ? { reason: 'onhold', rule: 'none (text not understood)' } : { reason: 'undefined', rule: 'none' };
}

function first(r: Reason, f: Failure, text: string, named: Reason | undefined, words: (r: Reason) => Rule | undefined, strong: (r: Reason | undefined) => boolean): Pick | undefined {
  if (r === 'userunknown') {
    // Refused before any recipient was named: whatever the words, it is not about the recipient.
    if (named === 'suspend' || (f.command && BEFORE_RCPT.has(f.command))) return undefined;
    // A status about the sender's address ("550 5.1.7 Invalid address") disagrees with unknown-user
    // words, even at RCPT TO: the answer is not hard.
    if (named === 'rejected' && strong(named)) return undefined;
    if (named === 'userunknown') {
      if (NOT_UNKNOWN.some((o) => words(o))) return undefined;
      return { reason: r, rule: `status ${f.status}` };
    }
    // An addressing status about the destination ("550 5.1.10 RESOLVER.ADR.RecipientNotFound",
    // Office 365's "5.1.351") with the words of an unknown user is as good as RCPT.
    const addressing = f.status !== undefined && /^5\.1\.(?:[013-6]|\d{2,3})$/.test(f.status);
    // A local delivery agent's "unknown user" ("mail.local: unknown user: neko") is as final as RCPT.
    const explicit = EXPLICIT_UNKNOWN.some((p) => text.includes(p));
    const authoritative = f.command === 'RCPT' || f.command === 'LOCAL' || addressing || explicit;
    const rule = authoritative && !words('rejected') && !NOT_UNKNOWN_AT_RCPT.some((o) => words(o)) ? words(r) : undefined;
    const why = explicit ? 'explicit' : f.command === 'RCPT' || f.command === 'LOCAL' ? f.command : `status ${f.status}`;
    return rule ? { reason: r, rule: `${rule.id} (${why})` } : undefined;
  }
  if (r === 'filtered') {
    if (named === 'suspend') return undefined;
    // The recipient's own restriction in so many words ("Sender not in allowed-senders list"), at
    // any stage once a recipient is named.
    const own = f.command && BEFORE_RCPT.has(f.command) ? undefined : words('filtered');
    if (own) return { reason: r, rule: own.id };
    // Unknown-user words after DATA (or with no command known) are a filter's answer, unless the
    // status names another reason ("5.1.7 Invalid address" is the sender's).
    if (named !== 'filtered' && f.command && BEFORE_DATA.has(f.command)) return undefined;
    if (named !== 'filtered' && strong(named)) return undefined;
    // Unknown-user words about the sender ("Domain of sender address x does not exist") are not a filter's.
    const rule = words('rejected') ? undefined : words('userunknown');
    if (rule) return { reason: r, rule: `${rule.id} (${named === 'filtered' ? `status ${f.status}` : `after ${f.command ?? 'an unknown command'}`})` };
    return undefined;
  }
  // A suspended or disabled account of the SENDER ("The sending email account has been temporarily
  // suspended", "the sender account is disabled") refuses the sender, not the recipient.
  if (r === 'suspend' && words('rejected')) return undefined;
  if (r === 'hostunknown') {
    if (f.command && BEFORE_RCPT.has(f.command)) return undefined;
    // A status that names another reason outright disagrees with words of a dead domain ("5.5.4
    // Invalid domain name" is a bad argument): the answer is the one that is not hard.
    if (named && named !== 'hostunknown' && strong(named)) return undefined;
    // "Helo command rejected: Host not found" is about our host's name, not the recipient's domain.
    if (HELO_WORDS.some((p) => text.includes(p))) return undefined;
    // A temporary DNS failure ("Host not found, try again") says nothing final about the domain.
    if (f.status?.startsWith('4') || TEMPORARY_DNS.some((p) => text.includes(p))) return undefined;
    if (named === 'hostunknown') return { reason: r, rule: `status ${f.status}` };
    const rule = words(r);
    return rule ? { reason: r, rule: rule.id } : undefined;
  }
  if (strong(r)) return { reason: r, rule: `status ${f.status}` };
  const rule = words(r);
  return rule ? { reason: r, rule: rule.id } : undefined;
}
