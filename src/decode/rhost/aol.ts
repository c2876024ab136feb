// AOL as the REMOTE server (before its mail moved onto Yahoo's systems): each refusal names a code
// of AOL's postmaster pages, "554 RTR:DU http://postmaster.info.aol.com/errors/554rtrdu.html" (the
// code's family, then its case). The family says what was refused (postmaster.info.aol.com/errors/):
//   RTR  the sending IP's reputation or its kind (dynamic, residential, not yet allocated): a block
//   RLY  the sending IP, blocked for a time once member complaints pass a threshold
//   HVU  a domain in the message drew complaints: the content, as spam
//   CON  too many connections or messages from the IP: "you've topped our thresholds, back off"
//   DYN  a dynamic-looking sender, deferred (421 DYN:T1)
import type { Reason } from '../../core/types.js';
import { codeTable } from './table.js';

const FAMILIES: Record<string, Reason> = { rtr: 'blocked', rly: 'blocked', hvu: 'spamdetected', con: 'toomanyconn', dyn: 'blocked' };

export const aol = codeTable('aol', /(?:^|[\s(:])(rtr|rly|hvu|con|dyn):[a-z][a-z0-9](?![a-z0-9])/, FAMILIES);
