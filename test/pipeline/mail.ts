// Returned mail written for these tests (not copied from any corpus): a Postfix-style DSN,
// an RFC 3834 auto-reply, a plain message that is no bounce, and a broken MIME message.

/**
 * A Postfix-style DSN to `to` saying `failed` was refused; the original's headers it quotes are
 * `quoted` when given (a token header, a Message-ID), else one Message-ID (originalId).
 */
export function dsn(o: { to: string; failed: string; status: string; code: string; text: string; originalId?: string; id: string; quoted?: string[] }): string {
  return [
    'Return-Path: <>',
    'Date: Tue, 1 Dec 2026 10:00:00 +0000',
    'From: MAILER-DAEMON@mx.crm.test (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${o.to}`,
    `Message-Id: <${o.id}@mx.crm.test>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b-1"',
    '',
    '--b-1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'I\'m sorry to have to inform you that your message could not be delivered.',
    '',
    `<${o.failed}>: host mx.far.test[192.0.2.1] said: ${o.code} ${o.status} ${o.text} (in reply to RCPT TO command)`,
    '',
    '--b-1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.crm.test',
    '',
    `Final-Recipient: rfc822; ${o.failed}`,
    `Original-Recipient: rfc822;${o.failed}`,
    'Action: failed',
    `Status: ${o.status}`,
    'Remote-MTA: dns; mx.far.test',
    `Diagnostic-Code: smtp; ${o.code} ${o.status} ${o.text}`,
    '',
    '--b-1',
    'Content-Type: text/rfc822-headers',
    '',
    'From: news@crm.test',
    `To: ${o.failed}`,
    'Subject: December news',
    ...(o.quoted ?? [`Message-ID: ${o.originalId ?? '<unknown-original@crm.test>'}`]),
    '',
    '--b-1--',
    '',
  ].join('\r\n');
}

export function autoReply(from: string): string {
  return [
    `From: ${from}`, 'To: news@crm.test', 'Subject: Automatic reply: December news', 'Auto-Submitted: auto-replied',
    'Message-ID: <ooo-7@far.test>', 'Date: Tue, 1 Dec 2026 10:00:00 +0000', '', 'I am away until Monday.', '',
  ].join('\r\n');
}

export function plain(): string {
  return ['From: someone@far.test', 'To: news@crm.test', 'Subject: question about your offer', 'Message-ID: <q-1@far.test>', '', 'Hello, what does it cost?', ''].join('\r\n');
}
