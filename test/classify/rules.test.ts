// How a reply is read: the enhanced status first (RFC 3463 and the IANA registry), the reply code
// second, the words third; a status used loosely in the wild waits for the words, and words known
// to overrule a status do. Each row is a reply a receiving system documents (src/classify/replies/).
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { plainWords } from '../../src/classify/reply.js';
import type { Failure } from '../../src/core/types.js';

const f = (over: Partial<Failure>): Failure => ({ address: 'a@x.example', action: 'failed', decodedBy: 'test', ...over });

describe('status, reply code, words', () => {
  it.each<[Partial<Failure>, string, boolean]>([
    // X.3.2 is the system not taking mail for now (load, shutdown), not a domain that takes none.
    [{ status: '4.3.2', replyCode: '432', diagnostic: '432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded' }, 'speeding', false],
    [{ status: '4.3.2', replyCode: '421', diagnostic: '421 4.3.2 Service not available, closing transmission channel' }, 'systemerror', false],
    // X.7.27 is the SENDER's null MX; Sendmail writes it for a recipient domain's null MX in words.
    [{ status: '5.7.27', replyCode: '550', diagnostic: "550 5.7.27 This message was blocked because it didn't pass SPF authentication." }, 'authfailure', false],
    [{ status: '5.7.27', replyCode: '550', diagnostic: '550 Host does not accept mail' }, 'notaccept', true],
    // X.4.4 "unable to route": a dead domain only when the words say so.
    [{ status: '5.4.4', diagnostic: '5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain' }, 'networkerror', false],
    [{ status: '5.4.4', diagnostic: 'Host or domain name not found. Name service error for name=x.example type=A: Host not found' }, 'hostunknown', true],
    [{ status: '5.2.4', diagnostic: '5.2.4 Mailing list expansion problem' }, 'systemerror', false],
    [{ status: '4.5.3', replyCode: '452', diagnostic: '452 4.5.3 Domain policy size per transaction exceeded, please try this recipient in a separate transaction.', command: 'RCPT' }, 'toomanyconn', false],
    // Words that overrule a status: the sender's quota under 5.2.2, a header limit under 5.3.4.
    [{ status: '5.2.2', replyCode: '550', diagnostic: '550 5.2.2 Submission quota exceeded' }, 'speeding', false],
    [{ status: '5.3.4', replyCode: '552', diagnostic: "552 5.3.4 Your message exceeded Google's message header size limits." }, 'exceedlimit', false],
    // A loose status with no words for a reason: the reply code's meaning, then the status's.
    [{ status: '4.7.1', replyCode: '451', diagnostic: '451 4.7.1 Try again later' }, 'systemerror', false],
    [{ status: '4.7.1', replyCode: '450', diagnostic: '450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]', command: 'RCPT' }, 'requireptr', false],
    // A refusal of the greeting is a refusal of the connecting host.
    [{ status: '5.3.2', replyCode: '550', diagnostic: '550 5.3.2 Service currently unavailable', command: 'CONN' }, 'blocked', false],
    [{ status: '4.0.0', replyCode: '421', diagnostic: '421 Too many sessions opened', command: 'CONN' }, 'toomanyconn', false],
    [{ status: '4.7.0', replyCode: '421', diagnostic: '421 4.7.0 Try again later, closing connection. (EHLO)', command: 'EHLO' }, 'blocked', false],
    // An access table's refusal of the recipient is the site's policy, not a dead mailbox.
    // The recipient address itself refused at RCPT TO (Postfix's access table; Exchange Online's and
    // Trend Micro's words for a recipient that does not exist).
    [{ status: '5.7.1', replyCode: '554', diagnostic: '554 5.7.1 <a@x.example>: Recipient address rejected: Access denied', command: 'RCPT' }, 'userunknown', true],
    [{ status: '5.0.0', replyCode: '550', diagnostic: '550 Mailbox unavailable or access denied', command: 'RCPT' }, 'policyviolation', false],
    [{ status: '5.7.1', replyCode: '550', diagnostic: '550 5.7.1 <a@x.example>: Recipient address rejected: User email address is marked as invalid.', command: 'RCPT' }, 'userunknown', true],
    // Our own side: the sending account, the TLS we did not use, SPF as a check (not "SPF domain").
    [{ status: '5.7.0', replyCode: '550', diagnostic: '550 5.7.0 Email relay denied 192.0.2.25. The sending email account has been temporarily suspended due to abuse.' }, 'rejected', false],
    [{ status: '4.7.29', replyCode: '421', diagnostic: "421 4.7.29 Your email has been rate limited because you're not using a TLS connection." }, 'failedstarttls', false],
    [{ status: '5.0.0', replyCode: '550', diagnostic: '550 [SPF] 192.0.2.1 is not allowed to send mail from example.org.', command: 'RCPT' }, 'authfailure', false],
    [{ status: '4.7.28', replyCode: '421', diagnostic: '421 4.7.28 Gmail has detected an unusual rate of unsolicited email originating from your SPF domain example.com. To protect our users from spam, email sent from your domain has been temporarily rate limited.' }, 'speeding', false],
    [{ status: '4.7.28', replyCode: '421', diagnostic: '421 4.7.28 Gmail has detected an unusual amount of unsolicited email originating from your IP address. To protect our users from spam, email sent from your IP address has been temporarily blocked.' }, 'blocked', false],
    // "Access denied" is the site's policy at RCPT TO, a refusal of the sender at MAIL FROM.
    [{ status: '5.7.1', replyCode: '550', diagnostic: '550 5.7.1 <a@x.example>... Access denied', command: 'RCPT' }, 'policyviolation', false],
    [{ status: '5.7.1', replyCode: '550', diagnostic: '550 5.7.1 <s@sender.example>... Access denied', command: 'MAIL' }, 'rejected', false],
    // Unknown-address words under a status that names the sender's address, even at RCPT TO.
    [{ status: '5.1.7', replyCode: '550', diagnostic: '550 5.1.7 Invalid address', command: 'RCPT' }, 'rejected', false],
    // Words of a dead domain under a status that names a bad argument: the signals disagree.
    [{ status: '5.5.4', diagnostic: '5.5.4 Invalid domain name' }, 'syntaxerror', false],
    // Our HELO name refused, or no name at all.
    [{ status: '5.5.4', replyCode: '501', diagnostic: '501 5.5.4 HELO/EHLO argument localhost invalid closing connection.', command: 'EHLO' }, 'blocked', false],
    [{ status: '5.5.4', replyCode: '501', diagnostic: '501 5.5.4 Empty HELO/EHLO argument not allowed, closing connection.', command: 'EHLO' }, 'syntaxerror', false],
    // Other spellings of the same words: "mail box", "mail-box", "E-Mail".
    [{ status: '5.0.0', replyCode: '550', diagnostic: '550 ** No mail box available for this user **', command: 'RCPT' }, 'userunknown', true],
    [{ status: '5.7.1', replyCode: '553', diagnostic: '553 sorry, badrcptto(user mail-box not found) (#5.7.1)', command: 'RCPT' }, 'userunknown', true],
    // qmail-local's own verdict, whatever code stands beside it.
    [{ status: '5.7.17', replyCode: '550', diagnostic: '550 550 sorry, no mailbox here by that name. (#5.7.17)' }, 'userunknown', true],
    // A mailbox blocked for inactivity can come back.
    [{ status: '5.2.1', replyCode: '550', diagnostic: '550 5.2.1 This mailbox has been blocked due to inactivity', command: 'RCPT' }, 'suspend', false],
  ])('%j → %s', (over, reason, hard) => {
    const v = classify(f(over));
    expect([v.reason, v.hard]).toEqual([reason, hard]);
  });
});

describe('words as they are written', () => {
  it('reads contractions and typographic apostrophes as their long form', () => {
    expect(plainWords("the user doesn\u2019t exist; we can't; it's here; you're not")).toBe('the user does not exist; we cannot; it is here; you are not');
    expect(classify(f({ status: '5.0.0', diagnostic: "550 User doesn't exist", command: 'RCPT' })).reason).toBe('userunknown');
  });
});
