// Complaint reports (ARF, RFC 5965): multipart/report; report-type=feedback-report.
//
//   Feedback-Type: abuse
//   User-Agent: SomeGenerator/1.0
//   Version: 1
//   Original-Rcpt-To: <kijitora@example.com>
//
// The complained-about address is Original-Rcpt-To (one per recipient, may repeat), else the To
// of the returned original. A complaint is not a failure: reason "feedback", never hard.
import type { Failure } from '../core/types.js';
import { addressIn, type Mail } from './mail.js';
import { readHeaders } from './mime.js';

// Microsoft's older complaint format (Hotmail / Outlook.com JMRP before ARF): a plain
// multipart/mixed with the complained-about message attached, marked by this header in it.
const HOTMAIL_RECIPIENT = 'x-hmxmroriginalrecipient';

export function isFeedbackReport(mail: Mail): boolean {
  if (mail.feedbackReport !== null) return true;
  if (mail.attachedOriginal?.headers.some((h) => h.name === HOTMAIL_RECIPIENT)) return true;
  const ct = mail.root.type === 'multipart/report' ? (mail.root.params['report-type'] ?? '').toLowerCase() : '';
  return ct === 'feedback-report';
}

export function decodeFeedback(mail: Mail): Failure[] {
  const report = mail.feedbackReport ?? '';
  const { headers } = readHeaders(report.replace(/^\s+/, ''), 0);
  const feedbackType = (headers.find((h) => h.name === 'feedback-type')?.value ?? 'abuse').trim().toLowerCase().split(/\s/)[0];
  const rcpts = headers.filter((h) => h.name === 'original-rcpt-to' || h.name === 'removal-recipient').map((h) => addressIn(h.value)).filter((a): a is string => !!a);
  const hotmail = addressIn(mail.originalHeader(HOTMAIL_RECIPIENT) ?? '');
  if (rcpts.length === 0 && hotmail) rcpts.push(hotmail);
  if (rcpts.length === 0) {
    const to = addressIn(mail.originalHeader('to') ?? '');
    rcpts.push(to ?? '');
  }
  return [...new Set(rcpts)].map((address) => ({ address, action: 'delivered', reason: 'feedback', feedbackType, decodedBy: 'arf' }));
}
