// SoftBank (softbank.ne.jp, i.softbank.jp). SoftBank quotes no replies for senders; these are its
// replies as a sender quotes them. Mail its users' filters refuse is accepted and dropped, not
// refused, so an "Invalid recipient" is the address's own.
import type { DocumentedReply } from './types.js';

// SendMagic (an e-mail delivery service) on the replies it meets from SoftBank.
const sendmagic = 'https://note.com/sendmagic/n/n5afbf98aeb25';

export const softbank: DocumentedReply[] = [
  { text: '550 Invalid recipient: <neko@i.softbank.jp>', at: 'RCPT', reason: 'userunknown', hard: true, source: sendmagic, evidence: 'observed' },
  // The envelope sender's domain has no DNS records at all: every recipient is refused.
  { text: '553 example.org does not exist', at: 'MAIL', reason: 'rejected', hard: false, source: sendmagic, evidence: 'observed' },
];
