// Trend Micro: the replies Deep Discovery Email Inspector sends the upstream server when its sender
// filtering or its Email Reputation Service (ERS) blocks a connection (code and message as the
// online help lists them), the refusals of ERS that Trend Micro's knowledge base quotes (the
// sending IP's listing in its reputation lists: RBL+, the dynamic list for "zombie" hosts), and
// replies senders quote as received from its gateways (Email Security, Hosted Email Security).
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const codes = 'https://docs.trendmicro.com/en-us/documentation/article/deep-discovery-email-inspector-51-online-help-smtp-error-codes';
const ers = 'https://success.trendmicro.com/solution/1097055-frequently-asked-questions-faqs-about-messages-blocked-by-email-reputation-services-ers';
const m554 = fieldManual.code554;

export const trendmicro: DocumentedReply[] = [
  // DHA protection, bounce attack protection, traffic throttling, SPF, DKIM, DMARC: about the sender.
  { text: '421 Block temporarily (Sender Filtering/Authentication)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  { text: '521 Block permanently (Sender Filtering/Authentication)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  // The sending IP is a known botnet member (zombie) or on the RBL+ list.
  { text: '450 Temporary denial of connection (450) for Zombie matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  { text: '550 Permanent denial of connection (550) for RBL+ matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  // Email Reputation Services' refusals of a listed IP, as the knowledge base quotes them.
  { text: '550 Mail from 192.0.2.25 refused by rbl-plus.mail-abuse.org. Please refer to http://mail-abuse.org/rbl+ for an explanation', reason: 'blocked', hard: false, source: ers },
  { text: '550 Mail from 192.0.2.25 refused by rbl-plus.mail-abuse.org. Please refer to http://mail-abuse.com/rbl for an explanation', reason: 'blocked', hard: false, source: ers },
  { text: '550 Service unavailable; Client host [192.0.2.25] blocked using Trend Micro RBL+. Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.25', reason: 'blocked', hard: false, source: ers },

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
