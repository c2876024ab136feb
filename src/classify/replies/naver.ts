// Naver (naver.com). Naver's help pages quote no replies for senders; this is its reply as a
// Korean page quotes it, among the blocks portals place on IPs that send bulk mail.
import type { DocumentedReply } from './types.js';

export const naver: DocumentedReply[] = [
  // The sending IP is filtered until it is registered with Naver (realip.naver.com).
  { text: '421 4.3.2 Your IP(192.0.2.25) is filtered and this connection will be closed. You must register your IP to http://realip.naver.com', at: 'CONN', reason: 'blocked', hard: false, source: 'https://puffinknight.tistory.com/102', evidence: 'observed' },
];
