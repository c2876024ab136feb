// Microsoft 365 (Exchange Online) and Outlook.com: the NDR texts Microsoft documents for mail its
// hosted service refuses or cannot deliver. (Exchange Server on-premises has a table of its own.)
import type { DocumentedReply } from './types.js';

export const microsoft: DocumentedReply[] = [
  // The Exchange Online table gives the enhanced code and the text; Exchange Online sends its 5.x.x refusals
  // with reply code 550 (the page titles: "Fix NDR error 550 5.x.x"), its 4.x.x ones with 45x as written here.
  // The recipient mailbox takes messages too quickly (throttled), not a dead address.
  { text: '432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM validation, this message is not signed', at: 'DATA', reason: 'authfailure', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // "Suspicious activity has been detected and sending has been temporarily restricted" (the sender, not the address).
  { text: '451 4.7.500 Access denied, please try again later', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online' },
  { text: '451 4.7.850 Access denied, please try again later', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // Nested attachments (the page's reading of AS345).
  { text: '550 5.0.350 Requested action not taken: policy violation detected (AS345)', at: 'DATA', reason: 'policyviolation', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.0.350 x-dg-ref header is too long', at: 'DATA', reason: 'contenterror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The page: the recipient could not be resolved (an offline reply's legacyExchangeDN), or is mistyped: not a dead address for sure.
  { text: '550 5.1.0 Sender denied', reason: 'rejected', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.1.1 Bad destination mailbox address', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.1.8 Access denied, bad outbound sender', at: 'MAIL', reason: 'rejected', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.1.10 Recipient not found', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.1.90 Your message can\'t be sent because you\'ve reached your daily limit for message recipients', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The sender's own sending quota, not a full mailbox, despite the 5.2.2.
  { text: '550 5.2.2 Submission quota exceeded', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.2.121 Recipient\'s per hour message receive limit from specific sender exceeded', at: 'RCPT', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.2.122 Recipient\'s per hour message receive limit exceeded', at: 'RCPT', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.4.1 Relay Access Denied', at: 'RCPT', reason: 'norelaying', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // Directory Based Edge Blocking: the page says the recipient's address doesn't exist.
  { text: '550 5.4.1 Recipient address rejected: Access denied', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.4.14 Routing loop detected', reason: 'networkerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.4.300 Message expired', reason: 'expired', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // For @hotmail.com and @outlook.com recipients: the page says the address wasn't found (like 5.1.10).
  { text: '550 5.5.0 Requested action not taken: mailbox unavailable', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // Bare line feeds in the message.
  { text: '550 5.6.11 Invalid characters', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // A group or mailbox that takes mail only from some senders: the recipient's own restriction.
  { text: '550 5.7.1 Delivery not authorized', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.1 Unable to relay', at: 'RCPT', reason: 'norelaying', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.1 Client was not authenticated', reason: 'securityerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.12 Sender was not authenticated by organization', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.23 The message was rejected because of Sender Policy Framework violation', reason: 'authfailure', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM', at: 'MAIL', reason: 'securityerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.64 TenantAttribution; Relay Access Denied', reason: 'norelaying', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.124 Sender not in allowed-senders list', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.133 Sender not authenticated for group', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.134 Sender was not authenticated for mailbox', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.135 Sender was not authenticated for public folder', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.136 Sender was not authenticated', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse DNS record', reason: 'requireptr', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // What Exchange Online writes when the destination's TLS or DANE fails.
  { text: '550 5.7.321 starttls-not-supported: Destination mail server must support TLS to receive mail.', reason: 'failedstarttls', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.322 certificate-expired: Destination mail server\'s certificate is expired.', reason: 'failedstarttls', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.323 tlsa-invalid: The domain failed DANE validation.', reason: 'securityerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.324 dnssec-invalid: Destination domain returned invalid DNSSEC records', reason: 'securityerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.325 certificate-host-mismatch: Remote certificate MUST have a common name or subject alternative name matching the hostname (DANE)', reason: 'securityerror', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The sending account is banned for spam (5.7.501-503); 5.7.511 is the same words for a banned sending IP.
  { text: '550 5.7.501 Access denied, spam abuse detected', reason: 'rejected', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.502 Access denied, banned sender', reason: 'rejected', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.511 Access denied, banned sender', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The page: "The recipient address that you're attempting to contact isn't valid."
  { text: '550 5.7.504 [neko@example.com]: Recipient address rejected: Access denied', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // "Banned recipient": the page says the recipient isn't valid but asks to contact support if in error; a ban is not proof the address is dead.
  { text: '550 5.7.505 Access denied, banned recipient', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.506 Access Denied, Bad HELO', at: 'EHLO', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The recipient's organization blocked the sending IP.
  { text: '550 5.7.507 Access denied, rejected by recipient', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.508 Access denied, [2001:db8::25] has exceeded permitted limits within 2001:db8::/64 range', reason: 'speeding', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The page's text goes on with a link to its own section on why DMARC fails; the reply is given up to that link.
  { text: '550 5.7.509 Access denied, sending domain [example.com] does not pass DMARC verification and has a DMARC policy of reject.', at: 'DATA', reason: 'authfailure', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // The recipient domain takes no mail over IPv6: a transport policy, the address may be fine over IPv4.
  { text: '550 5.7.510 Access denied, [example.net] does not accept email over IPv6', reason: 'policyviolation', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.513 Service unavailable, Client host [192.0.2.25] blocked by example.net using Customer Block list (AS16012607)', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.606 Access denied, banned sending IP [192.0.2.25]', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // A block list of the sender's own organization (Tenant Allow/Block List), not the recipient's state.
  { text: '550 5.7.703 Your message can\'t be delivered because one or more recipients are blocked by your organization\'s tenant recipient block policy', reason: 'policyviolation', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.705 Access denied, tenant has exceeded threshold', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.708 Access denied, traffic not accepted from this IP', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  { text: '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online' },
  // Two replies the 5.7.1 page quotes: a public folder that takes mail only from authenticated senders, and Microsoft's own block list.
  { text: '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]', at: 'RCPT', reason: 'filtered', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/fix-error-code-550-5-7-1-in-exchange-online' },
  { text: '550 5.7.1 Service unavailable; Client host [192.0.2.25] blocked using Blocklist 1; To request removal from this list please forward this message to delist@messaging.microsoft.com', reason: 'blocked', hard: false, source: 'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/fix-error-code-550-5-7-1-in-exchange-online' },
  // Outlook.com (consumer): high-volume senders without SPF, DKIM and DMARC.
  { text: '550; 5.7.515 Access denied, sending domain [example.com] does not meet the required authentication level.', at: 'DATA', reason: 'authfailure', hard: false, source: 'https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730' },
  // Outlook.com's troubleshooting page quotes this NDR (a Sender ID record that allows no IP to send).
  { text: '550 command rejected due to Sender ID validation failure.', reason: 'authfailure', hard: false, source: 'https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx' },
];
