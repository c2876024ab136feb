// Mimecast's own notice (Subject "[Postmaster] Email Delivery Failure", Message-ID at
// *.mimecast.lan): each recipient and each part of the reason on a line of its own after "-- ":
//
//   An email that you attempted to send to the following address could not be delivered:
//   -- kijitora@example.org
//   The problem appears to be :
//   -- Recipient email address is possibly incorrect
//   Additional information follows :
//   -- 5.4.1 Recipient address rejected: Access denied.
import type { Failure } from '../../core/types.js';
import { findReplyCode, findStatus } from '../../classify/status.js';
import { dsnFailures } from '../dsn.js';
import type { Decoder } from '../decoder.js';
import type { Mail } from '../mail.js';

const DASHED = /^-- (.{1,1000})$/;

export const mimecastNotice: Decoder = {
  name: 'mimecast',
  decode(mail: Mail): Failure[] {
    const ours = /\.mimecast\.lan>\s*$/i.test(mail.header('message-id') ?? '') || (mail.subject.includes('Email Delivery Failure') && /mimecast/i.test(mail.text.slice(0, 16 * 1024)));
    if (!ours) return [];
    const addresses: string[] = [];
    const words: string[] = [];
    for (const line of mail.text.slice(0, 32 * 1024).split('\n')) {
      const m = DASHED.exec(line.trimEnd());
      if (!m) continue;
      if (/^[^\s@<>]{1,256}@[^\s@<>]{1,256}$/.test(m[1])) addresses.push(m[1].toLowerCase()); else words.push(m[1].trim());
    }
    const diagnostic = words.join(' ').slice(0, 1000);
    const fromDsn = mail.dsn ? dsnFailures(mail.dsn, 'mimecast') : [];
    if (fromDsn.length) return fromDsn.map((f) => ({ ...f, ...(!f.diagnostic && diagnostic ? { diagnostic } : {}) }));
    const status = findStatus(diagnostic);
    const replyCode = findReplyCode(diagnostic);
    return addresses.map((address) => ({
      address, action: 'failed', decodedBy: 'mimecast', ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}),
    }));
  },
};
