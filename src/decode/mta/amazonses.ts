// Amazon SES, sending side. Two shapes:
//
// 1. An SNS notification mailed to a subscriber (From: no-reply@sns.amazonaws.com, header
//    x-amz-sns-message-id), its body one JSON object, bare or inside the SNS envelope's "Message":
//
//      {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
//       "bouncedRecipients":[{"emailAddress":"x@example.com","action":"failed","status":"5.1.1",
//       "diagnosticCode":"smtp; 550 5.1.1 user unknown"}], ...}, "mail":{...}}
//
//    "Complaint" and "Delivery" notifications come the same way: reports, not failures.
//    Sendmail folds the long JSON line as "!\n " on the way; JSON never has "!" between tokens.
//
// 2. A DSN from MAILER-DAEMON@...amazonses.com whose Status is "5.0.0 (permanent failure)" and
//    whose Diagnostic-Code quotes the remote reply inside SES's own code:
//      Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.2.2 <x@example.jp>... Mailbox Full'
//    The remote code (5.2.2, 550) is the one that says what happened.
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus, normaliseStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from './remote.js';

// bounceSubType → reason, where SES itself says what happened (its documented sub-types).
const SUBTYPE: Record<string, Reason> = {
  NoEmail: 'userunknown', Suppressed: 'suppressed', OnAccountSuppressionList: 'suppressed',
  MailboxFull: 'mailboxfull', MessageTooLarge: 'mesgtoobig', ContentRejected: 'contenterror', AttachmentRejected: 'contenterror',
};
const QUOTED_REPLY = /\b([245]\d\d)-'([^']{0,1000})'/;

type Json = Record<string, unknown>;

export const amazonses: Decoder = {
  name: 'amazonses',
  decode(mail: Mail): Failure[] {
    const from = mail.from;
    if (from.endsWith('@sns.amazonaws.com') || mail.header('x-amz-sns-message-id') !== undefined) return fromNotification(mail).map(byRemoteHost);
    if (/^mailer-daemon@(?:[a-z0-9-]+\.)*amazonses\.com$/.test(from) && mail.dsn && !/workmail/i.test(mail.header('x-mailer') ?? '')) return fromDsn(mail).map(byRemoteHost);
    return [];
  },
};

function fromDsn(mail: Mail): Failure[] {
  return dsnFailures(mail.dsn!, 'amazonses').map((f) => {
    const m = QUOTED_REPLY.exec(f.diagnostic ?? '');
    if (!m) return f;
    const status = findStatus(m[2]) ?? f.status;
    return { ...f, replyCode: m[1], ...(status ? { status } : {}) };
  });
}

function fromNotification(mail: Mail): Failure[] {
  const text = mail.text;
  if (!text.includes('notificationType')) return [];
  let note = parseJson(text.replace(/!\n /g, ''));
  if (note && typeof note.Message === 'string') note = parseJson(note.Message);
  if (!note) return [];
  switch (note.notificationType) {
    case 'Bounce': return bounced(obj(note.bounce));
    case 'Complaint': return complained(obj(note.complaint));
    case 'Delivery': return delivered(obj(note.delivery));
    default: return [];
  }
}

function bounced(b: Json): Failure[] {
  const sub = SUBTYPE[String(b.bounceSubType ?? '')];
  const transient = b.bounceType === 'Transient';
  return list(b.bouncedRecipients).map(obj).flatMap((r) => {
    const address = String(r.emailAddress ?? '').toLowerCase();
    if (!isAddress(address)) return [];
    const diagnostic = String(r.diagnosticCode ?? '').replace(/^smtp;\s*/i, '').trim();
    const status = normaliseStatus(String(r.status ?? '')) ?? findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    const f: Failure = {
      address, action: transient ? 'delayed' : 'failed', decodedBy: 'amazonses',
      ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      ...(sub ? { reason: sub } : {}),
    };
    return [f];
  });
}

function complained(c: Json): Failure[] {
  const feedbackType = typeof c.complaintFeedbackType === 'string' ? c.complaintFeedbackType : undefined;
  return list(c.complainedRecipients).map(obj).map((r) => String(r.emailAddress ?? '').toLowerCase()).filter(isAddress)
    .map((address) => ({ address, action: 'delivered', reason: 'feedback', decodedBy: 'amazonses', ...(feedbackType ? { feedbackType } : {}) }));
}

function delivered(d: Json): Failure[] {
  const diagnostic = String(d.smtpResponse ?? '');
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  return list(d.recipients).map((a) => String(a).toLowerCase()).filter(isAddress)
    .map((address) => ({ address, action: 'delivered', reason: 'delivered', decodedBy: 'amazonses', diagnostic, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) }));
}

/** The JSON object between the first "{" and the last "}", or null. */
function parseJson(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return null;
  try {
    const v: unknown = JSON.parse(text.slice(start, end + 1));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
