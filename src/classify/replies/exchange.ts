// Exchange Server (on-premises): the enhanced status codes and texts of its NDRs as Microsoft
// documents them for Exchange 2016/2019 and Exchange 2013, and the replies of its antispam agents.
// The NDR tables give the enhanced code and the text without the basic reply code, so the texts
// here start with the enhanced code, as documented. Exchange Online has its own pages and table.
import type { DocumentedReply } from './types.js';

const ndr = 'https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages';
const ndr2013 = 'https://learn.microsoft.com/en-us/exchange/dsns-and-ndrs-in-exchange-2013-exchange-2013-help';
const recipientFilter = 'https://learn.microsoft.com/en-us/exchange/antispam-and-antimalware/antispam-protection/recipient-filtering';
const senderFilter = 'https://learn.microsoft.com/en-us/exchange/antispam-and-antimalware/antispam-protection/sender-filtering';

export const exchange: DocumentedReply[] = [
  // Temporary failures: in a failed NDR they are what the last attempt met before the message expired.
  { text: '4.3.1 Insufficient system resources', reason: 'systemfull', hard: false, source: ndr },
  // 4.3.2 is "system not accepting network messages": Exchange components are inactive or a queue
  // is frozen, which says nothing about the recipient.
  { text: '4.3.2 Service not available', reason: 'systemerror', hard: false, source: ndr },
  { text: '4.3.2 Service not active', reason: 'systemerror', hard: false, source: ndr },
  { text: '4.3.2 System not accepting network messages', reason: 'systemerror', hard: false, source: ndr2013 },
  { text: '4.4.1 Connection timed out', reason: 'networkerror', hard: false, source: ndr },
  { text: '4.4.2 Connection dropped', reason: 'networkerror', hard: false, source: ndr },
  { text: '4.4.7 Message delayed', reason: 'expired', hard: false, source: ndr },
  { text: '4.4.7 Queue expired; Message expired', reason: 'expired', hard: false, source: ndr },
  { text: '4.4.7 Message expired', reason: 'expired', hard: false, source: ndr2013 },

  // Permanent failures.
  { text: '5.0.0 HELO / EHLO requires domain address', reason: 'syntaxerror', hard: false, source: ndr2013 },
  // The sender is blocked by sender filtering (or an attribute of the sender is missing).
  { text: '5.1.0 Sender denied', reason: 'rejected', hard: false, source: ndr },
  { text: '5.1.1 RESOLVER.ADR.ExRecipNotFound; not found', reason: 'userunknown', hard: true, source: ndr },
  { text: '5.1.1 User unknown', reason: 'userunknown', hard: true, source: ndr },
  { text: '5.1.1 Bad destination mailbox address', reason: 'userunknown', hard: true, source: ndr2013 },
  { text: '5.1.3 STOREDRV.Submit; invalid recipient address', reason: 'userunknown', hard: true, source: ndr },
  { text: '5.1.3 Invalid recipient address', reason: 'userunknown', hard: true, source: ndr2013 },
  // Two directory objects share the address: a configuration fault of the receiving organisation.
  { text: '5.1.4 Destination mailbox address ambiguous', reason: 'systemerror', hard: false, source: ndr2013 },
  // Reserved (RFC 2606) and single-label domains never receive mail.
  { text: '5.1.4 Recipient address reserved by RFC 2606', reason: 'hostunknown', hard: true, source: ndr },
  { text: '5.1.5 Recipient address reserved by RFC 2606', reason: 'hostunknown', hard: true, source: ndr },
  { text: '5.1.6 Recipient addresses in single label domains not accepted', reason: 'hostunknown', hard: true, source: ndr },
  { text: '5.1.7 Invalid address', reason: 'rejected', hard: false, source: ndr },
  { text: '5.1.7 Unknown sender address', reason: 'rejected', hard: false, source: ndr },
  // The page: the sender has exceeded a message rate limit.
  { text: '5.1.8 Access denied, bad outbound sender', reason: 'rejected', hard: false, source: ndr },
  { text: '5.2.1 Content Filter agent quarantined this message', reason: 'spamdetected', hard: false, source: ndr },
  // Offline database, disabled mailbox or a rule's quarantine: not known dead.
  { text: '5.2.1 Mailbox cannot be accessed', reason: 'suspend', hard: false, source: ndr2013 },
  { text: '5.2.2 Mailbox full', reason: 'mailboxfull', hard: false, source: ndr },
  { text: '5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient', reason: 'mesgtoobig', hard: false, source: ndr },
  { text: '5.2.3 Message too large', reason: 'mesgtoobig', hard: false, source: ndr2013 },
  { text: '5.2.4 Mailing list expansion problem', reason: 'systemerror', hard: false, source: ndr2013 },
  { text: '5.3.0 Too many related errors', reason: 'systemerror', hard: false, source: ndr },
  // An address book policy keeps the recipient out of the sender's list (5.3.2 here is not "system
  // not accepting network messages").
  { text: '5.3.2 STOREDRV.Deliver: Missing or bad StoreDriver MDB properties', reason: 'systemerror', hard: false, source: ndr },
  { text: '5.3.3 Unrecognized command', reason: 'systemerror', hard: false, source: ndr },
  { text: '5.3.4 Message size exceeds fixed maximum message size', reason: 'mesgtoobig', hard: false, source: ndr },
  { text: '5.3.4 Message too big for system', reason: 'mesgtoobig', hard: false, source: ndr2013 },
  { text: '5.3.5 System incorrectly configured', reason: 'systemerror', hard: false, source: ndr },
  // The page names the sending server's DNS or network settings as the cause, so the domain may
  // well exist: not hard.
  { text: '5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', reason: 'networkerror', hard: false, source: ndr },
  { text: '5.4.4 Invalid arguments', reason: 'networkerror', hard: false, source: ndr2013 },
  { text: '5.4.6 Hop count exceeded - possible mail loop', reason: 'systemerror', hard: false, source: ndr },
  { text: '5.4.6 Routing loop detected', reason: 'systemerror', hard: false, source: ndr2013 },
  { text: '5.5.2 Send hello first', reason: 'syntaxerror', hard: false, source: ndr },
  { text: '5.5.3 Too many recipients', reason: 'toomanyconn', hard: false, source: ndr },
  { text: '5.5.4 Invalid domain name', reason: 'syntaxerror', hard: false, source: ndr2013 },
  { text: '5.5.6 Invalid message content', reason: 'contenterror', hard: false, source: ndr2013 },
  { text: '5.7.1 Unable to relay', reason: 'norelaying', hard: false, source: ndr },
  { text: '5.7.1 Client was not authenticated', reason: 'securityerror', hard: false, source: ndr },
  // A group that takes mail only from its members, or a transport rule.
  { text: '5.7.1 Delivery not authorized', reason: 'policyviolation', hard: false, source: ndr2013 },
  { text: '5.7.3 Cannot achieve Exchange Server authentication', reason: 'securityerror', hard: false, source: ndr },
  { text: '5.7.3 Not Authorized', reason: 'securityerror', hard: false, source: ndr },
  // A mail flow (transport) rule that rejects, with a code from its 5.7.900-5.7.999 range.
  { text: '5.7.900 Delivery not authorized, message refused', reason: 'policyviolation', hard: false, source: ndr },

  // The antispam agents' SMTP replies.
  { text: '550 5.1.1 User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: recipientFilter },
  { text: '554 5.1.0 Sender Denied', at: 'MAIL', reason: 'rejected', hard: false, source: senderFilter },
];
