// Sophos Email (Sophos Central): its rejection codes with the description Sophos gives each. The
// page lists code and description, not the SMTP reply around them, so the texts are those two as
// documented, without a reply code. Its outbound rate limit is quoted whole on Sophos's community.
import type { DocumentedReply } from './types.js';

const codes = 'https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/EmailSecurity/SMTPErrorCodes/index.html';

export const sophos: DocumentedReply[] = [
  { text: "XGEMAIL_0001 Message didn't contain a valid DKIM signature.", reason: 'authfailure', hard: false, source: codes },
  { text: 'XGEMAIL_0002 Message failed an SPF check.', reason: 'authfailure', hard: false, source: codes },
  { text: 'XGEMAIL_0003 Message failed a DMARC check.', reason: 'authfailure', hard: false, source: codes },
  { text: 'XGEMAIL_0004 Sender IP address failed an RBL test.', reason: 'blocked', hard: false, source: codes },
  { text: 'XGEMAIL_0005 Sender domain failed a DBL test.', reason: 'blocked', hard: false, source: codes },
  { text: "XGEMAIL_0006 Message rejected because the TLS version used doesn't match the version configured in your policy.", reason: 'failedstarttls', hard: false, source: codes },
  // The receiving organisation's licence, nothing about the recipient.
  { text: 'XGEMAIL_0007 Message rejected because your license has expired.', reason: 'systemerror', hard: false, source: codes },
  { text: 'XGEMAIL_0008 Message rejected because a domain, an IP address, or an email address is in the admin block list.', reason: 'rejected', hard: false, source: codes },
  // The recipient's own block list: the recipient's filter refused the sender.
  { text: 'XGEMAIL_0009 Message rejected because a domain, an IP address, or an email address is in the user block list.', reason: 'filtered', hard: false, source: codes },
  // The domain is not one this service takes mail for: as a relay refusal.
  { text: "XGEMAIL_0010 Message rejected because the recipient's domain isn't a Sophos Email protected domain.", reason: 'norelaying', hard: false, source: codes },
  { text: "XGEMAIL_0011 Message rejected because the recipient's email address doesn't exist in the Sophos Email protected domain.", reason: 'userunknown', hard: true, source: codes },
  { text: 'XGEMAIL_0012 Message rejected because it exceeded the allowed size.', reason: 'mesgtoobig', hard: false, source: codes },
  { text: 'XGEMAIL_0013 Message rejected because it exceeded the maximum number of recipients allowed for a large message.', reason: 'toomanyconn', hard: false, source: codes },
  { text: "XGEMAIL_0014 Message rejected because it exceeded the recipient's inbound rate limit for the single sender.", reason: 'speeding', hard: false, source: codes },
  { text: "XGEMAIL_0015 Message rejected because it exceeded the recipient's total inbound rate limit from all senders.", reason: 'speeding', hard: false, source: codes },
  // A mailbox sent more than its limit in 10 minutes or 24 hours: refused at connection level.
  { text: '554 5.7.28 Mail flood detected', reason: 'speeding', hard: false, source: 'https://community.sophos.com/sophos-email/f/recommended-reads/136256/sophos-email-outbound-emails-bounced-with-554-5-7-28-mail-flood-detected' },
];
