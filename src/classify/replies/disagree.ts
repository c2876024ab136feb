// Documented replies the decoder does not read as their table labels them, and why. Each is words
// that another source reads otherwise with as much right (the labelled corpus beside the project,
// whose labels follow the reference decoder, or another system's table), or words that say nothing
// of the meaning their system gives them while the system cannot be told from its host. None is a
// dead address read as alive or the reverse. The tests hold the decoder to `decoded`, so a change
// shows; a reply that comes to decode as labelled leaves this list.
import type { Reason } from '../../core/types.js';

export interface Disagreement {
  system: string;
  text: string;
  /** What the decoder says instead. */
  decoded: Reason;
  why: string;
}

export const DISAGREEMENTS: readonly Disagreement[] = [
  { system: 'docomo', text: '550 Unknown user neko@docomo.ne.jp', decoded: 'rejected',
    why: 'the labelled corpus reads the same reply after DATA as "rejected" (the subscriber\'s filter refused the sender); the table says its filter: "filtered"' },
  { system: 'orange', text: '550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]', decoded: 'spamdetected',
    why: 'the labelled corpus reads OFR_506 as "spamdetected" (Orange\'s code list as the reference decoder has it); the table, from the words alone, "filtered"' },
  { system: 'yahoo', text: '554 5.7.9 Message not accepted for policy reasons', decoded: 'policyviolation',
    why: 'the labelled corpus reads it "policyviolation" in four messages; Yahoo\'s help page says the message failed DKIM, SPF or DMARC: "authfailure"' },
  { system: 'mimecast', text: '554 Host network not allowed', decoded: 'policyviolation',
    why: 'the labelled corpus reads it "policyviolation" (Mimecast\'s Geographical Restriction policy); the table, a refusal of the sender\'s network, "blocked"' },
  { system: 'exchange', text: '4.4.1 Connection timed out', decoded: 'expired',
    why: 'in a failed DSN the labelled corpus reads "Connection timed out" under 4.4.1 as "expired" (the retries ran out); the table names the last attempt\'s cause, "networkerror"' },
  { system: 'qmail', text: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.", decoded: 'networkerror',
    why: 'the labelled corpus reads this very text as "networkerror" (the last cause); the table as "expired" (qmail gave up)' },
  { system: 'exchange', text: '5.7.1 Delivery not authorized', decoded: 'securityerror',
    why: 'RFC 3463\'s own words for X.7.1, read "securityerror" by the labelled corpus; Exchange Online means a group restricted to some senders ("filtered", read so when the reply names its host); this table says "policyviolation"' },
  { system: 'zimbra', text: '550 5.7.1 Message rejected', decoded: 'securityerror',
    why: 'Zimbra sends it when the mailbox\'s own Sieve filter rejects ("filtered"), but the words are any filter\'s, and Zimbra runs under its users\' own host names' },
];
