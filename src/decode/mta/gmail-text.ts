// Gmail's older notice: plain text, no DSN part.
//
//   Delivery to the following recipient failed permanently:      ("has been delayed:" = 4xx)
//
//        kijitora@example.co.jp
//
//   Technical details of permanent failure:
//   Google tried to deliver your message, but it was rejected by the recipient domain. ...
//   The error that the other server returned was: 550 550 5.1.1 <...>... User Unknown (state 14).
//
//   ----- Original message -----
//
// "(state N)" names the SMTP stage Google had reached: after DATA (15, 17, 18) a refusal is the
// receiving system's filter, not proof the mailbox is gone, whatever words it used.
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus, isVague } from '../../classify/status.js';
import { isAddress } from '../dsn.js';
import { ownReason } from './gmail-words.js';

const ENDS = ['----- original message -----', '----- message header follows -----', '----- message header follows ----'];
const ADDRESS = /^\s{1,12}<?([^\s<>@]{1,200}@[^\s<>@]{1,255}?)>?\s*$/;
const STATE = /\(state (\d{1,2})\)/;

// The stage named by "(state N)": the command Google was at, and the reason where the stage alone
// tells (refused at MAIL / AUTH, or after DATA); at EHLO (13) and RCPT TO (14) the reply decides,
// knowing the command (before RCPT nothing is about the recipient).
const BY_STATE: Record<string, { command?: string; reason?: Reason }> = {
  '6': { command: 'MAIL', reason: 'systemerror' },   // 500 Remote server does not support TLS (state 6).
  '8': { reason: 'systemerror' },                    // 535 SMTP AUTH failed with the remote server. (state 8).
  '9': { reason: 'failedstarttls' },                 // 454 TLS missing certificate ... (state 9).
  '12': { reason: 'norelaying' },                    // 500 Remote server does not support SMTP Authenticated Relay (state 12).
  '13': { command: 'EHLO' },                         // 550 5.7.1 <...>... Access denied (state 13): refused before any recipient
  '14': { command: 'RCPT' },                         // 550 5.1.1 <...>... User Unknown (state 14).
  '15': { command: 'DATA', reason: 'filtered' },     // 554 554 Error: no valid recipients (state 15).
  '17': { command: 'DATA', reason: 'filtered' },     // 550 550 <****@***.**> No such user here (state 17).
  '18': { command: 'DATA', reason: 'filtered' },     // 554 554 5.7.0 Header error (state 18).
};

/** The recipients of the older text notice, whose heading `head` matched. */
export function fromText(text: string, head: RegExpExecArray): Failure[] {
  const lower = text.toLowerCase();
  const ends = ENDS.map((e) => lower.indexOf(e, head.index)).filter((i) => i !== -1);
  const body = text.slice(head.index, ends.length ? Math.min(...ends) : head.index + 8192);
  const lines = body.split('\n');
  const addresses: string[] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const m = ADDRESS.exec(lines[i].slice(0, 500));
    if (m) addresses.push(normalAddress(m[1]));
    else if (lines[i].trim() && addresses.length) break;
  }
  const details = lines.slice(i).join(' ').replace(/\s+/g, ' ').trim();
  const at = details.search(/technical details of (?:permanent|temporary) failure:/i);
  const diagnostic = (at === -1 ? details : details.slice(at).replace(/^[^:]*:\s*/, '')).slice(0, 1000);
  // The remote reply: after "The error that the other server returned was:", or in the older
  // "PERM_FAILURE: SMTP Error (state 9): 550 5.7.1 ..." the codes in the details themselves.
  const said = diagnostic.search(/returned was:/i);
  const remote = said === -1 ? diagnostic : diagnostic.slice(said + 'returned was:'.length);
  const delayed = head[1].toLowerCase() !== 'failed permanently';
  const status = findStatus(remote);
  const replyCode = findReplyCode(remote);
  const state = BY_STATE[STATE.exec(diagnostic)?.[1] ?? ''];
  // A stage before DATA (TLS, AUTH, relay) says where Google was, not why it was refused: a reply
  // with a specific status of its own ("550 5.7.1 ... blocked by a DNSBL" at state 9) says why.
  const stageOnly = state?.command !== 'DATA' && status !== undefined && !isVague(status);
  const reason = ownReason(diagnostic) ?? (stageOnly ? undefined : state?.reason);
  // "... rejected by the server for the recipient domain example.jp by mx.example.jp. [192.0.2.59]."
  const remoteMta = / by ([A-Za-z0-9.-]{1,255}[A-Za-z0-9])\. \[/.exec(diagnostic)?.[1];
  return addresses.filter(isAddress).map((address) => ({
    address, action: delayed ? 'delayed' : 'failed', decodedBy: 'gmail', diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(reason ? { reason } : {}),
    ...(state?.command ? { command: state.command } : {}), ...(remoteMta ? { remoteMta } : {}),
  }));
}
