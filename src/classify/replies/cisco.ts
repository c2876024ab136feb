// Cisco Secure Email (formerly IronPort, AsyncOS): the default SMTP responses of the SPF/SIDF
// verification of a mail flow policy, as the AsyncOS CLI Reference Guide shows them (reject code
// 550 with its text, defer code 451 with its text).
import type { DocumentedReply } from './types.js';

const guide = 'https://manualsbrain.com/en/manuals/1700579/?page=292';

export const cisco: DocumentedReply[] = [
  { text: '550 #5.7.1 SPF unauthorized mail is prohibited.', at: 'MAIL', reason: 'authfailure', hard: false, source: guide },
  { text: '451 #4.4.3 Temporary error occurred during SPF verification.', at: 'MAIL', reason: 'authfailure', hard: false, source: guide },
];
