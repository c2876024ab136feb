// The data that flows one way through the agent:
// Returned (raw, from a source) → Decoded (failures found) → Verdict (classified)
// → Decision (policy) → ledger event → row change.

/** Sisimai's reason vocabulary, so our results compare with the reference decoder. */
export const REASONS = [
  'userunknown', 'hostunknown', 'hasmoved', 'notaccept',
  'mailboxfull', 'exceedlimit', 'mesgtoobig', 'systemfull', 'suspend', 'expired',
  'networkerror', 'systemerror', 'toomanyconn', 'speeding', 'blocked', 'badreputation',
  'requireptr', 'authfailure', 'securityerror', 'spamdetected', 'virusdetected',
  'contenterror', 'policyviolation', 'rejected', 'filtered', 'norelaying',
  'notcompliantrfc', 'failedstarttls', 'syntaxerror', 'mailererror', 'suppressed',
  'onhold', 'undefined',
  // Not failures: reports about the message, never about a dead address.
  'feedback', 'vacation', 'delivered',
] as const;
export type Reason = (typeof REASONS)[number];

/** Reasons that say the address itself is dead (the default hard set). */
export const HARD_REASONS: readonly Reason[] = ['userunknown', 'hostunknown', 'hasmoved', 'notaccept'];
export const NON_FAILURES: readonly Reason[] = ['feedback', 'vacation', 'delivered'];

export type Kind = 'bounce' | 'delay' | 'feedback' | 'autoreply' | 'delivered' | 'not-bounce' | 'error';
export type Action = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** One recipient as a decoder saw it, before classification. */
export interface Failure {
  address: string;
  action: Action;
  status?: string;        // enhanced status code, e.g. "5.1.1"
  replyCode?: string;     // SMTP reply code, e.g. "550"
  diagnostic?: string;    // the remote server's words, one line
  diagnosticType?: string; // DSN Diagnostic-Code type: "smtp", "x-unix", "x-postfix" ... (lower-case)
  remoteMta?: string;
  command?: string;       // SMTP command the failure answered (RCPT, DATA, MAIL, EHLO, CONN), when known
  reason?: Reason;        // set when the decoder knows better than the rules (vacation, feedback, MTA-specific)
  feedbackType?: string;  // ARF Feedback-Type
  decodedBy: string;      // decoder name: dsn, postfix, exim, ...
}

/** A classified failure: the reason, whether the address is dead, and the rule that said so. */
export interface Verdict extends Failure {
  reason: Reason;
  hard: boolean;
  rule: string;
}

/** The decoder's whole answer for one message. */
export interface Decoded {
  kind: Kind;
  recipients: Verdict[];
  messageId: string | null;          // of the returned message itself
  originalMessageId: string | null;  // of our original message, when quoted
  token: string | null;              // our tracking token, when found (unverified here)
  /** Set only when the message named more distinct recipients than are reported (decode/recipients.ts MAX_RECIPIENTS): how many it named. */
  recipientsFound?: number;
  error?: string;                    // one line, for kind "error"
}

/** Something a source yields: a raw message, or a refusal seen while sending. */
export interface Returned {
  id: string;             // stable within the source: IMAP "uidvalidity:uid", a file path, ...
  source: string;         // source name
  raw: Buffer;
  receivedAt?: Date;
  /** The source reads on (and runs the moves acked so far) only after this one: ack what you hold first. */
  roundEnd?: boolean;
  /** Decoding started by a source that read this message ahead (see SourceDeps.decodeAhead). */
  decoded?: Promise<Decoded>;
  /** The source found this message but could not read it (raw is empty): it fails this attempt, undecoded. */
  unreadable?: Error;
}

export type Outcome = 'processed' | 'unrecognised' | 'quarantined';

/** What the policy decided for one event (src/policy/decide.ts); the ledger keeps it. */
export type Decision = 'flag' | 'soft' | 'optout' | 'ignore' | 'review' | 'unmatched' | 'error';
