// Unit tests of the pieces the decoder is built from: status codes, the DSN reader, the reason
// rules and the MIME reader.
import { describe, expect, it } from 'vitest';
import { findReplyCode, findStatus, pickStatus } from '../../src/classify/status.js';
import { classify } from '../../src/classify/index.js';
import { findCommand } from '../../src/classify/command.js';
import { PHRASE_RULES } from '../../src/classify/rules.js';
import { dsnFailures, dsnInText, parseDeliveryStatus } from '../../src/decode/dsn.js';
import { decodeQuotedPrintable, normaliseLineEnds, parseContentType, parseMessage, partText, splitMultipart } from '../../src/decode/mime.js';
import type { Failure } from '../../src/core/types.js';
import { remoteHostReason } from '../../src/decode/rhost/index.js';
import { foldReply } from '../../src/classify/reply.js';

describe('status codes', () => {
  it.each([
    ['550 5.1.1 <a@b.example>: User unknown', '5.1.1', '550'],
    ['smtp; 550-5.7.1 [192.0.2.1] blocked', '5.7.1', '550'],
    ['#5.1.10 RESOLVER', '5.1.10', undefined],
    ['host 192.5.1.1 said: 421 try later', undefined, '421'],
    ['version 2.5.1.3 of the software', undefined, undefined],
    ['5.2.2.', '5.2.2', undefined],
  ])('%s', (text, status, reply) => {
    expect(findStatus(text)).toBe(status);
    expect(findReplyCode(text)).toBe(reply);
  });

  it("prefers the remote server's specific code over the Status field of the same class", () => {
    expect(pickStatus('5.0.0', '550 5.1.1 user unknown')).toBe('5.1.1');
    expect(pickStatus('5.1.1', '550 5.7.1 IP address blacklisted')).toBe('5.7.1');
    expect(pickStatus('5.1.1', '550 5.0.0 user unknown')).toBe('5.1.1');
    expect(pickStatus('4.0.0', '550 5.1.1 user unknown')).toBe('4.0.0');
    expect(pickStatus(undefined, '452 4.2.2 over quota')).toBe('4.2.2');
  });
});

describe('SMTP command', () => {
  it.each([
    ['said: 550 User unknown (in reply to\n    RCPT TO command)', 'RCPT'],
    ['SMTP error from remote mail server after end of data: 550 rejected', 'DATA'],
    ['>>> MAIL From:<a@b>\n<<< 553 sender rejected', 'MAIL'],
    ['>>> RCPT To:<a@b>\n>>> DATA\n<<< 550 spam', 'DATA'],
    ['SMTP error from remote server for RCPT TO command, host: mx.x.example (192.0.2.9) reason: 550 mailbox unavailable', 'RCPT'],
    ['SMTP error from remote server after RCPT command: host: mx.x.example (192.0.2.9) reason: 550 mailbox unavailable', 'RCPT'],
    ['SMTP error from remote server for TEXT command, host: mx.x.example (192.0.2.9) reason: 550 5.2.0 Mail rejected.', 'DATA'],
    ['SMTP error from remote server for MAIL FROM command, host: mx.x.example reason: 553 sender refused', 'MAIL'],
    ['lost connection with mx.x.example[192.0.2.9] while sending RCPT TO', 'RCPT'],
    ['conversation with mx.x.example[192.0.2.9] timed out while sending end of data -- message may be sent more than once', 'DATA'],
    ['host mx.x.example[192.0.2.9] said: 454 4.7.0 TLS not available (in reply to STARTTLS command)', 'EHLO'],
    ['SMTP error from remote mail server after pipelined end of data: 550 content rejected', 'DATA'],
    ['host mx.x.example said: 550 no such user (in reply to RCPT command)', 'RCPT'],
    ['550 5.1.1 mailbox unavailable in response to RCPT TO command', 'RCPT'],
    ['SMTP error from remote server after MAIL FROM command: 553 sender refused', 'MAIL'],
    ['host mx.x.example[192.0.2.9] refused to talk to me: 554 5.7.1 Service unavailable', 'CONN'],
    ['550 user unknown', undefined],
    ['>>> DATA\n<<< 554 delivery error: dd This user doesn\'t have a example.com account', 'RCPT'],
  ])('%s', (text, command) => expect(findCommand(text)).toBe(command));
});

