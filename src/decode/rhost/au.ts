// au's mail servers (lsean.ezweb.ne.jp, msmx.au.com) as the REMOTE server answer
//   "550 <kijitora@ezweb.ne.jp>: User unknown"   at RCPT TO, for a mailbox that does not exist;
//   "550 : User unknown"                          (no address) when the owner's filter refuses.
import type { Failure, Reason } from '../../core/types.js';
import { remoteHost, type ReplyTable } from './table.js';

const AU = /(?:^|[.@])(?:ezweb\.ne\.jp|au\.com)\.?$/i;

/** The reason au's reply names, for a recipient at au (ezweb.ne.jp, au.com), or undefined. */
function auReason(f: Failure): Reason | undefined {
  const host = remoteHost(f);
  if (!AU.test(f.address) && !(host && AU.test(host))) return undefined;
  const text = (f.diagnostic ?? '').toLowerCase();
  if (/\b550[ :-]{0,3}<[^<>\s]{1,256}@[^<>\s]{1,256}>: user unknown/.test(text)) return 'userunknown';
  if (/\b550[ :]{1,6}user unknown/.test(text)) return 'filtered';
  return undefined;
}

export const au: ReplyTable = { name: 'au', reasonOf: auReason };
