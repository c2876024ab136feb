// NTT docomo (docomo.ne.jp). docomo's pages for senders quote no replies; these are its replies as
// senders quote them.
import type { DocumentedReply } from './types.js';

// SendMagic (an e-mail delivery service) on the replies it meets from docomo.
const sendmagic = 'https://note.com/sendmagic/n/neb6bbe7e51cf';

export const docomo: DocumentedReply[] = [
  // A line of the message longer than 1000 bytes (RFC 5322's limit).
  { text: '500 Line Too Long', at: 'DATA', reason: 'notcompliantrfc', hard: false, source: sendmagic, evidence: 'observed' },
  // SendMagic sees this reply both for addresses that do not exist and for the recipient's own
  // reception filters; the MTA log on this page shows it after the end of DATA for an existing
  // user whose phone refuses mail from outside i-mode. Said after DATA it is the filter's: not hard.
  { text: '550 Unknown user neko@docomo.ne.jp', at: 'DATA', reason: 'filtered', hard: false, source: 'https://akisoftware.com/pmsrv/help/docomo.html', evidence: 'observed' },
  // The recipient's mailbox is full.
  { text: '552 Too much mail data neko@docomo.ne.jp', at: 'RCPT', reason: 'mailboxfull', hard: false, source: sendmagic, evidence: 'observed' },
];
