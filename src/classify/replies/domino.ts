// HCL (formerly IBM Lotus) Domino: the replies of its inbound SMTP controls as IBM documents them
// (Redbook "Lotus Domino 6 spam Survival Guide for IBM eServer", chapter 4: a sender denied by
// the inbound sender controls gets a 554 at MAIL FROM; a server mail rule's refusal is reported
// with its own reason in the delivery failure report).
import type { DocumentedReply } from './types.js';

const redbook = 'https://www.manualowl.com/m/IBM/AH0QXML/Manual/336022?page=56';

export const domino: DocumentedReply[] = [
  { text: '554 Mail from <sender@example.org> rejected for policy reasons.', at: 'MAIL', reason: 'rejected', hard: false, source: redbook },
  { text: 'Message rejected for policy reasons', reason: 'policyviolation', hard: false, source: redbook },
];
