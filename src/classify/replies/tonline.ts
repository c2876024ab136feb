// T-Online (Deutsche Telekom: t-online.de, magenta.de). Telekom's postmaster page
// (https://postmaster.t-online.de) explains its requirements but quotes no replies; these are its
// replies as senders quote them. Telekom refuses the connection of hosts it does not know or
// trust with "554 IP=... (CODE)"; the sender must ask the address given for a reset.
import type { DocumentedReply } from './types.js';

export const tonline: DocumentedReply[] = [
  // A block of the sending IP (BL); Telekom told Spam Resource it refuses hosts with a bad or
  // unknown reputation, including hosts that sent no mail for a long time.
  { text: '554 IP=192.0.2.25 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)', at: 'CONN', reason: 'blocked', hard: false, source: 'https://github.com/mailcow/mailcow-dockerized/issues/2532', evidence: 'observed' },
  // The sending IP is not on Telekom's allow list (NOWL): none or bad reputation.
  { text: '554 IP=192.0.2.25 - None/bad reputation. Ask your postmaster for help or to contact tobr@rx.t-online.de for reset. (NOWL)', at: 'CONN', reason: 'badreputation', hard: false, source: 'https://bllmnn.de/2024/05/fehler-554-none-bad-reputation-beim-mailversand-an-t-online-de', evidence: 'observed' },
  // A dial-up or dynamic address, or a host with no imprint (DIAL).
  { text: '554: Dialup/transient IP not allowed. Use a mailgateway or contact toda@rx.t-online.de if obsolete. (DIAL)', at: 'CONN', reason: 'blocked', hard: false, source: 'https://help.creoline.com/de/doc/t-online-554-dialuptransient-ip-not-allowed-zVwMz4z866', evidence: 'observed' },
  // Spam or virus classification. The page quotes the multi-line reply up to its German half; the
  // lines are joined as a relay writes them, the page's "(...)" redactions kept.
  { text: '550-5.7.0 Message considered as spam or virus, rejected 550-5.7.0 Your IP: 192.0.2.25 550-5.7.0 Mailhost: mailin72.aul.t-online.de 550-5.7.0 Timestamp: 2019-07-16T07:02:22Z 550-5.7.0 Expurgate-ID: (...)::(...) 550-5.7.0 Authenticator: (...) 550-5.7.0 550-5.7.0 Your message has been rejected due to spam or virus classification. 550-5.7.0 If you feel this is inapplicable, please report the above error codes 550-5.7.0 back to FPR@RX.T-ONLINE.DE to help us fix possible misclassification. 550-5.7.0 We apologize for any inconvenience and thank you for your assistance!', at: 'DATA', reason: 'spamdetected', hard: false, source: 'https://it-kosmopolit.de/deutsche-telekom-stuft-bit-ly-links-in-newslettern-als-spam-ein/', evidence: 'observed' },
  // A hosting provider's table of typical bounce texts by provider, under "T-Online".
  { text: '550 5.1.1 user unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: 'http://www.sitepackage.de/service/dokumentation/auswertung/typische-fehlermeldungen-bei-unzustellbarkeit.html', evidence: 'observed' },
  { text: '552 5.2.2 Over STORAGE quota', at: 'RCPT', reason: 'mailboxfull', hard: false, source: 'http://www.sitepackage.de/service/dokumentation/auswertung/typische-fehlermeldungen-bei-unzustellbarkeit.html', evidence: 'observed' },
];
