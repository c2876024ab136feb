// Cisco Secure Email (formerly IronPort Email Security Appliance, AsyncOS): the default SMTP
// responses of its SPF verification, as Cisco's AsyncOS guide gives them (reject and defer code and
// text; the page is a mirror of the guide). A listener's other responses are set by its
// administrator; their defaults are not quoted in the pages read.
import type { DocumentedReply } from './types.js';

const guide = 'https://manualsbrain.com/it/manuals/1649627/?page=293';

export const cisco: DocumentedReply[] = [
  { text: '550 #5.7.1 SPF unauthorized mail is prohibited.', at: 'MAIL', reason: 'authfailure', hard: false, source: guide },
  // A temporary error (DNS) while checking SPF, not a verdict.
  { text: '451 #4.4.3 Temporary error occurred during SPF verification.', at: 'MAIL', reason: 'systemerror', hard: false, source: guide },
];
