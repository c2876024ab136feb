// Trend Micro InterScan Messaging Security Suite (gateway; From "InterScan MSS", Subject "Mail could
// not be delivered" or its Japanese forms, boundary "InterScan_NT_MIME_Boundary"):
//
//   ****** Message from InterScan Messaging Security Suite ******
//   Sent <<< RCPT TO:<kijitora@example.co.jp>
//   Received >>> 550 5.1.1 <kijitora@example.co.jp>... user unknown
//   ************************     End of message     **********************
//
// or only "Reason:  Unable to deliver message to <kijitora@example.jp> (and other recipients in
// the same domain)." That sentence does not say why, so it is left to say nothing (not hard).
import { normalAddress } from '../../core/address.js';
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from '../rhost/index.js';

const SIGN = 'message from interscan messaging security suite';
// English writes "Sent <<< RCPT TO:<...>" / "Received >>> 550 ..."; Japanese "... >>> RCPT TO" / "... <<< 550".
const ARROW = /(?:<<<|>>>)[ \t]+(.{1,1000})$/;
const COMMAND = /^(RCPT TO|MAIL FROM|DATA|EHLO|HELO)\b:?\s*(?:<([^<>\s]{1,256}@[^<>\s]{1,256})>)?/i;
const SUBJECTS = ['mail could not be delivered', 'メッセージを配信できません。', 'メール配信に失敗しました'];
const UNABLE = /unable to deliver message to <([^<>\s]{1,256}@[^<>\s]{1,256})>/gi;
const COMMANDS: Record<string, string> = { 'RCPT TO': 'RCPT', 'MAIL FROM': 'MAIL', DATA: 'DATA', EHLO: 'EHLO', HELO: 'EHLO' };

export const interscanmss: Decoder = {
  name: 'interscanmss',
  decode(mail: Mail): Failure[] {
    const text = mail.text.slice(0, 32 * 1024);
    const lower = text.toLowerCase();
    const subject = mail.subject.trim().toLowerCase();
    if (!lower.includes(SIGN) && !/interscan mss/i.test(mail.header('from') ?? '') && !SUBJECTS.includes(subject)) return [];
    const out = new Map<string, Failure>();
    let pending: { address?: string; command: string } | null = null;
    for (const line of text.split('\n')) {
      const payload = ARROW.exec(line.slice(0, 1100))?.[1]?.trim();
      if (!payload) continue;
      const c = COMMAND.exec(payload);
      if (c) {
        // DATA names no address: it answers for the recipient(s) given before it.
        const prev = pending as { address?: string } | null;
        const address = (c[2] === undefined ? undefined : normalAddress(c[2])) ?? prev?.address;
        pending = { command: COMMANDS[c[1].toUpperCase()] ?? c[1], ...(address ? { address } : {}) };
        continue;
      }
      if (!/^[245]\d\d\b/.test(payload)) continue;
      if (pending && !pending.address) {
        const named = /<([^<>\s]{1,256}@[^<>\s]{1,256})>/.exec(payload)?.[1];
        if (named) pending.address = normalAddress(named);
      }
      if (pending?.address && !out.has(pending.address)) {
        const diagnostic = payload;
        const status = findStatus(diagnostic);
        const replyCode = findReplyCode(diagnostic);
        out.set(pending.address, { address: pending.address, action: 'failed', decodedBy: 'interscanmss', diagnostic: `${diagnostic}`, command: pending.command, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) });
      }
    }
    for (const m of text.matchAll(UNABLE)) {
      const address = normalAddress(m[1]);
      if (!out.has(address)) out.set(address, { address, action: 'failed', decodedBy: 'interscanmss', diagnostic: m[0] });
    }
    return [...out.values()].map(byRemoteHost);
  },
};
