// Sophos Email (Sophos Central Email). Sophos documents its rejections by code (XGEMAIL_0001 ...
// XGEMAIL_0015, https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/EmailSecurity/SMTPErrorCodes/index.html)
// without the reply texts that carry them; the one reply it quotes whole is its outbound rate limit.
import type { DocumentedReply } from './types.js';

export const sophos: DocumentedReply[] = [
  // A mailbox sent more than its limit in 10 minutes or 24 hours: refused at connection level.
  { text: '554 5.7.28 Mail flood detected', reason: 'speeding', hard: false, source: 'https://community.sophos.com/sophos-email/f/recommended-reads/136256/sophos-email-outbound-emails-bounced-with-554-5-7-28-mail-flood-detected' },
];
