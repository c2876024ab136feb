// Trend Micro Deep Discovery Email Inspector: the replies it sends the upstream server when its
// sender filtering or its Email Reputation Service (ERS) blocks a connection (code and message as
// the online help lists them).
import type { DocumentedReply } from './types.js';

const codes = 'https://docs.trendmicro.com/en-us/documentation/article/deep-discovery-email-inspector-51-online-help-smtp-error-codes';

export const trendmicro: DocumentedReply[] = [
  // DHA protection, bounce attack protection, traffic throttling, SPF, DKIM, DMARC: about the sender.
  { text: '421 Block temporarily (Sender Filtering/Authentication)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  { text: '521 Block permanently (Sender Filtering/Authentication)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  // The sending IP is a known botnet member (zombie) or on the RBL+ list.
  { text: '450 Temporary denial of connection (450) for Zombie matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
  { text: '550 Permanent denial of connection (550) for RBL+ matches (ERS)', at: 'CONN', reason: 'blocked', hard: false, source: codes },
];
