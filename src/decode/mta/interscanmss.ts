// Trend Micro InterScan Messaging Security Suite (gateway; Subject "Mail could not be delivered",
// boundary "InterScan_NT_MIME_Boundary"):
//
//   ****** Message from InterScan Messaging Security Suite ******
//   Sent <<< RCPT TO:<kijitora@example.co.jp>
//   Received >>> 550 5.1.1 <kijitora@example.co.jp>... user unknown
//   ************************     End of message     **********************
//
// or only "Reason:  Unable to deliver message to <kijitora@example.jp> (and other recipients in
// the same domain)." That sentence does not say why, so it is left to say nothing (not hard).
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';
import { byRemoteHost } from './remote.js';

const SIGN = 'message from interscan messaging security suite';
const SENT = /^\s*sent <<< (RCPT TO|MAIL FROM|DATA|EHLO|HELO)\b:?\s*(?:<([^<>\s]{1,256}@[^<>\s]{1,256})>)?/i;
const RECEIVED = /^\s*received >>> (.{1,1000})$/i;
const UNABLE = /unable to deliver message to <([^<>\s]{1,256}@[^<>\s]{1,256})>/gi;
const COMMANDS: Record<string, string> = { 'RCPT TO': 'RCPT', 'MAIL FROM': 'MAIL', DATA: 'DATA', EHLO: 'EHLO', HELO: 'EHLO' };

export const interscanmss: Decoder = {
  name: 'interscanmss',
  decode(mail: Mail): Failure[] {
    const text = mail.text.slice(0, 32 * 1024);
    const lower = text.toLowerCase();
    if (!lower.includes(SIGN)) return [];
    const out = new Map<string, Failure>();
    let pending: { address?: string; command: string } | null = null;
    for (const line of text.split('\n')) {
      const s = SENT.exec(line.slice(0, 600));
      if (s) { pending = { command: COMMANDS[s[1].toUpperCase()] ?? s[1], ...(s[2] ? { address: s[2].toLowerCase() } : {}) }; continue; }
      const r = RECEIVED.exec(line);
      if (r && pending?.address && !out.has(pending.address)) {
        const diagnostic = r[1].trim();
        const status = findStatus(diagnostic);
        const replyCode = findReplyCode(diagnostic);
        out.set(pending.address, { address: pending.address, action: 'failed', decodedBy: 'interscanmss', diagnostic: `${diagnostic}`, command: pending.command, ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) });
      }
    }
    for (const m of text.matchAll(UNABLE)) {
      const address = m[1].toLowerCase();
      if (!out.has(address)) out.set(address, { address, action: 'failed', decodedBy: 'interscanmss', diagnostic: m[0] });
    }
    return [...out.values()].map(byRemoteHost);
  },
};
