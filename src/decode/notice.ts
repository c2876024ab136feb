// What a free-text notice says as a whole, beside its entries: that delivery is still being
// tried (a warning), that it succeeded, and which addresses it calls the recipient in so many words.
import type { Failure } from '../core/types.js';

// A warning that delivery is still being tried, not a failure. Postfix's and Sendmail's delay
// notices: "THIS IS A WARNING ONLY. YOU DO NOT NEED TO RESEND YOUR MESSAGE.", "THIS IS A WARNING
// MESSAGE ONLY"; Postfix's subject "Delayed Mail (still being retried)"; Exim's "A message that you
// sent has not yet been delivered to one or more of its recipients"; Exchange's "Delivery Status
// Notification (Delay)" and "Delivery to the following recipients has been delayed."
const WARNING_WORDS = ['this is a warning only', 'this is a warning message only', 'you do not need to resend your message', 'still being retried',
  'has not yet been delivered', 'notification (delay)', 'has been delayed', 'will continue to attempt delivery', 'will keep trying'];

export function isWarning(subject: string, notice: string): boolean {
  const said = `${subject}\n${notice.slice(0, 8192)}`.toLowerCase().replace(/\s+/g, ' ');
  return WARNING_WORDS.some((w) => said.includes(w));
}

/** Delayed under a 4xx code, or in a warning without a 5xx code; else failed. */
export function actionOf(status: string | undefined, replyCode: string | undefined, warning: boolean): Failure['action'] {
  if (status?.startsWith('4')) return 'delayed';
  const final = status?.startsWith('5') || replyCode?.startsWith('5');
  return warning && !final ? 'delayed' : 'failed';
}

// Words of a notice that reports a delivery, not a failure.
const SUCCESS_WORDS = ['was delivered', 'has been delivered', 'successfully delivered', 'delivery succeeded', 'delivered successfully'];

/** The notice reports a success ("Your message was delivered to ..."). */
export function isSuccess(notice: string): boolean {
  const said = notice.slice(0, 8192).toLowerCase().replace(/\s+/g, ' ');
  return SUCCESS_WORDS.some((w) => said.includes(w));
}

// A line that calls its address the recipient: "Intended recipient: x", "Failed recipient: x",
// "Recipient address: x", LISTSERV's "Error-for: x", "Addressed to: x".
const LABELLED = /^\s*(?:(?:intended|failed|unknown|invalid|final|original)\s+)?(?:recipient(?:\s+address)?|error-for|addressed to)\s*:\s*<?[^\s<>@]{1,64}@[^\s<>]{1,255}>?\s*$/i;

/** The line names its address as the recipient in so many words. */
export function isLabelledRecipient(line: string): boolean {
  return LABELLED.test(line.slice(0, 400));
}
