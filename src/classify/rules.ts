// Reason rules, as data. Each rule sits under the real reply text that motivated it.
//
// A phrase rule fires when the lower-cased diagnostic text contains any of its phrases. Which
// reasons are tried, and in what order, is decided in ./index.ts (the order is the policy: words
// that say "full", "blocked", "spam" are tried before words that say "unknown", and "unknown"
// counts as a dead mailbox only in reply to RCPT TO or under an x.1.1 status).
// STATUS_NAMES maps RFC 3463 codes to the reason they name by themselves.
//
// A phrase rule says where it comes from in the comment above it: a reply a system documents, or
// at least two distinct real replies. Ids are "<reason>/<what>". A receiver's own wording that
// means something only there ("user unknown" when its filter refused the sender) is not a rule
// here but a reply table of that receiver (src/decode/rhost/).
import type { Reason } from '../core/types.js';

export interface Rule {
  id: string;
  reason: Reason;
  phrase: string[];
  /** Words that phrases cannot say (a few words apart), for the rare rule that needs them. Bounded, linear. */
  pattern?: RegExp;
}

/** Words about the sending host's HELO / EHLO name: a refusal of our host, whatever else they say ("Host not found"). */
export const HELO_WORDS = ['helo command rejected', 'ehlo command rejected', 'bad helo', 'invalid helo', 'your helo name', 'in helo', 'helo name is invalid', 'helo hostname'];

