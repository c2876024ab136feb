// Comcast (comcast.net, Xfinity): the replies Comcast's mail-error page quotes. Its block codes
// (BL000001, ES000010, ...) come inside 550 replies whose whole text the page does not give, so
// only its two "non-specific" replies are here.
import type { DocumentedReply } from './types.js';

export const comcast: DocumentedReply[] = [
  { text: '421 Too many sessions opened', at: 'CONN', reason: 'toomanyconn', hard: false, source: 'http://security.comcast.net/get-help/Mail-Delivery-Error-Messages.aspx' },
  { text: '421 Reverse DNS failure : Try again later', at: 'CONN', reason: 'requireptr', hard: false, source: 'http://security.comcast.net/get-help/Mail-Delivery-Error-Messages.aspx' },
];
