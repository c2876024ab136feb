// What the SMTP server said about one message to one recipient, from nodemailer's answer.
// We send one message per recipient, so nodemailer reports a refused RCPT TO as an error
// (EENVELOPE, command "RCPT TO", with rejectedErrors) rather than in info.rejected; both shapes
// are read here. Where the refusal happened decides whose fault it is:
//   RCPT TO 5xx      → about the address: classify it like returned mail
//   MAIL FROM / DATA / AUTH 5xx → about our message or account, never the address
//   4xx anywhere, connection trouble → try again later
export type Stage = 'rcpt' | 'mail' | 'data' | 'auth' | 'connection';

export type SmtpOutcome =
  | { kind: 'sent'; reply: string }
  | { kind: 'deferred'; stage: Stage; reply: string; replyCode?: string }
  | { kind: 'rejected'; stage: 'rcpt'; reply: string; replyCode: string }
  | { kind: 'failed'; stage: Stage; reply: string; replyCode?: string }
  // The connection went silent or away after the whole message was sent: it may have been accepted.
  | { kind: 'unknown'; reply: string };

interface SmtpErrorLike {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
  rejectedErrors?: SmtpErrorLike[];
}

interface InfoLike { response?: string; rejected?: unknown[]; rejectedErrors?: SmtpErrorLike[] }

function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
}

function stageOf(command: string | undefined): Stage {
  const c = (command ?? '').toUpperCase();
  if (c.startsWith('RCPT')) return 'rcpt';
  if (c.startsWith('MAIL')) return 'mail';
  if (c.startsWith('AUTH')) return 'auth';
  if (c === 'DATA') return 'data';
  return 'connection';
}

function fromReply(e: SmtpErrorLike, stage: Stage): SmtpOutcome {
  const reply = oneLine(e.response || e.message);
  const code = e.responseCode ?? Number(/^([245]\d\d)/.exec(reply)?.[1] ?? NaN);
  const replyCode = Number.isFinite(code) ? String(code) : undefined;
  if (replyCode?.startsWith('5')) {
    return stage === 'rcpt' ? { kind: 'rejected', stage, reply, replyCode } : { kind: 'failed', stage, reply, replyCode };
  }
  // 4xx, or no reply at all (connection refused, timeout, TLS failure): not about the address.
  if (stage === 'auth' || (!replyCode && e.code === 'ETLS')) return { kind: 'failed', stage, reply, replyCode };
  return { kind: 'deferred', stage, reply, replyCode };
}

/** Reads a sendMail result (info) for our single recipient. */
export function fromInfo(info: InfoLike): SmtpOutcome {
  const refused = info.rejectedErrors?.[0];
  if (refused) return fromReply(refused, 'rcpt');
  return { kind: 'sent', reply: oneLine(info.response) };
}

/** Reads a sendMail error. */
export function fromError(err: unknown): SmtpOutcome {
  const e = (err ?? {}) as SmtpErrorLike;
  // "all recipients were rejected": the one recipient's own reply is in rejectedErrors.
  const refused = e.rejectedErrors?.[0];
  if (refused) return fromReply(refused, 'rcpt');
  return fromReply(e, e.code === 'EAUTH' ? 'auth' : stageOf(e.command));
}

/** No reply at all (connection closed, timed out): the session is gone, not the message refused. */
export function silent(o: SmtpOutcome): boolean {
  return o.kind === 'deferred' && o.stage === 'connection' && !o.replyCode;
}
