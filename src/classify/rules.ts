// Reason rules, as data. Each rule sits under the real reply text that motivated it.
//
// A rule fires when every condition it names holds: `phrase` (any of these lower-case substrings
// of the diagnostic text), `status` (any of these enhanced-code prefixes, "5.1.1" or "5.7."),
// `reply` (any of these reply codes). classify() tries PHRASE_RULES in order, then STATUS_RULES,
// then REPLY_RULES: the words of the remote server are more specific than a generic code, and
// a code is more specific than a bare reply code.
//
// Order within PHRASE_RULES matters: non-hard reasons whose words also appear in "user unknown"
// style texts come first, so a policy block worded "recipient rejected" is never called dead.
// Helpers adding family rules: append in your own marked block at the end of a list.
import type { Reason } from '../core/types.js';

export interface Rule {
  id: string;
  reason: Reason;
  phrase?: string[];
  status?: string[];
  reply?: string[];
}

export const PHRASE_RULES: Rule[] = [
  // "552 5.2.2 <kijitora@example.jp>: Recipient address rejected: Mailbox full"
  // "452 4.2.2 The email account that you tried to reach is over quota."
  { id: 'mailbox-full', reason: 'mailboxfull', phrase: ['mailbox full', 'mailbox is full', 'over quota', 'quota exceeded', 'exceeded storage allocation', 'mailbox size limit', 'disk quota', 'account is full', 'inbox is full', 'mailfolder is full', 'user is over quota', 'insufficient storage', 'mailbox has exceeded', 'exceeds quota', 'quota exceed', 'mailbox exceeds'] },
  // "552 5.3.4 Message size exceeds fixed maximum message size"
  { id: 'message-too-big', reason: 'mesgtoobig', phrase: ['message size exceeds', 'message too large', 'message is too large', 'message too big', 'size limit exceeded', 'exceeds maximum message size', 'exceeds the maximum size', 'message length exceeds'] },
  // "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
  { id: 'blocked-list', reason: 'blocked', phrase: ['blocked using', 'listed in', 'blacklisted', 'blocklisted', 'on our block list', 'spamhaus', 'spamcop', 'dnsbl', ' rbl', 'client host rejected', 'connection refused', 'access denied, banned sending ip', 'your ip', 'ip address has been blocked', 'poor reputation'] },
  // "550 5.7.1 [192.0.2.1] The IP you're using to send mail is not authorized ... (PTR)"
  { id: 'no-ptr', reason: 'requireptr', phrase: ['reverse dns', 'no ptr', 'ptr record', 'cannot find your hostname', 'not have a reverse', 'reverse lookup', 'cannot resolve your address'] },
  // "550 5.7.26 This mail has been blocked because the sender is unauthenticated. ... SPF / DKIM"
  { id: 'auth-failure', reason: 'authfailure', phrase: ['spf check', 'spf fail', 'dkim', 'dmarc', 'sender is unauthenticated', 'sender policy framework'] },
  // "550 5.7.1 Message rejected as spam by Content Filtering."
  { id: 'spam', reason: 'spamdetected', phrase: ['spam', 'unsolicited', 'junk mail', 'bulk mail'] },
  // "554 5.7.0 Reject, id=12345 - INFECTED: Eicar-Test-Signature"
  { id: 'virus', reason: 'virusdetected', phrase: ['virus', 'infected', 'malware'] },
  // "421 4.7.0 Too many concurrent SMTP connections from this IP address"
  { id: 'too-many-conn', reason: 'toomanyconn', phrase: ['too many connections', 'too many concurrent', 'connection limit', 'too many smtp sessions'] },
  // "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages"
  { id: 'rate-limit', reason: 'speeding', phrase: ['rate limit', 'receiving mail at a rate', 'too many messages', 'too fast', 'sending rate'] },
  // "550 5.2.1 The email account that you tried to reach is disabled."
  { id: 'suspended', reason: 'suspend', phrase: ['account is disabled', 'account disabled', 'account has been disabled', 'is disabled', 'suspended', 'inactive', 'account is locked', 'temporarily disabled', 'mailbox disabled', 'not active'] },
  // "550 5.1.6 Recipient addresses in this domain no longer accepted / user has moved"
  { id: 'has-moved', reason: 'hasmoved', phrase: ['has moved', 'no longer valid, please use', 'address has changed'] },
  // "554 5.7.1 <x@example.net>: Relay access denied"
  { id: 'no-relay', reason: 'norelaying', phrase: ['relay access denied', 'relaying denied', 'not permitted to relay', 'relay not permitted', 'unable to relay', 'relaying not allowed', 'we do not relay', 'not allowed to relay', 'relay denied'] },
  // "550 5.1.2 Host unknown (Name server: example.jp: host not found)"
  { id: 'host-unknown', reason: 'hostunknown', phrase: ['host unknown', 'host not found', 'domain not found', 'unknown host', 'no such domain', 'domain does not exist', 'name or service not known', 'unrouteable mail domain', 'domain name not found', 'nxdomain', 'no mx', 'sorry, i couldn\'t find any host named'] },
  // "550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown in local recipient table"
  // "550-5.1.1 The email account that you tried to reach does not exist."
  { id: 'user-unknown', reason: 'userunknown', phrase: ['user unknown', 'unknown user', 'no such user', 'no such mailbox', 'mailbox unavailable', 'does not exist', 'unknown recipient', 'recipient unknown', 'invalid recipient', 'recipient address rejected: undeliverable address', 'no mailbox here', 'mailbox not found', 'user not found', 'address unknown', 'unknown address', 'no such recipient', 'not a valid mailbox', 'addressee unknown', 'unknown local part', 'unrouteable address', 'user doesn\'t exist', 'no such account', 'invalid mailbox', 'mailbox does not exist', 'recipient not found', 'is not a valid', 'unknown or illegal alias', 'sorry, no mailbox here by that name', 'user does not exist', 'account does not exist', 'bad destination mailbox', 'not our customer', 'recipient rejected'] },
  // "550 5.7.1 Message rejected due to content restrictions"
  { id: 'content', reason: 'contenterror', phrase: ['content restriction', 'content rejected', 'message content'] },
  // "550 5.7.1 Delivery not authorized, message refused" / "Message rejected due to local policy"
  { id: 'policy', reason: 'policyviolation', phrase: ['policy', 'not authorized', 'prohibited'] },
  // "Message expired" / "retry timeout exceeded" / "Delivery time expired"
  { id: 'expired', reason: 'expired', phrase: ['retry timeout exceeded', 'message expired', 'delivery time expired', 'could not be delivered for', 'time limit exceeded', 'giving up', 'deferred for too long', 'was not delivered within'] },
  // "(reason: 550 5.7.1 <a@b>: Sender address rejected: Access denied)"
  { id: 'sender-rejected', reason: 'rejected', phrase: ['sender address rejected', 'sender rejected', 'domain of sender address', 'sender verify failed', 'sender denied', 'sender is not allowed'] },
  // "connect to mx.example.jp[192.0.2.1]:25: Connection timed out"
  { id: 'network', reason: 'networkerror', phrase: ['connection timed out', 'network is unreachable', 'no route to host', 'lost connection', 'connection reset'] },
];

