// Mimecast (cloud gateway): the "Mimecast SMTP Error Codes" article, code and "Reason Given to
// Sending MTA" column. Mimecast appends a link to the article and a reference to each reply
// ("550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [AbCdEf.us32]"); the
// texts here are the column's. Where the article's wording was only seen lower-cased (as quoted
// with the article's URL in the reference decoder's Mimecast table), the case is the article's
// style: first word capitalised.
import type { DocumentedReply } from './types.js';

const codes = 'https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754';

export const mimecast: DocumentedReply[] = [
  // Recipient validation (known recipients, LDAP, call forwarding) found no such user.
  { text: '550 Invalid Recipient', at: 'RCPT', reason: 'userunknown', hard: true, source: codes },
  { text: '550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550', at: 'RCPT', reason: 'userunknown', hard: true, source: codes },
  // "The email address isn't a valid SMTP address."
  { text: '501 Invalid address', at: 'RCPT', reason: 'userunknown', hard: true, source: codes },
  // Blocked Senders policies, personal block lists: the sender is refused.
  { text: '550 Administrative prohibition - envelope blocked', at: 'RCPT', reason: 'rejected', hard: false, source: codes },
  { text: '550 Envelope blocked - User Entry', at: 'RCPT', reason: 'rejected', hard: false, source: codes },
  { text: '550 Envelope blocked - User Domain Entry', at: 'RCPT', reason: 'rejected', hard: false, source: codes },
  { text: '550 Envelope rejected - Block policy for Envelope From address', at: 'RCPT', reason: 'rejected', hard: false, source: codes },
  { text: '550 Rejected by header-based Blocked Senders - Block policy for Header From', at: 'DATA', reason: 'rejected', hard: false, source: codes },
  { text: '550 Rejected by header-based Manually Blocked Senders - Block for manual block', at: 'DATA', reason: 'rejected', hard: false, source: codes },
  { text: '421 Sender address blocked', reason: 'blocked', hard: false, source: codes },
  { text: '451 IP temporarily blacklisted', reason: 'blocked', hard: false, source: codes },
  // The sending IP is on the block list for too many invalid connections.
  { text: '451 Recipient temporarily unavailable', at: 'RCPT', reason: 'blocked', hard: false, source: codes },
  // Geographical Restriction policy: the sender's network is refused.
  { text: '554 Host network not allowed', reason: 'blocked', hard: false, source: codes },
  // Greylisting, or a sender IP of poor reputation (the article gives both causes).
  { text: '451 Internal resource temporarily unavailable', at: 'RCPT', reason: 'badreputation', hard: false, source: codes },
  { text: '550 Local CT IP Reputation - (reject)', reason: 'badreputation', hard: false, source: codes },
  { text: '550 SPF Sender Invalid - envelope rejected', at: 'RCPT', reason: 'authfailure', hard: false, source: codes },
  { text: '550 DKIM Sender Invalid - envelope rejected', at: 'DATA', reason: 'authfailure', hard: false, source: codes },
  { text: '550 DMARC Sender Invalid - envelope rejected', at: 'DATA', reason: 'authfailure', hard: false, source: codes },
  { text: '550 Anti-Spoofing policy - Inbound not allowed', reason: 'policyviolation', hard: false, source: codes },
  { text: '550 Rejected by header-based Anti-Spoofing policy', at: 'DATA', reason: 'policyviolation', hard: false, source: codes },
  { text: '550 Message bounced due to content examination policy', at: 'DATA', reason: 'policyviolation', hard: false, source: codes },
  // A virus signature, or a spam score over the maximum: the article puts both under this reply.
  { text: '554 Email rejected due to security policies', at: 'DATA', reason: 'virusdetected', hard: false, source: codes },
  { text: '554 Maximum email size exceeded', at: 'DATA', reason: 'mesgtoobig', hard: false, source: codes },
  { text: '554 Mail loop detected', at: 'DATA', reason: 'systemerror', hard: false, source: codes },
  { text: '451 Open relay not allowed', at: 'RCPT', reason: 'norelaying', hard: false, source: codes },
  { text: '553 This route requires encryption (TLS)', reason: 'failedstarttls', hard: false, source: codes },
  { text: '553 This route requires TLS version 1.2 or greater', reason: 'failedstarttls', hard: false, source: codes },
  { text: '553 This route requires high-strength ciphers', reason: 'failedstarttls', hard: false, source: codes },
  { text: '421 Unable to process connection at this time', at: 'CONN', reason: 'systemerror', hard: false, source: codes },
  // Too many concurrent inbound connections for the account.
  { text: '451 Account service is temporarily unavailable', reason: 'toomanyconn', hard: false, source: codes },
  { text: '452 Too many recipients', at: 'RCPT', reason: 'toomanyconn', hard: false, source: codes },
  { text: '550 Submitter failed to authenticate', reason: 'securityerror', hard: false, source: codes },
];
