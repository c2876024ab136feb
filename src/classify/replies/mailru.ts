// Mail.ru (mail.ru, bk.ru, list.ru, inbox.ru). Mail.ru publishes no list of its replies; these are
// its replies as senders quote them.
import { fieldManual } from './fieldmanual.js';
import type { DocumentedReply } from './types.js';

const manual = 'https://smtpfieldmanual.com/provider/mailru';

export const mailru: DocumentedReply[] = [
  // A disabled account: a state of the account, not known dead.
  { text: '550 Message was not accepted -- invalid mailbox. Local mailbox neko@mail.ru is unavailable: account is disabled', at: 'RCPT', reason: 'suspend', hard: false, source: manual, evidence: 'observed' },
  { text: '550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=7y4ytdHbuOGv3O50NYTwpz1F-TVIpnactxtFPeFQSDYMAAAAaKgAAOX_3hE~ or report details to abuse@corp.mail.ru. Error code: B5322EEFE1B8DBD174EEDCAFA7F0843535F9453D9C76A6483D451BB7364850E1. ID: #', at: 'DATA', reason: 'spamdetected', hard: false, source: fieldManual.code550early, evidence: 'observed' },
  // The From domain's DMARC policy refused a message that failed authentication.
  { text: '550 5.7.1 This message was not accepted due to domain owner DMARC policy (RFC 7489) https://help.mail.ru/mail-help/postmaster/dmarc', at: 'DATA', reason: 'authfailure', hard: false, source: 'https://viws.ru/en/poterya-pochtovyh-soobshchenii-oshibki-pochtovoi-sistemy.html', evidence: 'observed' },
];
