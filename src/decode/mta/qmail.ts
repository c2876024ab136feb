// qmail (and netqmail / vpopmail setups): a plain-text bounce, no DSN part.
//
//   Hi. This is the qmail-send program at mx.example.jp.
//   I'm afraid I wasn't able to deliver your message to the following addresses.
//   This is a permanent error; I've given up. Sorry it didn't work out.
//
//   <kijitora@example.jp>:
//   192.0.2.1 does not like recipient.
//   Remote host said: 550 5.1.1 <kijitora@example.jp>... User unknown
//   Giving up on 192.0.2.1.
//
//   --- Below this line is a copy of the message.
//
// qmail's own code is written as "(#5.1.1)"; a remote server's code follows "said:".
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

// qmail-derived systems (Yahoo! Japan and other hosts) say "Message from example.jp. Unable to
// deliver message to the following address(es)." and end with "--- Original message follows.".
const START = ['this is the qmail-send program', "i'm afraid i wasn't able to deliver your message", 'unable to deliver message to the following address(es)'];
const END = ['--- below this line is a copy of the message', '--- enclosed is a copy of the message', '--- original message follows'];
const RECIPIENT = /^<([^<>\s]{1,256}@[^<>\s]{1,256})>:\s*(.*)$/;
const QMAIL_CODE = /\(#([245]\.\d{1,3}\.\d{1,3})\)/;

export const qmail: Decoder = {
  name: 'qmail',
  decode(mail: Mail): Failure[] {
    // Cheap first: qmail-send bounces from MAILER-DAEMON (control/bouncefrom) or says "failure".
    const from = mail.header('from') ?? '';
    const signed = /mailer-daemon|postmaster/i.test(from) || /failure|undeliver/i.test(mail.subject) || mail.headerAll('received').some((r) => r.includes('qmail'));
    if (!signed) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const starts = START.map((s) => lower.indexOf(s)).filter((i) => i !== -1);
    if (starts.length === 0) return [];
    const start = Math.min(...starts);
    const ends = END.map((s) => lower.indexOf(s, start)).filter((i) => i !== -1);
    const body = text.slice(start, ends.length ? Math.min(...ends) : undefined);
    const out: Failure[] = [];
    let cur: { address: string; lines: string[] } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur.address, cur.lines.join(' '))); };
    for (const line of body.split('\n')) {
      const m = RECIPIENT.exec(line.slice(0, 600));
      if (m) {
        flush();
        cur = { address: normalAddress(m[1]), lines: m[2] ? [m[2]] : [] };
      } else if (cur && line.trim()) {
        cur.lines.push(line.trim());
      }
    }
    flush();
    return out;
  },
};

function toFailure(address: string, text: string): Failure {
  const diagnostic = text.replace(/\s+/g, ' ').trim().slice(0, 1000);
  const said = diagnostic.search(/said:? /i);
  const remote = said === -1 ? '' : diagnostic.slice(said);
  const status = QMAIL_CODE.exec(diagnostic)?.[1] ?? findStatus(remote) ?? findStatus(diagnostic);
  const replyCode = findReplyCode(remote);
  // "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)": the domain has neither
  // MX nor A record, so it accepts no mail at all. (Other texts go to the shared rules; the
  // closing "I'm not going to try again; ... in the queue too long" only says when qmail gave up.)
  const noMailHost = /couldn't find a mail exchanger or ip address/i.test(diagnostic);
  return {
    address, action: 'failed', decodedBy: 'qmail', diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    ...(noMailHost ? { reason: 'notaccept' as const } : {}),
  };
}
