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
//    Reading the notification (and the original's headers in it) is ../ses-note.ts.
//
// 2. A DSN from MAILER-DAEMON@...amazonses.com (or stamped X-AWS-Outgoing) whose Status is
//    "5.0.0 (permanent failure)" and whose Diagnostic-Code quotes the remote reply inside SES's own:
//      The following message to <x@example.jp> was undeliverable.
//      Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.2.2 <x@example.jp>... Mailbox Full'
//    The remote code (5.2.2, 550) is the one that says what happened; "Delivery expired" is SES
//    giving up.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus, normaliseStatus } from '../../classify/status.js';
import { dsnFailures, isAddress } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';
import { list, obj, sesNotification, type Json } from '../ses-note.js';

// bounceSubType → reason, where SES itself says what happened (its documented sub-types).
const SUBTYPE: Record<string, Reason> = {
  NoEmail: 'userunknown', Suppressed: 'suppressed', OnAccountSuppressionList: 'suppressed',
  MailboxFull: 'mailboxfull', MessageTooLarge: 'mesgtoobig', ContentRejected: 'contenterror', AttachmentRejected: 'contenterror',
};
const QUOTED_REPLY = /\b([245]\d\d)-'([^']{0,1000})'/;
const QUOTED_STATUS = /["']([245]\.\d{1,3}\.\d{1,3}[^"']{0,1000})["']/;

export const amazonses: Decoder = {
  name: 'amazonses',
  decode(mail: Mail): Failure[] {
    const from = mail.from;
    if (from.endsWith('@sns.amazonaws.com') || mail.header('x-amz-sns-message-id') !== undefined) return fromNotification(mail).map(byRemoteHost);
    if (!mail.dsn || /workmail/i.test(mail.header('x-original-mailer') ?? mail.header('x-mailer') ?? '')) return [];
    const ses = /^mailer-daemon@(?:[a-z0-9-]+\.)*amazonses\.com$/.test(from) || mail.header('x-aws-outgoing') !== undefined
      || (mail.header('x-ses-outgoing') !== undefined && mail.text.slice(0, 4096).toLowerCase().includes('the following message to <'));
    return ses ? fromDsn(mail).map(byRemoteHost) : [];
    return [];
  },
};

function fromDsn(mail: Mail): Failure[] {
  return dsnFailures(mail.dsn!, 'amazonses').map((f) => {
    const diagnostic = f.diagnostic ?? '';
    const expired = diagnostic.toLowerCase().includes('delivery expired') ? { reason: 'expired' as const } : {};
    const m = QUOTED_REPLY.exec(diagnostic);
    if (m) {
      const status = findStatus(m[2]) ?? f.status;
      return { ...f, replyCode: m[1], ...(status ? { status } : {}), ...expired };
    }
    // "Status: 5.0.0" and a code only inside the quoted reply: '5.7.1 ...'
    const q = /^[45]\.[01]\.0$/.test(f.status ?? '') ? QUOTED_STATUS.exec(diagnostic) : null;
    const status = q ? findStatus(q[1]) : undefined;
    return { ...f, ...(status ? { status } : {}), ...expired };
  });
}

function fromNotification(mail: Mail): Failure[] {
  const note = sesNotification(mail);
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
  // A Transient bounce is still final for this message (SES has stopped trying); the reason says
  // it is soft. Only an explicit "action": "delayed" is a delay.
  return list(b.bouncedRecipients).map(obj).flatMap((r) => {
    const address = normalAddress(String(r.emailAddress ?? ''));
    if (!isAddress(address)) return [];
    const diagnostic = String(r.diagnosticCode ?? '').replace(/^smtp;\s*/i, '').trim();
    const status = normaliseStatus(String(r.status ?? '')) ?? findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    const f: Failure = {
      address, action: String(r.action ?? '').toLowerCase() === 'delayed' ? 'delayed' : 'failed', decodedBy: 'amazonses',
      ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
      ...(sub ? { reason: sub } : {}),
    };
    return [f];
  });
}

function complained(c: Json): Failure[] {
  const feedbackType = typeof c.complaintFeedbackType === 'string' ? c.complaintFeedbackType : undefined;
  return list(c.complainedRecipients).map(obj).map((r) => normalAddress(String(r.emailAddress ?? ''))).filter(isAddress)
    .map((address) => ({ address, action: 'delivered', reason: 'feedback', decodedBy: 'amazonses', ...(feedbackType ? { feedbackType } : {}) }));
}

function delivered(d: Json): Failure[] {
  const diagnostic = String(d.smtpResponse ?? '');
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  return list(d.recipients).map((a) => normalAddress(String(a))).filter(isAddress)
    .map((address) => ({ address, action: 'delivered', reason: 'delivered', decodedBy: 'amazonses', diagnostic, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) }));
}
