// Trend Micro (Email Security, Hosted Email Security, InterScan, Deep Discovery Email Inspector):
// the replies Trend Micro's knowledge base and product help quote, and replies senders quote as
// received from its gateways. Email Reputation Services (ERS) refuses senders by the IP's listing
// in Trend Micro's reputation lists (RBL+, the dynamic list for "zombie" hosts).
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const ers = 'https://success.trendmicro.com/solution/1097055-frequently-asked-questions-faqs-about-messages-blocked-by-email-reputation-services-ers';
// Deep Discovery Email Inspector's SMTP error codes: the code and message it sends when it blocks.
const ddei = 'https://docs.trendmicro.com/en-us/documentation/article/deep-discovery-email-inspector-51-online-help-smtp-error-codes';
const m554 = fieldManual.code554;

export const trendmicro: DocumentedReply[] = [
  { text: '550 Mail from 192.0.2.25 refused by rbl-plus.mail-abuse.org. Please refer to http://mail-abuse.org/rbl+ for an explanation', reason: 'blocked', hard: false, source: ers },
  { text: '550 Mail from 192.0.2.25 refused by rbl-plus.mail-abuse.org. Please refer to http://mail-abuse.com/rbl for an explanation', reason: 'blocked', hard: false, source: ers },
  { text: '550 Service unavailable; Client host [192.0.2.25] blocked using Trend Micro RBL+. Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.25', reason: 'blocked', hard: false, source: ers },
  // Sender filtering and authentication (directory harvest and bounce attack protection, traffic
  // throttling, SPF, DKIM, DMARC): temporary or permanent blocks of the sender.
  { text: '421 Block temporarily (Sender Filtering/Authentication)', reason: 'blocked', hard: false, source: ddei },
  { text: '521 Block permanently (Sender Filtering/Authentication)', reason: 'blocked', hard: false, source: ddei },
  { text: '450 Temporary denial of connection (450) for Zombie matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: ddei },
  { text: '550 Permanent denial of connection (550) for RBL+ matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: ddei },

  // Observed: quoted as received from Trend Micro's gateways.
  { text: '550 5.7.1 Your email messages have been blocked by the recipient OR by Trend Micro Email Reputation Service. Contact the recipient or his/her administrator using alternate means to resolve the issue.', at: 'RCPT', reason: 'blocked', hard: false, source: 'https://bbs.iredmail.org/post13489.html', evidence: 'observed' },
  { text: '554 5.7.1 <neko@example.com>: Recipient address rejected: Invalid-Recipient.', at: 'RCPT', reason: 'userunknown', hard: true, source: m554, evidence: 'observed' },
  // The recipient's administrators block the sender's address, domain or IP.
  { text: '554 5.7.1 <neko@example.com>: Recipient address rejected: BLOCK-SEND-ER.', at: 'RCPT', reason: 'rejected', hard: false, source: m554, evidence: 'observed' },
  // A block on the recipient address (no explanation on the page): a policy, not a dead address.
  { text: '554 5.7.1 <neko@example.com>: Recipient address rejected: BLOCK-RCPT.', at: 'RCPT', reason: 'filtered', hard: false, source: m554, evidence: 'observed' },
  // The recipient's domain is not (yet) set up to route through Trend Micro: their configuration.
  { text: '554 5.7.1 <neko@example.com>: Recipient address rejected: NO-DOMAIN.', at: 'RCPT', reason: 'systemerror', hard: false, source: m554, evidence: 'observed' },
];
