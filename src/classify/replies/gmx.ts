// GMX and WEB.DE (one mail system): GMX's postmaster page on its error messages. GMX sends no
// enhanced status codes and a multi-line reply whose last line links to a page for the case; the
// page quotes one such reply whole.
import type { DocumentedReply } from './types.js';

export const gmx: DocumentedReply[] = [
  { text: '554-gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=198.51.100.42&r=1MNcgj-1ue23t3pyV-00S2YR', at: 'CONN', reason: 'blocked', hard: false, source: 'https://postmaster.gmx.com/en/error-messages' },
];
