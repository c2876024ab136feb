// Reading the server's words: the failure a RCPT-time refusal describes, what to say when the
// session itself fails, and addresses masked before a reply reaches the logs.
import { maskAddress } from '../core/log.js';
import type { Failure } from '../core/types.js';

/** Server replies quote the recipient ("550 5.1.1 <ann@example.com>: ..."): mask addresses before logging. */
export function maskIn(text: string): string {
  return text.replace(/[^\s<>"'(),;:]{1,64}@[A-Za-z0-9.-]{1,253}/g, (a) => maskAddress(a));
}

/** The failure a RCPT-time refusal describes, in the decoder's terms. */
export function refusalFailure(address: string, reply: string, replyCode: string): Failure {
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1];
  return { address, action: 'failed', status, replyCode, diagnostic: reply, decodedBy: 'send-time' };
}

/** Why the session failed before any reply about a recipient, and what to change. */
export function sessionTrouble(reply: string): string {
  if (/certificate|self[- ]signed|tls|ssl|handshake/i.test(reply)) {
    return `TLS with the SMTP server failed (${reply}): its certificate could not be verified; ` +
      'set send.smtp.tls.ca to your company CA (and tls.servername to the name in the certificate), or fix the server certificate';
  }
  return `cannot reach the SMTP server (${reply || 'no reply'}); check send.smtp.host and port`;
}
