// au by KDDI (au.com, ezweb.ne.jp). KDDI's sender page
// (https://www.au.com/mobile/service/attention/specification/) says it answers mail for an address that no longer exists with code 550 during the SMTP session,
// and that mail for an existing address that cannot receive is accepted and returned later; it
// quotes no reply texts. These are its replies as a sender quotes them.
import type { DocumentedReply } from './types.js';

// SendMagic (an e-mail delivery service) on the replies it meets from au.
const sendmagic = 'https://note.com/sendmagic/n/n875d8dcb6cb8';

export const au: DocumentedReply[] = [
  // SendMagic adds that it has also seen this for the recipient's reception filters; KDDI's own
  // page gives 550 in the session for addresses that do not exist, so the words are labelled.
  { text: '550 <neko@ezweb.ne.jp>: User unknown', at: 'RCPT', reason: 'userunknown', hard: true, source: sendmagic, evidence: 'observed' },
  // A malformed recipient address, or a domain au does not handle (mail for docomo.ne.jp sent to au).
  { text: '554 <neko@ezweb.ne.jp>: Relay access denied', at: 'RCPT', reason: 'norelaying', hard: false, source: sendmagic, evidence: 'observed' },
];