export const STATUS_RULES: Rule[] = [
  // RFC 3463 subjects that say what happened by themselves.
  { id: 'status-5.1.1', reason: 'userunknown', status: ['5.1.1', '5.1.3', '5.1.4'] },
  { id: 'status-5.1.2', reason: 'hostunknown', status: ['5.1.2', '5.4.4'] },
  { id: 'status-5.1.6', reason: 'hasmoved', status: ['5.1.6'] },
  { id: 'status-5.1.10', reason: 'notaccept', status: ['5.1.10'] },
  { id: 'status-x.1.8', reason: 'rejected', status: ['5.1.7', '5.1.8', '4.1.7', '4.1.8'] },
  { id: 'status-x.2.2', reason: 'mailboxfull', status: ['5.2.2', '4.2.2'] },
  { id: 'status-x.2.1', reason: 'suspend', status: ['5.2.1'] },
  { id: 'status-x.2.3', reason: 'exceedlimit', status: ['5.2.3', '4.2.3'] },
  { id: 'status-x.3.4', reason: 'mesgtoobig', status: ['5.3.4', '4.3.4'] },
  { id: 'status-x.3.1', reason: 'systemfull', status: ['5.3.1', '4.3.1'] },
  { id: 'status-x.4.7', reason: 'expired', status: ['5.4.7', '4.4.7'] },
  { id: 'status-x.4.', reason: 'networkerror', status: ['5.4.', '4.4.'] },
  { id: 'status-x.5.', reason: 'syntaxerror', status: ['5.5.', '4.5.'] },
  { id: 'status-x.6.', reason: 'contenterror', status: ['5.6.', '4.6.'] },
  { id: 'status-x.7.25', reason: 'requireptr', status: ['5.7.25', '4.7.25'] },
  { id: 'status-x.7.26', reason: 'authfailure', status: ['5.7.26', '5.7.23', '5.7.24', '4.7.26'] },
  { id: 'status-x.7.27', reason: 'notaccept', status: ['5.7.27'] },
  { id: 'status-x.7.1', reason: 'blocked', status: ['5.7.1', '4.7.1'] },
  { id: 'status-x.7.', reason: 'securityerror', status: ['5.7.', '4.7.'] },
  { id: 'status-x.3.', reason: 'systemerror', status: ['5.3.', '4.3.'] },
];

export const REPLY_RULES: Rule[] = [
  // "552 Requested mail action aborted: exceeded storage allocation"
  { id: 'reply-552', reason: 'mailboxfull', reply: ['552'] },
  // "421 Service not available, closing transmission channel"
  { id: 'reply-421', reason: 'systemerror', reply: ['421'] },
  // "554 Transaction failed": no reason given
  { id: 'reply-554', reason: 'undefined', reply: ['554'] },
];
