// Apple iCloud Mail (icloud.com, me.com, mac.com). Apple's postmaster page
// (https://support.apple.com/en-us/102322, formerly HT204137) quotes no replies, so every reply
// here is one that senders quote as received from Apple's servers. Apple filters with Proofpoint
// (Cloudmark): the CS01 policy replies and the Proofpoint block list reply come from that filter.
import type { DocumentedReply } from './types.js';

// The SMTP Field Manual (Postmark/ActiveCampaign): replies seen from each provider, with notes.
const manual = 'https://smtpfieldmanual.com/provider/apple';
// SendMagic (an e-mail delivery service) on the replies it meets from iCloud.
const sendmagic = 'https://note.com/sendmagic/n/n079f49339312';

export const icloud: DocumentedReply[] = [
  { text: '550 5.1.1 <neko@icloud.com>: user does not exist', at: 'RCPT', reason: 'userunknown', hard: true, source: manual, evidence: 'observed' },
  { text: '550 5.1.1 unknown or illegal alias: neko@icloud.com', at: 'RCPT', reason: 'userunknown', hard: true, source: sendmagic, evidence: 'observed' },
  // The words say there is no such user. The page reports Apple sending it wrongly, for existing
  // users, during an outage in April 2021 (SocketLabs then retried it): the words are labelled.
  { text: '550 5.1.1 <neko@icloud.com>: user lookup success but no user record found', at: 'RCPT', reason: 'userunknown', hard: true, source: 'https://status.socketlabs.com/incident/306', evidence: 'observed' },
  { text: '552 5.2.2 <neko@icloud.com>: user is overquota', at: 'RCPT', reason: 'mailboxfull', hard: false, source: manual, evidence: 'observed' },
  { text: '552 5.2.2 user is over quota', reason: 'mailboxfull', hard: false, source: 'https://www.suped.com/knowledge/email-deliverability/troubleshooting/what-to-do-about-high-bounce-rates-from-icloud-user-over-quota-errors', evidence: 'observed' },
  { text: '554 5.7.1 <neko@icloud.com>: Relay access denied', at: 'RCPT', reason: 'norelaying', hard: false, source: manual, evidence: 'observed' },
  // The recipient is receiving mail at a high rate; later sends should go through.
  { text: '421 4.7.1 Messages to neko@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137', reason: 'speeding', hard: false, source: manual, evidence: 'observed' },
  // "Messages are not being accepted right now", typically at the top of the hour.
  { text: '451 4.7.1 Service unavailable - try again later', reason: 'systemerror', hard: false, source: manual, evidence: 'observed' },
  // The server ends the session after the client's errors in it: a refusal of the client for now.
  { text: '421 4.7.0 me.com Error: too many errors', reason: 'blocked', hard: false, source: manual, evidence: 'observed' },
  // Apple's filter policy refused the message (CS01: the Cloudmark filter).
  { text: '550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137', at: 'DATA', reason: 'policyviolation', hard: false, source: manual, evidence: 'observed' },
  { text: '554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137', at: 'DATA', reason: 'policyviolation', hard: false, source: 'https://figreen.org/it/%e3%83%a4%e3%83%95%e3%83%bc%e3%83%a1%e3%83%bc%e3%83%ab%e3%82%84%e3%82%b9%e3%83%9e%e3%83%9b%e3%81%8b%e3%82%89%e3%81%ae%e3%83%a1%e3%83%bc%e3%83%ab%e3%81%8ciphone%e3%82%84ipad%e3%80%81imac%e3%81%aa', evidence: 'observed' },
  { text: '550 5.7.1 Your message was rejected due to example.com’s DMARC policy. See https://support.apple.com/en-us/HT204137 for info', at: 'DATA', reason: 'authfailure', hard: false, source: manual, evidence: 'observed' },
  // A domain in the message's links is on the Spamhaus domain block list.
  { text: '550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/', at: 'DATA', reason: 'blocked', hard: false, source: manual, evidence: 'observed' },
  // The sending IP is on Proofpoint's or Spamhaus's block list.
  { text: '550 5.7.0 Blocked- see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.25', reason: 'blocked', hard: false, source: sendmagic, evidence: 'observed' },
  { text: '550 5.7.1 Mail from IP 192.0.2.25 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.25', reason: 'blocked', hard: false, source: sendmagic, evidence: 'observed' },
];
