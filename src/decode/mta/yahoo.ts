// Yahoo! Mail (MAILER-DAEMON@yahoo.com and Yahoo's regional hosts, an X-YMailISG header):
// qmail-shaped plain text.
//
//   Sorry, we were unable to deliver your message to the following address.
//
//   <kijitora@example.jp>:
//   Remote host said: 550 5.2.2 <kijitora@example.jp>... Mailbox Full [RCPT_TO]
//
//   --- Below this line is a copy of the message.
//
// The bracket at the end names the SMTP command the remote host answered: [RCPT_TO], [DATA],
// [MAIL_FROM] (without one, a reply naming the recipient in <...> answered RCPT TO); the reply
// may be folded onto the following lines. Yahoo's own failures have no
// "Remote host said:" ("No mx record found for domain=example.org").
import { normalAddress } from '../../core/address.js';
import type { Failure, Reason } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const START = 'sorry, we were unable to deliver your message to the following address';
const END = '--- below this line is a copy of the message';
const RECIPIENT = /^<([^<>\s]{1,256}@[^<>\s]{1,256})>:\s*$/;
const COMMAND = /\[(RCPT_TO|MAIL_FROM|DATA|EHLO|HELO|CONNECT)\]/;
const COMMANDS: Record<string, string> = { RCPT_TO: 'RCPT', MAIL_FROM: 'MAIL', DATA: 'DATA', EHLO: 'EHLO', HELO: 'EHLO', CONNECT: 'CONN' };

// Yahoo's own words, when it did not get as far as a remote host.
const OWN_WORDS: Array<[string, Reason]> = [
  // "No mx record found for domain=example.org": the domain names no mail server at all.
  ['no mx record found for domain', 'notaccept'],
];

export const yahoo: Decoder = {
  name: 'yahoo',
  decode(mail: Mail): Failure[] {
    // Yahoo's outbound servers stamp X-YMailISG on everything, whatever the From says.
    const fromYahoo = /^mailer-daemon@(?:[a-z0-9-]+\.)*yahoo(?:mail)?\.(?:[a-z.]{2,10})$/.test(mail.from);
    if (!fromYahoo && mail.header('x-ymailisg') === undefined) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    const start = lower.indexOf(START);
    if (start === -1) return summarised(text, lower);
    const end = lower.indexOf(END, start);
    const lines = text.slice(start, end === -1 ? start + 16 * 1024 : end).split('\n').slice(1);
    const out: Failure[] = [];
    let cur: { address: string; words: string[] } | null = null;
    const flush = () => { if (cur) out.push(toFailure(cur.address, cur.words.join(' '))); };
    for (const line of lines) {
      const m = RECIPIENT.exec(line.trim().slice(0, 600));
      if (m) { flush(); cur = { address: normalAddress(m[1]), words: [] }; } else if (cur && line.trim()) cur.words.push(line.trim());
    }
    flush();
    return out.map(byRemoteHost);
  },
};

// Yahoo's other notice names no recipient in its text, only the returned message's Subject and To
// (written from two real notices of this shape):
//
//   I'm afraid I wasn't able to deliver the following message.
//   This is a permanent error; I've given up. Sorry it didn't work out.
//
//   Subject: March news
//   To: kijitora@yahoo.com
//
//   --- Below this line is a copy of the message.
const SUMMARY = "i'm afraid i wasn't able to deliver the following message";
const SUMMARY_TO = /^to:[ \t]*(?:[^<\n]{0,200}<)?([^\s<>@]{1,64}@[A-Za-z0-9.-]{1,255})>?[ \t]*$/im;

function summarised(text: string, lower: string): Failure[] {
  const start = lower.indexOf(SUMMARY);
  if (start === -1) return [];
  const end = lower.indexOf('below this line', start);
  const notice = text.slice(start, end === -1 ? start + 4096 : end);
  const to = SUMMARY_TO.exec(notice)?.[1];
  if (!to || !/this is a permanent error/i.test(notice)) return [];
  const diagnostic = notice.split(/\n\s*\n/, 1)[0].replace(/\s+/g, ' ').trim().slice(0, 500);
  return [{ address: normalAddress(to), action: 'failed', decodedBy: 'yahoo', diagnostic }];
}

function toFailure(address: string, words: string): Failure {
  const diagnostic = words.replace(/\s+/g, ' ').replace(/^remote host said:\s*/i, '').trim().slice(0, 1000);
  const bracket = COMMAND.exec(diagnostic)?.[1];
  // No bracket: a reply that names the recipient in <...> answered RCPT TO ("550 <x@y>... User unknown").
  const command = bracket ? COMMANDS[bracket] : /<[^<>\s@]{1,256}@[^<>\s@]{1,256}>/.test(diagnostic) ? 'RCPT' : undefined;
  const status = findStatus(diagnostic);
  const replyCode = findReplyCode(diagnostic);
  const lower = diagnostic.toLowerCase();
  const reason = OWN_WORDS.find(([w]) => lower.includes(w))?.[1];
  return {
    address, action: 'failed', decodedBy: 'yahoo', diagnostic,
    ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(command ? { command } : {}), ...(reason ? { reason } : {}),
  };
}
