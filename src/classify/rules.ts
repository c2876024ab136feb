// Reason rules, as data. Each rule sits under the real reply text that motivated it.
//
// A phrase rule fires when the lower-cased diagnostic text contains any of its phrases. Which
// reasons are tried, and in what order, is decided in ./index.ts (the order is the policy: words
// that say "full", "blocked", "spam" are tried before words that say "unknown", and "unknown"
// counts as a dead mailbox only in reply to RCPT TO or under an x.1.1 status).
// The codes (status names, reply codes) are in ./codes.ts.
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
  /** The SMTP commands whose answer the words must be, when they mean this only there. */
  at?: string[];
}

/** Words about the sending host's HELO / EHLO name: a refusal of our host, whatever else they say ("Host not found"). */
export const HELO_WORDS = ['helo command rejected', 'ehlo command rejected', 'bad helo', 'invalid helo', 'your helo name', 'in helo', 'helo name is invalid', 'helo hostname', 'helo/ehlo argument'];

export const PHRASE_RULES: Rule[] = [
  // The receiver takes mail only over TLS, and this message did not come over it (asked first: the
  // words say why even under a rate or a mailbox status). Postfix (smtpd.c): "530 5.7.0 Must issue a
  // STARTTLS command first"; Mimecast (its SMTP error codes): "553 This route requires encryption
  // (TLS)"; Zimbra (LmtpReply.java): "451 4.2.2 Server accepts messages only on TLS connection";
  // Gmail (support.google.com/a/answer/3726730): "421 4.7.0 TLS required for RCPT domain", "421
  // 4.7.29 Your email has been rate limited because you're not using a TLS connection", "550 5.7.29
  // This message was blocked because it wasn't sent over a TLS connection"; Mimecast: "553 This route
  // requires TLS version 1.2 or greater", "553 This route requires high-strength ciphers".
  { id: 'failedstarttls/required', reason: 'failedstarttls', phrase: ['must issue a starttls command first', 'requires encryption (tls)', 'only on tls connection', 'tls required for',
    'not using a tls connection', 'not sent over a tls connection', 'requires tls version', 'requires high-strength ciphers'] },
  // "552 5.2.2 <kijitora@example.jp>: Recipient address rejected: Mailbox full"
  // "452 4.2.2 The email account that you tried to reach is over quota."
  // "550 5.2.2 Mailbox quota usage exceeded"
  // Postfix's VDA quota patch, its virtual_maildir_limit_message by default: "Sorry, the user's
  // maildir has overdrawn his diskspace quota, please try again later."
  // Yandex documents "Mailbox size exceeded" (yandex.com/support/mail/bounces/yandex.html). A quota
  // that is the sender's (Gmail: "550 5.4.5 Daily sending quota exceeded", Exchange Online: "550 5.2.2
  // Submission quota exceeded") is not the mailbox's: see speeding.
  { id: 'mailboxfull/words', reason: 'mailboxfull', pattern: /(?<!sending |submission |relay )quota exceeded/, phrase: ['maildir has overdrawn his diskspace quota', 'mailbox full', 'mailbox is full', 'mailbox is over quota', 'over quota', 'mailbox size exceeded', 'quota usage exceeded', 'exceeded storage allocation', 'disk quota', 'account is full', 'inbox is full', 'mailfolder is full', 'mailbox has exceeded', 'exceeds quota', 'out of storage space', 'mailbox size limit exceeded', 'maildir over quota', 'user has exhausted allowed storage space', 'mailbox exceeded the local limit', 'too much mail data', 'full mailbox', 'over the allowed quota', 'account has exceeded', 'is over its quota'] },
  // Other languages: "Postfach voll", "boîte pleine", "casella piena", "buzón lleno",
  // KDDI/au: "送信先のメールボックスが一杯のため、送信できませんでした。"
  { id: 'mailboxfull/words-intl', reason: 'mailboxfull', phrase: ['postfach voll', 'postfach ist voll', 'boîte pleine', 'boite pleine', 'boîte aux lettres pleine', 'casella piena', 'buzón lleno', 'buzon lleno', 'メールボックスが一杯', 'メールボックスの容量', '容量超過', '容量オーバー'] },
  // "552 5.3.4 Message size exceeds fixed maximum message size (10485760)"  Mimecast: "554 Maximum email size exceeded"
  { id: 'mesgtoobig/size', reason: 'mesgtoobig', phrase: ['message size exceeds', 'message too large', 'message is too large', 'message too big', 'message is too big', 'exceeds maximum message size', 'exceeds the maximum message size', 'size of message exceeds', 'message exceeds maximum', 'exceeded maximum inbound message size', 'message size limit', 'message file too big', 'mail size limit', 'email size exceeded'] },
  // "552 5.2.3 Message length exceeds administrative limit"
  { id: 'exceedlimit/admin', reason: 'exceedlimit', phrase: ['length exceeds administrative limit', 'message length exceeds', 'exceeds the size limit of the recipient', 'message exceeded recipient limit'] },
  // A limit on a part of the message other than its size, under a size status (5.3.4). Gmail
  // (support.google.com/a/answer/3726730): "552 5.3.4 Your message exceeded Google's message header
  // size limits", "The size of a header name (1200 bytes) exceeds Google's header name limit of 1000
  // bytes", "... exceeds Google's limit of 16384 bytes per individual header size", "The number of
  // attachments (600) exceeds Google's limit of 500 attachments".
  { id: 'exceedlimit/part', reason: 'exceedlimit', phrase: ['header size limit', 'header name limit', 'per individual header size', 'number of attachments'] },
  // "550 5.2.1 The email account that you tried to reach is disabled."
  // "525 5.7.13 Disabled recipient address"  "550 Mailbox is frozen."
  { id: 'suspend/disabled', reason: 'suspend', phrase: ['account is disabled', 'account disabled', 'account has been disabled', 'is disabled', 'disabled recipient', 'mailbox disabled', 'mailbox is frozen', 'account is suspended', 'account has been suspended', 'mailbox is suspended', 'temporarily locked', 'temporary locked', 'account is locked', 'account has been locked', 'is inactive', 'inactive account', 'account is inactive', 'mailbox is inactive', 'has been temporarily suspended', 'recipient suspended', 'boite du destinataire archivee', 'not an active address'] },
  // Free (smtpfieldmanual.com/provider/free): "550 5.2.1 This mailbox has been blocked due to
  // inactivity"; Exchange 2013 (DSNs and NDRs in Exchange 2013): "5.2.1 Mailbox cannot be accessed"
  // (an offline database or a disabled mailbox). Both can come back: not a dead address.
  // Tencent (its reply table, src/decode/rhost/tencent.ts) and a real reply: "551 <x> is a deactivated mailbox".
  { id: 'suspend/inactive', reason: 'suspend', phrase: ['due to inactivity', 'mailbox cannot be accessed', 'deactivated mailbox'] },
  // "550 5.1.6 recipient no longer on server: kijitora@example.go.jp"
  // RFC 5321 §3.4 / §4.2.3: "551 User not local; please try <forward-path>" (the address changed).
  { id: 'hasmoved/moved', reason: 'hasmoved', phrase: ['user not local; please try', 'address has moved', 'recipient no longer on server', 'mailbox has moved', 'user has moved', 'no longer on server', 'has been moved to', 'is no longer valid, please use'] },
  // "554 5.7.1 <kijitora@example.org>: Relay access denied"
  { id: 'norelaying/denied', reason: 'norelaying', phrase: ['relay access denied', 'relaying denied', 'relaying not allowed', 'relay not permitted', 'not permitted to relay', 'unable to relay', 'we do not relay', 'not allowed to relay', 'relay denied', 'relaying mail to', 'relay prohibited', 'not a gateway', 'is not in my list of allowed rcpthosts', 'email address is not verified'] },
  // Gmail's SMTP relay service (support.google.com/a/answer/3726730): "550 5.7.1 Invalid credentials
  // for relay 192.0.2.25. The IP address you've registered in your Workspace SMTP Relay service ...".
  { id: 'norelaying/credentials', reason: 'norelaying', phrase: ['credentials for relay'] },
  // "550 5.7.26 This mail has been blocked because the sender is unauthenticated."
  // "550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it's SPF Record."
  // Not "your DKIM domain example.com" (Gmail's 4.7.28: the domain a rate is counted for).
  { id: 'authfailure/spf-dkim-dmarc', reason: 'authfailure', pattern: /dkim(?! domain)/, phrase: ['spf check', 'spf fail', 'spf record', 'spf validation', 'bad spf', 'sender policy framework', 'dmarc', 'sender is unauthenticated', 'unauthenticated email', 'does not have authentication information', 'fails to pass authentication', 'failed authentication check', 'authentication checks failed', 'not pass spf'] },
  // "SPF" as a word of its own: Exim's SPF ACL, "550 [SPF] 192.0.2.1 is not allowed to send mail from
  // example.org." (exim.org, spec ch. 44); Cisco AsyncOS, "550 #5.7.1 SPF unauthorized mail is
  // prohibited."; Mimecast, "550 SPF Sender Invalid - envelope rejected". Not inside a host name
  // ("spf.protection.outlook.com"), nor naming the sender's domain ("your SPF domain example.com",
  // Gmail's 4.7.28: a rate, not a failed check). Sender ID (RFC 4406) is an older check of the same kind:
  // Outlook.com, "550 command rejected due to Sender ID validation failure.".
  { id: 'authfailure/spf-word', reason: 'authfailure', phrase: ['sender id validation'], pattern: /(?:^|[\s[(#;:])spf(?! domain)(?:[\s\]):;,]|$)/ },
  // "550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown in local recipient table"
  // "550-5.1.1 The email account that you tried to reach does not exist."
  // "Sorry, no mailbox here by that name. (#5.1.1)"
  // Domino: "User Neko (kijitora@example.jp) not listed in Domino Directory"
  // The recipient address itself refused for good, "Recipient address rejected: Access denied":
  // Exchange Online's directory-based edge blocking, "550 5.4.1 Recipient address rejected: Access
  // denied. AS(201806281)" (its NDR reference: the recipient does not exist), Trend Micro's hosted
  // email (an unknown recipient), and a Postfix access table's REJECT of that address (smtpd_check.c,
  // access(5)): whatever the site's reason, that address takes no mail from us. A refusal of our
  // host or sender reads "Client host rejected" / "Sender address rejected" instead.
  { id: 'userunknown/words', reason: 'userunknown', phrase: ['user unknown', 'unknown user', 'no such user', 'no such mailbox', 'no such recipient', 'no such person', 'no such address', 'unknown recipient', 'recipient unknown', 'invalid recipient', 'not a valid recipient', 'invalid mailbox', 'mailbox unavailable', 'mailbox is unavailable', 'mailbox not found', 'mailbox does not exist', 'mailbox not present', 'mailbox invalid', 'unknown mailbox', 'user not found', 'user not exist', 'user does not exist', 'user not known', 'recipient not found', 'recipient does not exist', 'recipient not exist', 'address does not exist', 'address unknown', 'unknown address', 'address invalid', 'invalid address', 'address not present in directory', 'account does not exist', 'no such account', 'no account by that name', 'email account that you tried to reach does not exist', 'no mailbox here by that name', 'not a valid mailbox', 'is not a known user', 'unknown local part', 'unknown local-part', 'unrouteable address', 'bad destination mailbox', 'this address no longer accepts mail', 'no mailbox by that name', 'invalid final delivery userid', 'user does not have a', 'not our customer', 'recipient address rejected: access denied', 'recipient address rejected: invalid user', 'recipient address rejected: unknown user', 'recipient address rejected. (in reply to rcpt to', 'recipient address rejected.', 'destination addresses were unknown', 'utilisateur inconnu', 'no existe', 'nessun utente', 'recipient is not local', 'not a local address', 'recipient not ok', 'inactive email address', 'there is no one at this address', 'not listed in', 'recipient refuses to accept your mail'] },
  // Proofpoint Essentials' recipient discovery: "550 5.7.1 <x>: Recipient address rejected: User email
  // address is marked as invalid." (smtpfieldmanual.com/smtp-error-codes/550; a reseller's page: "the
  // user is on the SMTP Discovery Invalid list"); Trend Micro's gateways: "554 5.7.1 <x>: Recipient
  // address rejected: Invalid-Recipient." (smtpfieldmanual.com/smtp-error-codes/554). Yandex lists
  // "Bad recipient address syntax" and "need fully-qualified address" under "the email was sent to a
  // non-existing address" (yandex.com/support/mail/bounces/yandex.html): an address that cannot exist.
  { id: 'userunknown/invalid', reason: 'userunknown', phrase: ['address is marked as invalid', 'invalid-recipient', 'bad recipient address syntax', 'recipient address rejected: need fully-qualified address'] },
  // Other spellings of the words above, as real replies write them: "550 ** No mail box available
  // for this user **" ("no such mailbox"), "550 BAD_RECIPIENT - see http://.../undelivered.php?r=
  // BAD_RECIPIENT" ("bad destination mailbox", "invalid recipient"), "553 5.3.0 <x>... Unknown
  // E-Mail Address" ("unknown address"); and qmail's badrcptto patch, "553 sorry, badrcptto(user
  // mail-box not found) (#5.7.1)", is "mailbox not found" above once "mail-box" is read as one word.
  { id: 'userunknown/more', reason: 'userunknown', phrase: ['no mailbox available', 'bad_recipient', 'unknown email address'] },
  // Other languages: "Benutzer unbekannt", "destinatario sconosciuto", "宛先のメールアドレスは存在しません"
  { id: 'userunknown/words-intl', reason: 'userunknown', phrase: ['benutzer unbekannt', 'empfänger unbekannt', 'unbekannter empfänger', 'destinataire inconnu', 'destinatario sconosciuto', 'utente sconosciuto', 'usuario desconocido', 'destinatario desconocido', 'アドレスは存在しません', 'ユーザが存在しません', 'ユーザーが存在しません', '宛先不明'] },
  // "550 5.2.0 Message Filtered"  "550 5.1.1 ... Refused due to recipient preferences"
  { id: 'filtered/recipient-filter', reason: 'filtered', phrase: ['message filtered', 'refused due to recipient preferences', 'because the recipient is only accepting mail from specific', 'is not accepting any mail', 'message rejected due to user rules', 'user reject', 'you have been blocked by the recipient', 'this account is protected by', 'resolver.rst.notauthorized', 'has restricted sms email', 'rejected by the domain filter', 'refuse to receive mail'] },
  // A recipient (a group, a mailbox, a public folder) that takes mail only from some senders refused
  // this one. QQ Mail (smtpfieldmanual.com/provider/qq): "550 Mail is rejected by recipients" (their
  // block list or filters). Exchange Online (learn.microsoft.com, "Non-delivery reports in Exchange Online"): "550
  // 5.7.124 Sender not in allowed-senders list", "550 5.7.133 Sender not authenticated for group",
  // "550 5.7.134 Sender was not authenticated for mailbox", "550 5.7.135 ... for public folder",
  // "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", "550 5.7.505 Access
  // denied, banned recipient". (Not "550 5.7.1 Delivery not authorized": those are the words RFC 3463
  // gives X.7.1 itself, and other systems send them for any refusal of policy.)
  { id: 'filtered/restricted', reason: 'filtered', phrase: ['not in allowed-senders list', 'not authenticated for group', 'not authenticated for mailbox', 'not authenticated for public folder', 'resolver.rst.authrequired', 'banned recipient', 'rejected by recipients'] },
  // "550 5.7.1 [192.0.2.1] ... has no PTR record"  "450 4.7.1 Access denied. IP name lookup failed"
  { id: 'requireptr/no-ptr', reason: 'requireptr', phrase: ['reverse dns', 'no ptr', 'ptr record', 'ptr resource record', 'ip name lookup failed', 'cannot find your hostname', 'does not have a reverse', 'reverse lookup', 'cannot resolve your address', 'mismatches client ip', 'no rdns', 'rdns'] },
  // Postfix's reject_unknown_reverse_client_hostname (smtpd_check.c): "450 4.7.1 Client host rejected:
  // cannot find your reverse hostname, [192.0.2.1]"; Sendmail's check of the client's PTR (cf/README):
  // "451 4.1.8 Client IP address 192.0.2.1 does not resolve".
  // A limit on sending hosts whose name does not resolve back to their address ("forward-confirmed"
  // reverse DNS), two real replies of one receiver: "450 service permits 2 unverifyable sending IPs -
  // neko.example.com is not 203.0.113.222", "... is not 203.0.113.2".
  // Sendmail's "451 4.1.8 Possibly forged hostname for 192.0.2.1" (its name does not resolve back).
  { id: 'requireptr/client', reason: 'requireptr', phrase: ['reverse hostname', 'unverifyable sending ip', 'unverifiable sending ip', 'possibly forged hostname'], pattern: /client ip address \S{1,45} does not resolve/ },
  // "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers."
  { id: 'notcompliantrfc/rfc5322', reason: 'notcompliantrfc', phrase: ['not rfc 5322 compliant', 'not rfc5322 compliant', 'multiple addresses in from: header', 'is not rfc compliant', 'headers are not rfc', 'missing or malformed message-id', 'bare lf', 'bare linefeed'] },
  // A reply that sends the sender to RFC 5322, the message format, says the message does not follow
  // it. Gmail (support.google.com/a/answer/3726730): "550 5.7.1 Messages missing a valid Message-ID:
  // header are not accepted. ... review RFC 5322 specifications", "554 5.6.0 Email message is
  // malformed. Not accepted. ... RFC 5322", "550 5.7.1 Encoded-word syntax is not permitted in message
  // header Reply-To. ... RFC 5322". Debian's exim4-config data ACL (40_exim4-config_check_data, the
  // line limit of RFC 5322 §2.1.1): "550 maximum allowed line length is 998 octets, got 1200".
  { id: 'notcompliantrfc/rfc5322-cited', reason: 'notcompliantrfc', phrase: ['rfc 5322 specifications', 'review rfc 5322', 'message is malformed', 'line length is 998'] },
  // A header or a line that breaks the format: Exim's data ACL (Debian exim4-config), "550 header
  // syntax"; Sendmail (headers.c), "553 5.3.0 header syntax error, line ..."; NTT docomo (its sender
  // page), "500 Line Too Long"; Exchange Online, "550 5.7.512 Access denied, message must be RFC 5322
  // section 3.6.2 compliant".
  { id: 'notcompliantrfc/format', reason: 'notcompliantrfc', phrase: ['header syntax', 'line too long', 'rfc 5322 section'] },
  // "553 5.1.8 <httpd@host1.mx.example.jp>... Domain of sender address ... does not exist"
  // "Connected to 192.0.2.225 but sender was rejected."
  // Unknown-address words about the sender, not the recipient: "550 Sender address domain does
  // not exist", "553 sender domain not found", "unknown sender" (RFC 5321 §3.3: MAIL FROM names the
  // sender; a refusal of it says nothing about the recipient's address).
  { id: 'rejected/sender-unknown', reason: 'rejected', phrase: ['unknown sender', 'invalid sender address'],
    pattern: /\b(?:sender|mail from|envelope from)(?: address| domain| mailbox|'s address|'s domain){0,2}(?: domain)? (?:(?:is |was )?(?:unknown|not found|does not exist|not exist|invalid|not valid|unresolvable|not resolvable)|has (?:a )?null mx)/ },
  { id: 'rejected/sender', reason: 'rejected', phrase: ['domain of sender address', 'sender address rejected', 'sender rejected', 'sender was rejected', 'sender verify failed', 'sender denied', 'sender is not allowed', 'sender domain must exist', 'invalid sender', 'sender not allowed', 'address of sender', 'envelope sender', 'sender address is blacklisted', 'mail from address rejected', 'your email address has been blacklisted', 'sender domain is empty', 'bad sender'] },
  // The sending account or envelope sender named: Gmail (support.google.com/a/answer/3726730), "550
  // 5.7.0 Mail Sending denied. This error occurs if the sender account is disabled or not
  // registered", "550 5.7.0 Email relay denied ... The sending email account has been temporarily
  // suspended due to abuse"; Exchange Online (its NDR list), "550 5.7.502 Access denied, banned
  // sender"; Mimecast (its "SMTP Error Codes" article), "550 Envelope rejected - Block policy for
  // Envelope From address"; Sendmail (cf/m4/proto.m4), "553 5.5.4 <x>... Real domain name required
  // for sender address"; Debian's exim4-config data ACL (verify = header_sender), "550 No
  // verifiable sender address in message headers".
  // Exim (Debian exim4-config RCPT ACL): "550 Sender verification failed", "550 sender envelope
  // address x is locally blacklisted here"; Mimecast: "550 Administrative prohibition - envelope
  // blocked", "550 Rejected by header-based Manually Blocked Senders"; Domino: "554 Mail from <x>
  // rejected for policy reasons".
  { id: 'rejected/sender-named', reason: 'rejected', phrase: ['sender account is', 'sending email account', 'envelope from address', 'required for sender address', 'verifiable sender address', 'banned sender',
    'sender verification failed', 'sender envelope address', 'envelope blocked', 'blocked senders', 'mail from rejected'] },
  // Domains that can never receive mail, reserved by RFC 2606 (example, .test, .invalid ...).
  // Exchange (learn.microsoft.com, "NDRs in Exchange Server"): "5.1.4 Recipient address reserved by RFC 2606",
  // "5.1.6 Recipient addresses in single label domains not accepted".
  { id: 'hostunknown/reserved', reason: 'hostunknown', phrase: ['reserved by rfc 2606', 'single label domains not accepted'] },
  // "550 5.1.2 Host unknown (Name server: example.jp: host not found)"
  // "554 The mail could not be delivered to the recipient because the domain is not reachable."
  { id: 'hostunknown/domain', reason: 'hostunknown', phrase: ['host unknown', 'host not found', 'unknown host', 'no such domain', 'domain does not exist', 'domain not found', 'domain name not found', 'unrouteable mail domain', 'name or service not known', 'domain is not reachable', 'could not find any host named', 'domain must exist', 'recipient domain must exist', 'no mx for', 'invalid domain', 'unknown domain', 'domain not exist'] },
  // "550 5.7.1 Message content rejected, UBE, id=00000-00-000"  (amavis)
  // "554 5.7.1 Message rejected as spam"
  // "554 5.6.0 This message has been scored as spam with a probability of more than 90%"
  // (plain "spam" is not enough: "blocked using zen.spamhaus.org" is a block of the sender's IP)
  // amavis: "554 5.7.0 Reject, id=20025-09 - SPAM"; "550 5.7.1 message content rejected"
  // "Unsolicited" about the message, not about the volume from a source: Gmail's "unusual rate of
  // unsolicited email originating from your IP address ... rate limited / blocked", "... containing
  // one of your URL domains" is a rate or a block of the sender (support.google.com/a/answer/3726730).
  { id: 'spamdetected/unsolicited', reason: 'spamdetected', phrase: [], pattern: /(?<!(?:rate|amount) of )unsolicited/ },
  // Barracuda: "554 rejected due to spam URL in content" (smtpfieldmanual.com/smtp-error-codes/554);
  // Yandex: "Message rejected under suspicion of SPAM" (yandex.com/support/mail/bounces/yandex.html).
  // Exchange's antispam agent (its NDR list): "5.2.1 Content Filter agent quarantined this message".
  { id: 'spamdetected/words', reason: 'spamdetected', phrase: ['spam url', 'suspicion of spam', 'content filter agent'] },
  { id: 'spamdetected/spam', reason: 'spamdetected', phrase: ['- spam', 'message content rejected', 'as spam', 'spam detected', 'spam message', 'spam content', 'spam score', 'spam filter', 'spam classification', 'spamassassin', 'likely spam', 'considered spam', 'is spam', 'ube, id=', 'junk mail', 'bulk mail', 'content filter rejection', 'message filtered as', 'suspected of being', 'rejected by content scanner', 'score too high', 'identified as spam', 'classified as spam', 'looks like spam'] },
  // "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages"
  { id: 'speeding/rate', reason: 'speeding', phrase: ['receiving mail at a rate', 'rate limited', 'rate-limited', 'sending rate', 'too many messages in this connection', 'throttled', 'rate limit exceeded for'] },
  // A rate or a quota of sending, of the sender or towards the recipient. Gmail
  // (support.google.com/a/answer/3726730): "450 4.2.1 The user you are trying to contact is receiving
  // email at a rate that prevents additional messages", "450 4.2.1 Peak SMTP relay limit exceeded",
  // "550 5.4.5 Daily user sending limit exceeded", "550 5.4.5 Daily sending quota exceeded", "421
  // 4.7.28 Gmail has detected this sender exceeded the quota for sending messages that have the same
  // Message-ID". Exchange Online (learn.microsoft.com, "Non-delivery reports in Exchange Online"):
  // "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded", "550 5.1.90 ... you've reached
  // your daily limit for message recipients", "550 5.2.2 Submission quota exceeded", "550 5.2.122
  // Recipient's per hour message receive limit exceeded", "550 5.7.508 Access denied, [ip] has
  // exceeded permitted limits". Yandex (smtpfieldmanual.com/provider/yandex): "450 4.2.1 The
  // recipient has exceeded message rate limit". Postfix's anvil limits (smtpd.c): "450 4.7.1 Error:
  // too much mail from 192.0.2.1", "450 4.7.1 Error: too many recipients from 192.0.2.1". Sophos
  // Email (its SMTP error codes): "exceeded the recipient's inbound rate limit", "554 5.7.28 Mail
  // flood detected". Gmail: "450 4.2.1 The user you are trying to contact is receiving email too
  // quickly"; Exchange Online: "550 5.2.121 Recipient's per hour message receive limit from specific
  // sender exceeded".
  { id: 'speeding/limit', reason: 'speeding', phrase: ['receiving email at a rate', 'relay limit exceeded', 'sending limit exceeded', 'sending quota exceeded', 'submission quota exceeded',
    'quota for sending', 'daily limit for', 'message receive limit', 'message rate limit', 'receiving email too quickly', 'receiving mail too quickly', 'recipient thread limit', 'exceeded permitted limits', 'too much mail from',
    'too many recipients from', 'inbound rate limit', 'mail flood'] },
  // "421 4.7.0 Too many concurrent SMTP connections from this IP address"  "452 4.3.2 Connection rate limit exceeded."
  { id: 'toomanyconn/connections', reason: 'toomanyconn', phrase: ['too many connections', 'too many concurrent', 'connection rate limit', 'connection limit', 'too many smtp sessions', 'connection frequency limited', 'too many recipients', 'too many simultaneous'] },
  // Comcast (its mail delivery error page): "421 Too many sessions opened".
  // Sendmail's conncontrol (cf/feature/conncontrol.m4): "452 4.3.2 Too many open connections.".
  { id: 'toomanyconn/sessions', reason: 'toomanyconn', phrase: ['too many sessions', 'too many open connections'] },
  // The sending host's HELO name refused: Postfix's HELO restrictions, applied at RCPT TO by default
  // (smtpd_delay_reject): "450 4.7.1 <mail>: Helo command rejected: Host not found", "Helo command
  // rejected: need fully-qualified hostname"; Exchange Online: "550 5.7.1 Access denied, bad HELO".
  // Words about our host, never about the recipient's domain (see HELO_WORDS).
  { id: 'blocked/helo', reason: 'blocked', phrase: HELO_WORDS },
  // "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
  // Postfix: "host mx.example.com[192.0.2.1] refused to talk to me: 554 Service not available"
  // Japanese ISPs (port 25 blocking): "550 5.7.0 <a@b>... Please use the smtp server of your ISP."
  { id: 'blocked/ip', reason: 'blocked', phrase: ['blocked using', 'is listed in', 'is listed on', 'listed at', 'blacklisted', 'blocklisted', 'block list', 'blocklist', 'dnsbl', 'spamhaus', 'spamcop', 'client host rejected', 'client host blocked', 'access denied, banned', 'your ip', 'ip address has been blocked', 'ip address is blocked', 'invalid ip for sending', 'not accepting connections', 'refused to talk to me', 'host network not allowed', 'has been blocked', 'is blocked', 'blocked by', 'adresse ip source bloquee', 'rejected due to local policy', 'use the smtp server of your isp', 'my name was rejected', 'your access to this mail system has been rejected', 'ip blocked', 'banned ip', 'banned sending ip', 'ip banned', 'poor reputation'] },
  // The sending host refused in other words. Postfix's smtpd_hard_error_limit (smtpd.c: "421 4.7.0 %s
  // Error: too many errors"), as iCloud and AOL send it (smtpfieldmanual.com/provider/apple;
  // inmotionhosting.com, "email error 421"). Gmail (support.google.com/a/answer/3726730): "421 4.7.0
  // IP not in whitelist for RCPT domain", "550 5.7.1 The IP you're using to send email is not
  // authorized to send email directly to our servers", "421 4.7.28 ... email sent from your IP
  // address has been temporarily blocked". A block list named "RBL": Trend Micro (its ERS FAQ), "550
  // Permanent denial of connection (550) for RBL+ matches (ERS)", "550 Mail from 192.0.2.25 refused
  // by rbl-plus.mail-abuse.org"; Sophos Email (its SMTP error codes), "Sender IP address failed an RBL
  // test". Yahoo (help.yahoo.com/kb/SLN5066.html): "553 Mail from 192.0.2.25 not allowed". A reply
  // that is only "Blocked": Barracuda "550 Blocked", Proofpoint "550 5.7.0 Blocked- see
  // https://support.proofpoint.com/dnsbl-lookup.cgi?ip=..." (smtpfieldmanual.com).
  // Mimecast (its SMTP error codes): "421 Sender address blocked"; QQ Mail (smtpfieldmanual.com/
  // provider/qq): "550 Suspected spam sender." (much spam from the sender's domain or operator);
  // Barracuda (smtpfieldmanual.com/smtp-error-codes/451): "451 4.7.1 <x>: Recipient address
  // rejected: Greylisted for 5 minutes" (the sending host, held off for now).
  { id: 'blocked/host', reason: 'blocked', phrase: ['error: too many errors', 'not in whitelist', 'the ip you are using', 'address blocked', 'spam sender', 'greylisted'],
    pattern: /(?:has|have) been (?:temporarily |permanently )?blocked|\brbl\b|\bmail from \[?\d{1,3}(?:\.\d{1,3}){3}\]? (?:not allowed|refused)|^(?:[45]\d\d[ -]+)?(?:#?[45]\.\d{1,3}\.\d{1,3}[ -]+)?blocked\b/ },
  // "554 5.7.9 Header error"  "552-5.7.0 This message was blocked because its content presents a potential security issue."
  { id: 'policyviolation/policy', reason: 'policyviolation', phrase: ['policy', 'header error', 'content presents a potential', 'prohibited', 'not allowed by', 'not permitted by'] },
  // Debian's exim4-config RCPT ACL: "550 restricted characters in address"; Barracuda
  // (smtpfieldmanual.com): "550 rejecting spoofed message", "554 rejecting banned content".
  // QQ Mail (smtpfieldmanual.com/provider/qq): "550 Mailbox unavailable or access denied" (RFC 5321's
  // 550 "mailbox unavailable" covers "no access" too). A milter's reject (Sendmail, milter.c): "550
  // 5.7.1 Command rejected".
  { id: 'policyviolation/local', reason: 'policyviolation', phrase: ['restricted characters', 'spoofed message', 'banned content',
    'unavailable or access denied', 'command rejected', 'administrative prohibition', 'too many bad recipients'] },
  // "Access denied" in reply to RCPT TO: Sendmail's access database REJECT (cf/m4/proto.m4), "550
  // 5.7.1 <x>... Access denied"; the same words after MAIL FROM refuse the sender, before it our host.
  // Not Postfix's "Recipient address rejected: Access denied", which names the address itself (above).
  { id: 'policyviolation/access', reason: 'policyviolation', phrase: [], pattern: /(?<!recipient address rejected: )access denied/, at: ['RCPT'] },
  // "554 5.7.0 Reject, id=12345 - INFECTED: Eicar-Test-Signature"
  { id: 'virusdetected/virus', reason: 'virusdetected', phrase: ['virus', 'infected', 'malware', 'banned attachment'] },
  // "421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints"
  { id: 'badreputation/reputation', reason: 'badreputation', phrase: ['reputation', 'unexpected volume or user complaints'] },
  // "550 Unauthenticated senders not allowed"
  // Exim (smtp_in.c): "535 Incorrect authentication data"; Mimecast (its SMTP error codes): "550
  // Submitter failed to authenticate".
  // Zoho (its SMTP error page): "535 Authentication Failed."; Exchange Online: "550 5.7.57 Client was
  // not authenticated to send anonymous mail during MAIL FROM".
  { id: 'securityerror/login', reason: 'securityerror', phrase: ['incorrect authentication', 'failed to authenticate', 'authentication failed', 'not authenticated to send'] },
  { id: 'securityerror/auth', reason: 'securityerror', phrase: ['unauthenticated senders not allowed', 'authentication required', 'must be authenticated', 'starttls is required', 'tls required', 'encryption required', 'delivery not authorized', 'not authorized'] },
  // "451 Could not load DRD for domain"  "554 Service currently unavailable"
  // The receiving system's trouble, for now. Gmail (support.google.com/a/answer/3726730): "421 4.3.0
  // Temporary System Problem", "421 4.4.5 Server busy, try again later"; AOL (inmotionhosting.com,
  // "email error 421"): "421 mx.aol.com Service unavailable - try again later"; Exim (smtp_in.c): "451
  // Temporary local problem - please try later"; Zimbra (LmtpReply.java): "451 4.0.0 Temporary
  // message delivery failure try again"; Postfix (smtpd_check.c): "451 4.3.0 <x>: Temporary lookup
  // failure"; Mimecast (its SMTP error codes): "421 Unable to process connection at this time";
  // Sophos Email (its SMTP error codes): "Message rejected because your license has expired";
  // Barracuda (smtpfieldmanual.com): "422 License Expired"; Zimbra (LmtpReply.java): "450 4.2.0
  // Mailbox is not on this server" (another mailbox server holds it); qmail-local: "This message is
  // looping: it already has my Delivered-To line. (#5.4.6)".
  // RFC 5321's 421 text, "Service not available, closing transmission channel", as Zimbra
  // (LmtpReply.java) and Exchange (its NDR list, "4.3.2 Service not available") send it: the
  // service is down for now. qmail-local (notqmail): "Unable to chdir to maildir. (#4.2.1)", "Uh-oh:
  // home directory is writable. (#4.7.0)": the receiving host's own setup.
  { id: 'systemerror/busy', reason: 'systemerror', phrase: ['system problem', 'server busy', 'service unavailable', 'service not available', 'unable to chdir', 'home directory is writable', 'temporary local problem',
    'temporary message delivery failure', 'temporary lookup failure', 'unable to process', 'license has expired', 'license expired', 'mailbox is not on this server', 'is looping'] },
  { id: 'systemerror/server', reason: 'systemerror', phrase: ['could not load drd', 'queue file write error', 'service currently unavailable', 'internal error', 'server error', 'system error', 'local error', 'temporary failure', 'unable to contact ldap', 'directory server failure', 'mail system error', 'loop detected', 'too many hops', 'mail loop', 'routing loop'] },
  // SMTP itself broken by the client. Gmail (support.google.com/a/answer/3726730): "451 4.5.0 SMTP
  // protocol violation", "523 5.7.10 SMTP protocol violation, no commands allowed to pipeline after
  // STARTTLS", "454 5.5.1 STARTTLS may not be repeated"; Exchange 2013 (DSNs and NDRs): "5.0.0 HELO /
  // EHLO requires domain address".
  // Gmail: "501 5.7.11 Syntax error (no parameters allowed)"; Proton: "550 5.5.1 Protocol error".
  { id: 'syntaxerror/protocol', reason: 'syntaxerror', phrase: ['protocol violation', 'may not be repeated', 'requires domain address', 'syntax error', 'protocol error'] },
  // No HELO name at all is a malformed command, not a refusal of the name (asked before the HELO
  // words): Gmail, "501 5.5.4 Empty HELO/EHLO argument not allowed, closing connection".
  { id: 'syntaxerror/helo', reason: 'syntaxerror', phrase: ['empty helo'] },
  // The TLS the receiver wants could not be had. Exchange Online (learn.microsoft.com, "Non-delivery
  // reports in Exchange Online"): "550 5.7.321 starttls-not-supported: Destination mail server must
  // support TLS to receive mail".
  // "550 5.7.322 certificate-expired: Destination mail server's certificate is expired".
  { id: 'failedstarttls/not-supported', reason: 'failedstarttls', phrase: ['starttls-not-supported', 'must support tls', 'certificate-expired'] },
  // "Name service error for domain example.com: Host not found, try again"  "Connection timed out"
  // Sendmail: "Deferred: Name server: example.co.jp.: host name lookup failure"
  // qmail: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"
  // qmail-remote (notqmail): "Sorry, I couldn't find any host by that name. (#4.1.2)" (a lookup that failed for now).
  // "Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals
  // file" (the domain's MX points at a host that does not take its mail: DNS set up wrong).
  { id: 'networkerror/lookup', reason: 'networkerror', phrase: ['could not find any host by that name', 'best-preference mx'] },
  { id: 'networkerror/network', reason: 'networkerror', phrase: ['name service error', 'host not found, try again', 'temporary failure in name resolution', 'host name lookup failure', 'was not able to establish an smtp connection', 'unable to establish an smtp connection', 'network is unreachable', 'no route to host', 'lost connection', 'connection reset', 'dns error', 'dns lookup', 'malformed or unexpected name server reply', 'network error', 'could not connect'] },
  // "Message expired"  "retry timeout exceeded"  "Delivery time expired"
  { id: 'expired/time', reason: 'expired', phrase: ['retry timeout exceeded', 'message expired', 'delivery time expired', 'time limit exceeded', 'deferred for too long', 'was not delivered within', 'in the queue too long', 'delivery attempts will continue', 'has been delayed', 'connection timed out', 'timed out', 'did not accept our requests to connect', 'delivery failed 20 attempts', 'retry time not reached', 'could not be delivered for', 'giving up'] },
  // "554 5.6.0 Message contains invalid header"
  { id: 'contenterror/content', reason: 'contenterror', phrase: ['improper use of 8-bit data', 'message contains invalid header', 'content rejected', 'content restriction', 'invalid mime', 'mime error'] },
  // Exim (receive.c): "552 A message header line is too long"; Gmail (support.google.com/a/answer/3726730):
  // "550 5.7.1 The message contains a unicode character in a disallowed header"; Exchange 2013
  // (DSNs and NDRs): "5.5.6 Invalid message content"; Exchange Online: "550 5.0.350 x-dg-ref header is
  // too long"; Exim (receive.c): "552 Message header is ridiculously long".
  { id: 'contenterror/header', reason: 'contenterror', phrase: ['header line is too long', 'disallowed header', 'invalid message content', 'header is too long', 'header is ridiculously long'] },
  // "452 4.3.1 Insufficient system storage"
  // Exim (smtp_in.c): "452 Space shortage, please try later".
  { id: 'systemfull/storage', reason: 'systemfull', phrase: ['insufficient system storage', 'mail system full', 'system full', 'out of disk', 'disk full', 'space shortage'] },
  // "556 5.1.10 Recipient address has null MX" (RFC 7505), "556 Domain does not accept mail" (RFC 7504),
  // Sendmail: "550 Host does not accept mail". Not a bare "not accepting mail": AOL's "they are not
  // accepting mail from news@example.com" is the recipient refusing one sender, not a dead domain.
  // Postfix's own (smtp, a null MX met): "Domain nullmx.example does not accept mail (nullMX)".
  { id: 'notaccept/null-mx', reason: 'notaccept', phrase: ['null mx', 'no mx found for domain', 'domain does not accept mail', 'host does not accept mail', 'accepts no mail', 'does not accept mail (nullmx)'] },
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
  // qmail-local, the final host's own delivery, whatever code a relay puts beside it: "Sorry, no
  // mailbox here by that name. (#5.1.1)" (notqmail's qmail-local.c), also quoted as "550 550
  // sorry, no mailbox here by that name. (#5.7.17)".
  'no mailbox here by that name',
  // Yahoo answers each recipient, also at the end of DATA:
  // "554 delivery error: dd This user doesn't have a yahoo.com account (neko@yahoo.com) [0]"
  'delivery error: dd this user does not have a',
];
