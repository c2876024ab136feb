// DragonFly Mail Agent (dma): one recipient per notice, plain text.
//
//   This is the DragonFly Mail Agent v0.13 at df.example.jp.
//
//   There was an error delivering your mail to <kijitora@example.net>.
//
//   mx.example.net [192.0.2.25] did not like our RCPT TO:
//   550 5.1.1 <kijitora@example.net>: Recipient address rejected: User unknown
//
//   Message headers follow.            (or "Original message follows.")
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const SIGNATURE = 'dragonfly mail agent';
const RECIPIENT = /there was an error delivering your mail to <([^<>\s]{1,256}@[^<>\s]{1,256})>/i;
const ENDS = ['message headers follow', 'original message follows'];
// "... did not like our RCPT TO:", "did not like our final DATA:", "did not like our MAIL FROM:"
const COMMANDS: Array<[string, string]> = [['our rcpt to', 'RCPT'], ['our mail from', 'MAIL'], ['our final data', 'DATA'], ['our data', 'DATA'], ['our auth', 'EHLO'], ['our ehlo', 'EHLO'], ['our helo', 'EHLO']];

export const dragonfly: Decoder = {
  name: 'dragonfly',
  decode(mail: Mail): Failure[] {
    const signed = mail.headerAll('received').some((r) => r.toLowerCase().includes(SIGNATURE));
    if (!signed && !mail.subject.toLowerCase().startsWith('mail delivery failed')) return [];
    const text = mail.text;
    const lower = text.toLowerCase();
    if (!signed && !lower.includes(`this is the ${SIGNATURE}`)) return [];
    const m = RECIPIENT.exec(text);
    if (!m) return [];
    const from = m.index + m[0].length;
    const ends = ENDS.map((s) => lower.indexOf(s, from)).filter((i) => i !== -1);
    const said = text.slice(from, ends.length ? Math.min(...ends) : from + 2000).replace(/^[.\s]+/, '');
    const saidLower = said.toLowerCase();
    const command = COMMANDS.find(([w]) => saidLower.includes(`did not like ${w}`) || saidLower.includes(`didn't like ${w}`))?.[1];
    // The remote server's reply follows the "did not like our X:" line; otherwise dma's own words.
    const reply = command ? said.slice(said.indexOf(':', saidLower.indexOf('like our')) + 1) : said;
    const diagnostic = reply.replace(/\s+/g, ' ').trim().slice(0, 1000);
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    return [{
      address: normalAddress(m[1]), action: 'failed', decodedBy: 'dragonfly', diagnostic,
      ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}), ...(command ? { command } : {}),
    }];
  },
};