export const PHRASE_RULES: Rule[] = [
  // "552 5.2.2 <kijitora@example.jp>: Recipient address rejected: Mailbox full"
  // "452 4.2.2 The email account that you tried to reach is over quota."
  // "550 5.2.2 Mailbox quota usage exceeded"
  // Postfix's VDA quota patch, its virtual_maildir_limit_message by default: "Sorry, the user's
  // maildir has overdrawn his diskspace quota, please try again later."
  { id: 'mailboxfull/words', reason: 'mailboxfull', phrase: ['maildir has overdrawn his diskspace quota', 'mailbox full', 'mailbox is full', 'mailbox is over quota', 'over quota', 'quota exceeded', 'quota usage exceeded', 'exceeded storage allocation', 'disk quota', 'account is full', 'inbox is full', 'mailfolder is full', 'mailbox has exceeded', 'exceeds quota', 'out of storage space', 'mailbox size limit exceeded', 'maildir over quota', 'user has exhausted allowed storage space', 'mail box full', 'mailbox exceeded the local limit', 'too much mail data', 'full mailbox', 'over the allowed quota', 'account has exceeded', 'is over its quota'] },
  // Other languages: "Postfach voll", "boîte pleine", "casella piena", "buzón lleno",
  // KDDI/au: "送信先のメールボックスが一杯のため、送信できませんでした。"
  { id: 'mailboxfull/words-intl', reason: 'mailboxfull', phrase: ['postfach voll', 'postfach ist voll', 'boîte pleine', 'boite pleine', 'boîte aux lettres pleine', 'casella piena', 'buzón lleno', 'buzon lleno', 'メールボックスが一杯', 'メールボックスの容量', '容量超過', '容量オーバー'] },
  // "552 5.3.4 Message size exceeds fixed maximum message size (10485760)"
  { id: 'mesgtoobig/size', reason: 'mesgtoobig', phrase: ['message size exceeds', 'message too large', 'message is too large', 'message too big', 'message is too big', 'exceeds maximum message size', 'exceeds the maximum message size', 'size of message exceeds', 'message exceeds maximum', 'exceeded maximum inbound message size', 'message size limit', 'message file too big', 'mail size limit'] },
  // "552 5.2.3 Message length exceeds administrative limit"
  { id: 'exceedlimit/admin', reason: 'exceedlimit', phrase: ['length exceeds administrative limit', 'message length exceeds', 'exceeds the size limit of the recipient', 'message exceeded recipient limit'] },
  // "550 5.2.1 The email account that you tried to reach is disabled."
  // "525 5.7.13 Disabled recipient address"  "550 Mailbox is frozen."
  { id: 'suspend/disabled', reason: 'suspend', phrase: ['account is disabled', 'account disabled', 'account has been disabled', 'is disabled', 'disabled recipient', 'mailbox disabled', 'mailbox is frozen', 'account is suspended', 'account has been suspended', 'mailbox is suspended', 'temporarily locked', 'temporary locked', 'account is locked', 'account has been locked', 'is inactive', 'inactive account', 'account is inactive', 'mailbox is inactive', 'has been temporarily suspended', 'recipient suspended', 'boite du destinataire archivee', 'not an active address'] },
  // "550 5.1.6 recipient no longer on server: kijitora@example.go.jp"
  // RFC 5321 §3.4 / §4.2.3: "551 User not local; please try <forward-path>" (the address changed).
  { id: 'hasmoved/moved', reason: 'hasmoved', phrase: ['user not local; please try', 'address has moved', 'recipient no longer on server', 'mailbox has moved', 'user has moved', 'no longer on server', 'has been moved to', 'is no longer valid, please use'] },
  // "554 5.7.1 <kijitora@example.org>: Relay access denied"
  { id: 'norelaying/denied', reason: 'norelaying', phrase: ['relay access denied', 'relaying denied', 'relaying not allowed', 'relay not permitted', 'not permitted to relay', 'unable to relay', 'we do not relay', 'not allowed to relay', 'relay denied', 'relaying mail to', 'relay prohibited', 'not a gateway', "that domain isn't in my list of allowed rcpthosts", 'email address is not verified'] },
  // "550 5.7.26 This mail has been blocked because the sender is unauthenticated."
  // "550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it's SPF Record."
  { id: 'authfailure/spf-dkim-dmarc', reason: 'authfailure', phrase: ['spf check', 'spf fail', 'spf record', 'spf validation', 'bad spf', 'sender policy framework', 'dkim', 'dmarc', 'sender is unauthenticated', 'unauthenticated email', 'does not have authentication information', 'fails to pass authentication', 'failed authentication check', 'authentication checks failed', 'not pass spf'] },
  // "550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown in local recipient table"
  // "550-5.1.1 The email account that you tried to reach does not exist."
  // "Sorry, no mailbox here by that name. (#5.1.1)"
  // Domino: "User Neko (kijitora@example.jp) not listed in Domino Directory"
  { id: 'userunknown/words', reason: 'userunknown', phrase: ['user unknown', 'unknown user', 'no such user', 'no such mailbox', 'no such recipient', 'no such person', 'no such address', 'unknown recipient', 'recipient unknown', 'invalid recipient', 'not a valid recipient', 'invalid mailbox', 'mailbox unavailable', 'mailbox is unavailable', 'mailbox not found', 'mailbox does not exist', 'mailbox not present', 'mailbox invalid', 'unknown mailbox', 'user not found', 'user not exist', 'user does not exist', "user doesn't exist", 'user not known', 'recipient not found', 'recipient does not exist', 'recipient not exist', 'address does not exist', 'address unknown', 'unknown address', 'address invalid', 'invalid address', 'address not present in directory', 'account does not exist', 'no such account', 'no account by that name', 'email account that you tried to reach does not exist', 'no mailbox here by that name', 'not a valid mailbox', 'is not a known user', 'unknown local part', 'unknown local-part', 'unrouteable address', 'bad destination mailbox', 'this address no longer accepts mail', 'no mailbox by that name', 'invalid final delivery userid', "user doesn't have a", 'not our customer', 'recipient address rejected: access denied', 'recipient address rejected: invalid user', 'recipient address rejected: unknown user', 'recipient address rejected. (in reply to rcpt to', 'recipient address rejected.', 'destination addresses were unknown', 'utilisateur inconnu', 'no existe', 'nessun utente', 'recipient is not local', 'not a local address', 'recipient not ok', 'inactive email address', 'there is no one at this address', 'not listed in', 'recipient refuses to accept your mail'] },
  // Other languages: "Benutzer unbekannt", "destinatario sconosciuto", "宛先のメールアドレスは存在しません"
  { id: 'userunknown/words-intl', reason: 'userunknown', phrase: ['benutzer unbekannt', 'empfänger unbekannt', 'unbekannter empfänger', 'destinataire inconnu', 'destinatario sconosciuto', 'utente sconosciuto', 'usuario desconocido', 'destinatario desconocido', 'アドレスは存在しません', 'ユーザが存在しません', 'ユーザーが存在しません', '宛先不明'] },
  // "550 5.2.0 Message Filtered"  "550 5.1.1 ... Refused due to recipient preferences"
  { id: 'filtered/recipient-filter', reason: 'filtered', phrase: ['message filtered', 'refused due to recipient preferences', 'because the recipient is only accepting mail from specific', 'is not accepting any mail', 'message rejected due to user rules', 'user reject', 'you have been blocked by the recipient', 'this account is protected by', 'resolver.rst.notauthorized', 'has restricted sms e-mail', 'rejected by the domain filter', 'refuse to receive mail'] },
  // "550 5.7.1 [192.0.2.1] ... has no PTR record"  "450 4.7.1 Access denied. IP name lookup failed"
  { id: 'requireptr/no-ptr', reason: 'requireptr', phrase: ['reverse dns', 'no ptr', 'ptr record', 'ptr resource record', 'ip name lookup failed', 'cannot find your hostname', 'does not have a reverse', 'reverse lookup', 'cannot resolve your address', 'mismatches client ip', 'no rdns', 'rdns'] },
  // "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers."
  { id: 'notcompliantrfc/rfc5322', reason: 'notcompliantrfc', phrase: ['not rfc 5322 compliant', 'not rfc5322 compliant', 'multiple addresses in from: header', 'is not rfc compliant', 'headers are not rfc', 'missing or malformed message-id', 'bare lf', 'bare linefeed'] },
  // "553 5.1.8 <httpd@host1.mx.example.jp>... Domain of sender address ... does not exist"
  // "Connected to 192.0.2.225 but sender was rejected."
  // Unknown-address words about the sender, not the recipient: "550 Sender address domain does
  // not exist", "553 sender domain not found", "unknown sender" (RFC 5321 §3.3: MAIL FROM names the
  // sender; a refusal of it says nothing about the recipient's address).
  { id: 'rejected/sender-unknown', reason: 'rejected', phrase: ['unknown sender', 'invalid sender address'],
    pattern: /\b(?:sender|mail from|envelope from)(?: address| domain| mailbox|'s address|'s domain){0,2}(?: domain)? (?:(?:is |was )?(?:unknown|not found|does not exist|doesn't exist|not exist|invalid|not valid|unresolvable|not resolvable)|has (?:a )?null mx)/ },
  { id: 'rejected/sender', reason: 'rejected', phrase: ['domain of sender address', 'sender address rejected', 'sender rejected', 'sender was rejected', 'sender verify failed', 'sender denied', 'sender is not allowed', 'sender domain must exist', 'invalid sender', 'sender not allowed', 'address of sender', 'envelope sender', 'sender address is blacklisted', 'mail from address rejected', 'your email address has been blacklisted', 'sender domain is empty', 'bad sender'] },
  // "550 5.1.2 Host unknown (Name server: example.jp: host not found)"
  // "554 The mail could not be delivered to the recipient because the domain is not reachable."
  { id: 'hostunknown/domain', reason: 'hostunknown', phrase: ['host unknown', 'host not found', 'unknown host', 'no such domain', 'domain does not exist', 'domain not found', 'domain name not found', 'unrouteable mail domain', 'name or service not known', 'domain is not reachable', "couldn't find any host named", 'domain must exist', 'recipient domain must exist', 'no mx for', 'invalid domain', 'unknown domain', 'domain not exist'] },
  // "550 5.7.1 Message content rejected, UBE, id=00000-00-000"  (amavis)
  // "554 5.7.1 Message rejected as spam"
  // "554 5.6.0 This message has been scored as spam with a probability of more than 90%"
  // (plain "spam" is not enough: "blocked using zen.spamhaus.org" is a block of the sender's IP)
  // amavis: "554 5.7.0 Reject, id=20025-09 - SPAM"; "550 5.7.1 message content rejected"
  { id: 'spamdetected/spam', reason: 'spamdetected', phrase: ['- spam', 'message content rejected', 'as spam', 'spam detected', 'spam message', 'spam content', 'spam score', 'spam filter', 'spam classification', 'spamassassin', 'likely spam', 'considered spam', 'is spam', 'ube, id=', 'unsolicited', 'junk mail', 'bulk mail', 'content filter rejection', 'message filtered as', 'suspected of being', 'rejected by content scanner', 'score too high', 'identified as spam', 'classified as spam', 'looks like spam'] },
  // "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages"
  { id: 'speeding/rate', reason: 'speeding', phrase: ['receiving mail at a rate', 'rate limited', 'rate-limited', 'sending rate', 'too many messages in this connection', 'throttled', 'rate limit exceeded for'] },
  // "421 4.7.0 Too many concurrent SMTP connections from this IP address"  "452 4.3.2 Connection rate limit exceeded."
  { id: 'toomanyconn/connections', reason: 'toomanyconn', phrase: ['too many connections', 'too many concurrent', 'connection rate limit', 'connection limit', 'too many smtp sessions', 'connection frequency limited', 'too many recipients', 'too many simultaneous'] },
  // The sending host's HELO name refused: Postfix's HELO restrictions, applied at RCPT TO by default
  // (smtpd_delay_reject): "450 4.7.1 <mail>: Helo command rejected: Host not found", "Helo command
  // rejected: need fully-qualified hostname"; Exchange Online: "550 5.7.1 Access denied, bad HELO".
  // Words about our host, never about the recipient's domain (see HELO_WORDS).
  { id: 'blocked/helo', reason: 'blocked', phrase: HELO_WORDS },
  // "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
  // Postfix: "host mx.example.com[192.0.2.1] refused to talk to me: 554 Service not available"
  // Japanese ISPs (port 25 blocking): "550 5.7.0 <a@b>... Please use the smtp server of your ISP."
  { id: 'blocked/ip', reason: 'blocked', phrase: ['blocked using', 'is listed in', 'is listed on', 'listed at', 'blacklisted', 'blocklisted', 'block list', 'blocklist', 'dnsbl', 'spamhaus', 'spamcop', 'client host rejected', 'client host blocked', 'access denied, banned', 'your ip', 'ip address has been blocked', 'ip address is blocked', 'invalid ip for sending', 'not accepting connections', 'service not available', 'refused to talk to me', 'host network not allowed', 'has been blocked', 'is blocked', 'blocked by', 'adresse ip source bloquee', 'rejected due to local policy', 'use the smtp server of your isp', 'my name was rejected', 'your access to this mail system has been rejected', 'ip blocked', 'banned', 'poor reputation'] },
  // "554 5.7.9 Header error"  "552-5.7.0 This message was blocked because its content presents a potential security issue."
  { id: 'policyviolation/policy', reason: 'policyviolation', phrase: ['policy', 'header error', 'content presents a potential', 'prohibited', 'not allowed by', 'not permitted by'] },
  // "554 5.7.0 Reject, id=12345 - INFECTED: Eicar-Test-Signature"
  { id: 'virusdetected/virus', reason: 'virusdetected', phrase: ['virus', 'infected', 'malware', 'banned attachment'] },
  // "421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints"
  { id: 'badreputation/reputation', reason: 'badreputation', phrase: ['reputation', 'unexpected volume or user complaints'] },
  // "550 Unauthenticated senders not allowed"
  { id: 'securityerror/auth', reason: 'securityerror', phrase: ['unauthenticated senders not allowed', 'authentication required', 'must be authenticated', 'starttls is required', 'tls required', 'encryption required', 'delivery not authorized', 'not authorized'] },
  // "451 Could not load DRD for domain"  "554 Service currently unavailable"
  { id: 'systemerror/server', reason: 'systemerror', phrase: ['could not load drd', 'queue file write error', 'service currently unavailable', 'internal error', 'server error', 'system error', 'local error', 'temporary failure', 'unable to contact ldap', 'directory server failure', 'mail system error', 'loop detected', 'too many hops', 'mail loop', 'routing loop'] },
  // "Name service error for domain example.com: Host not found, try again"  "Connection timed out"
  // Sendmail: "Deferred: Name server: example.co.jp.: host name lookup failure"
  // qmail: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"
  { id: 'networkerror/network', reason: 'networkerror', phrase: ['name service error', 'host not found, try again', 'temporary failure in name resolution', 'host name lookup failure', "wasn't able to establish an smtp connection", 'unable to establish an smtp connection', 'network is unreachable', 'no route to host', 'lost connection', 'connection reset', 'dns error', 'dns lookup', 'malformed or unexpected name server reply', 'network error', 'could not connect'] },
  // "Message expired"  "retry timeout exceeded"  "Delivery time expired"
  { id: 'expired/time', reason: 'expired', phrase: ['retry timeout exceeded', 'message expired', 'delivery time expired', 'time limit exceeded', 'deferred for too long', 'was not delivered within', 'in the queue too long', 'delivery attempts will continue', 'has been delayed', 'connection timed out', 'timed out', 'did not accept our requests to connect', 'delivery failed 20 attempts', 'retry time not reached', 'could not be delivered for', 'giving up'] },
  // "554 5.6.0 Message contains invalid header"
  { id: 'contenterror/content', reason: 'contenterror', phrase: ['improper use of 8-bit data', 'message contains invalid header', 'content rejected', 'content restriction', 'invalid mime', 'mime error'] },
  // "452 4.3.1 Insufficient system storage"
  { id: 'systemfull/storage', reason: 'systemfull', phrase: ['insufficient system storage', 'mail system full', 'system full', 'out of disk', 'disk full'] },
  // "556 5.1.10 Recipient address has null MX" (RFC 7505), "556 Domain does not accept mail" (RFC 7504),
  // Sendmail: "550 Host does not accept mail". Not a bare "not accepting mail": AOL's "they are not
  // accepting mail from news@example.com" is the recipient refusing one sender, not a dead domain.
  { id: 'notaccept/null-mx', reason: 'notaccept', phrase: ['null mx', 'no mx found for domain', 'domain does not accept mail', 'host does not accept mail', 'accepts no mail'] },
  // "procmail: Couldn't create \"/var/spool/mail/neko\""  "Diagnostic-Code: X-Unix; 255"
  { id: 'mailererror/program', reason: 'mailererror', phrase: ['procmail:', 'mailer error', 'command died with status', 'command output:', 'pipe to |', 'failed to read response template', 'unknown mailer error'] },
  // "550 5.0.0 <x@example.org>: Recipient address rejected: On hold."
  { id: 'onhold/words', reason: 'onhold', phrase: ['on hold'] },
];

/**
 * Unknown-user words so explicit that they count at any SMTP stage (most "User unknown" after
 * DATA is a filter's answer, so those words alone are not enough).
 */
export const EXPLICIT_UNKNOWN: string[] = [
  // Yahoo answers each recipient, also at the end of DATA:
  // "554 delivery error: dd This user doesn't have a yahoo.com account (neko@yahoo.com) [0]"
  "delivery error: dd this user doesn't have a",
];

/** Reply codes that name a reason when nothing else did (no status, no words understood). */
export interface ReplyRule {
  id: string;
  reason: Reason;
  reply: string[];
}
export const REPLY_RULES: ReplyRule[] = [
  // RFC 7504: "556 5.1.10 Recipient address has null MX" / "556 Domain does not accept mail"
  { id: 'reply/556-no-mail', reason: 'notaccept', reply: ['556'] },
  // "500 5.5.1 Command unrecognized", "501 Syntax error in parameters", "503 Bad sequence of commands",
  // "504 Command parameter not implemented"
  { id: 'reply/50x-syntax', reason: 'syntaxerror', reply: ['500', '501', '502', '503', '504'] },
];

/** RFC 3463 codes that name a reason by themselves (after Sisimai's reading of the RFC). */
export const STATUS_NAMES: Record<string, Reason> = {
  '2.1.5': 'delivered',
  '4.1.6': 'hasmoved', '4.1.7': 'rejected', '4.1.8': 'rejected', '4.1.9': 'systemerror',
  '4.2.1': 'suspend', '4.2.2': 'mailboxfull', '4.2.3': 'exceedlimit', '4.2.4': 'filtered',
  '4.3.1': 'systemfull', '4.3.2': 'notaccept', '4.3.3': 'systemerror', '4.3.5': 'systemerror',
  '4.4.1': 'expired', '4.4.2': 'networkerror', '4.4.3': 'systemerror', '4.4.4': 'networkerror', '4.4.5': 'systemfull',
  '4.4.6': 'networkerror', '4.4.7': 'expired', '4.4.8': 'networkerror', '4.5.3': 'systemerror', '4.5.5': 'systemerror',
  '4.6.0': 'contenterror', '4.6.2': 'contenterror', '4.6.5': 'contenterror',
  '4.7.1': 'blocked', '4.7.2': 'blocked', '4.7.5': 'securityerror', '4.7.6': 'securityerror', '4.7.7': 'securityerror',
  '4.7.12': 'securityerror', '4.7.15': 'securityerror', '4.7.16': 'mesgtoobig', '4.7.24': 'authfailure', '4.7.25': 'requireptr', '4.7.26': 'authfailure',
  '5.1.0': 'userunknown', '5.1.1': 'userunknown', '5.1.2': 'hostunknown', '5.1.3': 'userunknown', '5.1.4': 'filtered',
  '5.1.6': 'hasmoved', '5.1.7': 'rejected', '5.1.8': 'rejected', '5.1.9': 'systemerror', '5.1.10': 'notaccept',
  '5.2.0': 'filtered', '5.2.1': 'filtered', '5.2.2': 'mailboxfull', '5.2.3': 'exceedlimit', '5.2.4': 'filtered',
  '5.3.0': 'systemerror', '5.3.1': 'systemfull', '5.3.2': 'notaccept', '5.3.3': 'systemerror', '5.3.4': 'mesgtoobig', '5.3.5': 'systemerror',
  '5.4.0': 'networkerror', '5.4.3': 'systemerror', '5.4.4': 'hostunknown',
  '5.5.2': 'syntaxerror', '5.5.3': 'toomanyconn', '5.5.4': 'systemerror', '5.5.5': 'systemerror', '5.5.6': 'syntaxerror',
  '5.6.0': 'contenterror', '5.6.1': 'contenterror', '5.6.2': 'contenterror', '5.6.3': 'contenterror', '5.6.5': 'contenterror',
  '5.6.6': 'contenterror', '5.6.7': 'contenterror', '5.6.8': 'contenterror', '5.6.9': 'contenterror',
  '5.7.0': 'securityerror', '5.7.1': 'securityerror', '5.7.2': 'securityerror', '5.7.3': 'securityerror', '5.7.4': 'securityerror',
  '5.7.5': 'securityerror', '5.7.6': 'securityerror', '5.7.7': 'securityerror', '5.7.8': 'securityerror', '5.7.9': 'securityerror',
  '5.7.10': 'securityerror', '5.7.11': 'securityerror', '5.7.13': 'suspend', '5.7.14': 'securityerror', '5.7.15': 'securityerror',
  '5.7.16': 'mesgtoobig', '5.7.17': 'hasmoved', '5.7.18': 'hasmoved', '5.7.19': 'securityerror', '5.7.20': 'authfailure',
  '5.7.21': 'authfailure', '5.7.22': 'authfailure', '5.7.23': 'authfailure', '5.7.24': 'authfailure', '5.7.25': 'requireptr',
  '5.7.26': 'authfailure', '5.7.27': 'notaccept', '5.7.28': 'spamdetected', '5.7.29': 'authfailure', '5.7.30': 'securityerror',
};