describe('DSN reader', () => {
  it('reads per-message and per-recipient fields, folded diagnostics and typed addresses', () => {
    const r = parseDeliveryStatus('Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; <A@Example.com>\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.1.1\n  user unknown\n');
    expect(r.fields['reporting-mta']).toBe('dns; mx.example');
    expect(r.recipients).toHaveLength(1);
    expect(r.recipients[0]).toMatchObject({ finalRecipient: 'A@Example.com', action: 'failed', status: '5.0.0', diagnostic: '550 5.1.1 user unknown', diagnosticType: 'smtp' });
    const [f] = dsnFailures(r);
    expect(f).toMatchObject({ address: 'a@example.com', status: '5.1.1', replyCode: '550', action: 'failed' });
  });

  it('starts a new recipient when Final-Recipient repeats without a blank line, in any field order', () => {
    const r = parseDeliveryStatus('Action: failed\nFinal-Recipient: rfc822;a@x.example\nStatus: 5.1.1\nOriginal-Recipient: rfc822;b-orig@x.example\nFinal-Recipient: rfc822;b@x.example\nAction: delayed\nStatus: 4.4.7\n');
    expect(r.recipients.map((x) => [x.finalRecipient, x.action])).toEqual([['a@x.example', 'failed'], ['b@x.example', 'delayed']]);
    expect(dsnFailures(r).map((f) => f.action)).toEqual(['failed', 'delayed']);
  });

  it('reads addresses with comments or display names, and a Status with a reply code in front', () => {
    const r = parseDeliveryStatus('Final-Recipient: rfc822; neko@cat.example (Neko)\nAction: failed\nStatus: 550 5.1.1\n\nFinal-Recipient: RFC822; Tora <tora@cat.example>\nAction: failure\nStatus: 5.2.2 (mailbox full)\n');
    expect(dsnFailures(r).map((f) => [f.address, f.status, f.action])).toEqual([['neko@cat.example', '5.1.1', 'failed'], ['tora@cat.example', '5.2.2', 'failed']]);
  });

  it('takes Original-Recipient when Final-Recipient is not a usable address', () => {
    const r = parseDeliveryStatus('Final-Recipient: x400; /G=Neko/S=Cat/\nOriginal-Recipient: rfc822; neko@cat.example\nAction: failed\nStatus: 5.1.1\n');
    expect(dsnFailures(r)[0].address).toBe('neko@cat.example');
  });

  it('finds delivery-status fields quoted in plain text', () => {
    const r = dsnInText('Forwarded:\n> Reporting-MTA: dns; mx\n>\n> Final-Recipient: rfc822; q@x.example\n> Action: failed\n> Status: 5.1.1\n');
    expect(r?.recipients[0]).toMatchObject({ finalRecipient: 'q@x.example', status: '5.1.1' });
    expect(dsnInText('no fields here')).toBeNull();
  });
});

describe('reason rules', () => {
  const f = (over: Partial<Failure>): Failure => ({ address: 'a@x.example', action: 'failed', decodedBy: 'test', ...over });
  it.each<[Partial<Failure>, string, boolean]>([
    [{ status: '5.1.1', replyCode: '550', diagnostic: '550 5.1.1 <a@x.example>: Recipient address rejected: User unknown in local recipient table' }, 'userunknown', true],
    [{ status: '5.0.0', diagnostic: '550 User unknown', command: 'RCPT' }, 'userunknown', true],
    [{ status: '5.0.0', diagnostic: '550 User unknown', command: 'DATA' }, 'filtered', false],
    [{ status: '5.0.0', diagnostic: '550 User unknown' }, 'filtered', false],
    [{ status: '5.1.1', diagnostic: '550 5.1.1 Relay access denied' }, 'norelaying', false],
    // An x.1.1 status with the words of a content or sender refusal: the signals disagree, not hard.
    [{ status: '5.1.1', diagnostic: '550 5.1.1 Message rejected as spam', command: 'RCPT' }, 'spamdetected', false],
    [{ status: '5.1.1', diagnostic: '550 5.1.1 SPF check failed for sender.example', command: 'RCPT' }, 'authfailure', false],
    [{ status: '5.1.0', diagnostic: '550 5.1.0 sender rejected', command: 'MAIL' }, 'rejected', false],
    [{ status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }, 'mailboxfull', false],
    [{ status: '5.7.1', diagnostic: '554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org' }, 'blocked', false],
    [{ status: '5.7.1', diagnostic: '550 5.7.1 Message content rejected, UBE, id=1234' }, 'spamdetected', false],
    [{ status: '5.1.2', diagnostic: '550 5.1.2 Host unknown' }, 'hostunknown', true],
    [{ replyCode: '551', diagnostic: '551 User not local; please try <a@new.example>', command: 'RCPT' }, 'hasmoved', true],
    [{ status: '5.4.4', diagnostic: 'Host not found, try again' }, 'networkerror', false],
    // "try again" as advice in a permanent refusal is not a temporary DNS failure
    [{ status: '5.5.0', replyCode: '554', diagnostic: '554 The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again' }, 'hostunknown', true],
    [{ status: '5.4.4', diagnostic: 'R=dnslookup defer (-1): host lookup did not complete: unknown domain' }, 'networkerror', false],
    [{ status: '4.0.0', diagnostic: 'delivery temporarily suspended', action: 'delayed' }, 'expired', false],
    [{ status: '5.1.10', diagnostic: '556 5.1.10 Recipient address has null MX' }, 'notaccept', true],
    [{ status: '5.7.26', diagnostic: '550 5.7.26 Unauthenticated email from example.com is not accepted due to DMARC' }, 'authfailure', false],
    [{ diagnostic: 'procmail: could not write', diagnosticType: 'x-unix', status: '5.0.0' }, 'mailererror', false],
    [{ status: '5.7.1', diagnostic: '550-5.7.1 Messages with multiple 550-5.7.1 addresses in From: header are not accepted.' }, 'notcompliantrfc', false],
    [{ status: '5.0.0', diagnostic: 'mail.local: unknown user: neko', command: 'LOCAL' }, 'userunknown', true],
    [{ status: '5.0.0', diagnostic: '550 Recipient address rejected: blocked by policy', command: 'RCPT' }, 'blocked', false],
    [{ replyCode: '556', diagnostic: '556 Domain does not accept mail' }, 'notaccept', true],
    [{ replyCode: '503', diagnostic: '503 Bad sequence of commands' }, 'syntaxerror', false],
    [{ diagnostic: 'Could not be delivered to: <a@x.example> — 送信先のメールボックスが一杯のため、送信できませんでした。' }, 'mailboxfull', false],
    [{ status: '5.0.0', diagnostic: '550 Benutzer unbekannt', command: 'RCPT' }, 'userunknown', true],
    [{ status: '5.0.0', diagnostic: "554 delivery error: dd This user doesn't have a example.com account (a@example.com) [0]", command: 'DATA' }, 'userunknown', true],
    // Unknown-address words about the sender say nothing about the recipient's address.
    [{ replyCode: '550', diagnostic: '550 Sender address domain does not exist', command: 'RCPT' }, 'rejected', false],
    [{ replyCode: '553', diagnostic: '553 sender domain not found' }, 'rejected', false],
    [{ replyCode: '550', diagnostic: '550 <news@sender.example>: unknown sender' }, 'rejected', false],
    [{ status: '5.7.1', diagnostic: '550 5.7.1 Sender domain has null MX', command: 'RCPT' }, 'rejected', false],
    // Postfix's HELO restrictions answer at RCPT TO: about our host's name, not the recipient's domain.
    [{ status: '5.7.1', diagnostic: '550 5.7.1 <mail.sender.example>: Helo command rejected: Host not found', command: 'RCPT' }, 'blocked', false],
    [{ replyCode: '550', diagnostic: '550 Host unknown - your HELO name is invalid', command: 'RCPT' }, 'blocked', false],
    // The words read as if the address inside them were not there.
    [{ status: '5.0.0', diagnostic: '550 User <a@x.example> does not exist', command: 'RCPT' }, 'userunknown', true],
    [{ status: '5.0.0', diagnostic: '550 Recipient (a@x.example) not found', command: 'RCPT' }, 'userunknown', true],
    // A recipient refusing one sender is not a domain that takes no mail.
    [{ diagnostic: 'they are not accepting mail from news@sender.example' }, 'onhold', false],
    [{ diagnostic: '* <kijitora@example.jp>' }, 'undefined', false],
    [{ diagnostic: 'the frobnicator declined' }, 'onhold', false],
    [{}, 'undefined', false],
    [{ reason: 'vacation', action: 'delivered' }, 'vacation', false],
  ])('%j → %s', (over, reason, hard) => {
    const v = classify(f(over));
    expect(v.reason).toBe(reason);
    expect(v.hard).toBe(hard);
    expect(v.rule).toBeTruthy();
  });

  it('a delayed recipient is never hard, whatever the words', () => {
    expect(classify(f({ action: 'delayed', status: '4.1.1', diagnostic: 'user unknown', command: 'RCPT' })).hard).toBe(false);
  });

  it('honours a narrower hard set from the policy', () => {
    expect(classify(f({ status: '5.1.2', diagnostic: 'Host unknown' }), { hardReasons: ['userunknown'] }).hard).toBe(false);
  });

  it('every rule has an id, a reason and lower-case phrases', () => {
    for (const r of PHRASE_RULES) {
      expect(r.id).toMatch(/^[a-z]+\//);
      for (const p of r.phrase) expect(p).toBe(p.toLowerCase());
    }
  });
});

describe('MIME reader', () => {
  it('normalises CRLF and CR-only line ends', () => {
    expect(normaliseLineEnds('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('decodes quoted-printable, soft breaks included', () => {
    expect(decodeQuotedPrintable('caf=C3=A9 =\nnoir =XY').toString('utf8')).toBe('café noir =XY');
  });

  it('splits multiparts, tolerating a missing final boundary and junk after a boundary', () => {
    expect(splitMultipart('pre\n--b\nA\n--b  junk\nB\n--b--\nepilogue', 'b')).toEqual(['A', 'B']);
    expect(splitMultipart('--b\nA\n--b\nB-truncated', 'b')).toEqual(['A', 'B-truncated']);
  });

  it('decodes charsets and 8-bit headers', () => {
    const root = parseMessage(Buffer.concat([
      Buffer.from('Subject: Gr\xfc\xdfe\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n', 'latin1'),
      Buffer.from(Buffer.from('Grüße', 'latin1').toString('base64')),
    ]));
    expect(root.headers.find((h) => h.name === 'subject')?.value).toBe('Grüße');
    expect(partText(root)).toBe('Grüße');
    const utf8Header = parseMessage(Buffer.from('Subject: Grüße\n\nx', 'utf8'));
    expect(utf8Header.headers[0].value).toBe('Grüße');
  });

  it('reads Content-Type parameters, also one folded onto the next line without ";"', () => {
    expect(parseContentType('multipart/report; report-type=delivery-status;\n boundary="a;b"')).toEqual({ type: 'multipart/report', params: { 'report-type': 'delivery-status', boundary: 'a;b' } });
    expect(parseContentType('text/plain   charset="iso-2022-jp"')).toEqual({ type: 'text/plain', params: { charset: 'iso-2022-jp' } });
    expect(parseContentType(undefined).type).toBe('text/plain');
  });

  it('decodes a raw ISO-2022-JP header (escape sequences, no encoded word)', () => {
    const raw = Buffer.concat([Buffer.from('Subject: '), Buffer.from([0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42]), Buffer.from('\n\nx')]);
    expect(parseMessage(raw).headers[0].value).toBe('あ');
  });

  it('stops at the depth and part limits and marks the part', () => {
    let msg = 'Content-Type: text/plain\n\nleaf';
    for (let i = 0; i < 40; i++) msg = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${msg}\n--b${i}--\n`;
    const root = parseMessage(msg, { maxDepth: 5, maxParts: 100 });
    let p = root;
    let depth = 0;
    while (p.children.length) { p = p.children[0]; depth++; }
    expect(depth).toBe(5);
    expect(p.limited).toBe(true);
  });
});

describe('remote-host tables for every decoder', () => {
  const f = (over: Partial<Failure>): Failure => ({ address: 'a@x.example', action: 'failed', decodedBy: 'exim', ...over });
  it('names a provider-specific, non-hard reason', () => {
    expect(remoteHostReason(f({ diagnostic: '552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]' }))).toEqual({ reason: 'mailboxfull', table: 'orange' });
  });
  it('leaves hard reasons, "undefined" and decided failures to the rules', () => {
    expect(remoteHostReason(f({ diagnostic: '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]' }))).toBeUndefined();
    expect(remoteHostReason(f({ diagnostic: '421 Service refuse, essayez plus tard. OFR_105 [105]' }))).toBeUndefined();
    expect(remoteHostReason(f({ reason: 'expired', diagnostic: '552 Recipient overquota. OFR_417 [417]' }))).toBeUndefined();
    expect(remoteHostReason(f({ action: 'delayed', diagnostic: '452 Recipient overquota. OFR_417 [417]' }))).toBeUndefined();
    expect(remoteHostReason(f({ diagnostic: '550 5.1.1 User unknown' }))).toBeUndefined();
  });
});

describe('folded multi-line replies', () => {
  it.each<[string, string]>([
    ['550-5.7.26 This mail has been blocked because the sender is 550-5.7.26 unauthenticated. 550 5.7.26 See the link.',
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated. See the link.'],
    // codes without a status, and the reply after other words
    ['smtp; 550-Verification failed for <a@x.example> 550-Unrouteable address 550 Sender verify failed',
      'smtp; 550-Verification failed for <a@x.example> Unrouteable address Sender verify failed'],
    // other numbers are not continuation codes: an IP address before the reply, a limit inside it
    ['from 192.0.2.250 said: 452-4.5.3 Over the limit of 500 recipients 452 4.5.3 per message',
      'from 192.0.2.250 said: 452-4.5.3 Over the limit of 500 recipients per message'],
    ['no reply code here', 'no reply code here'],
  ])('%s', (text, want) => {
    expect(foldReply(text)).toBe(want);
  });
  it('lets a split phrase match the rules', () => {
    const v = classify({ address: 'a@x.example', action: 'failed', decodedBy: 'test', status: '5.0.0', diagnostic: '550-5.0.0 The mailbox is 550-5.0.0 over 550 5.0.0 quota' });
    expect(v.reason).toBe('mailboxfull');
  });
});
