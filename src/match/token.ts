import { createHmac, timingSafeEqual } from 'node:crypto';

// A tracking token ties returned mail to one send (campaign + row) in the send ledger.
// It must survive mail systems that lower-case or re-encode the local part, so it uses only
// lower-case letters and digits, and stays short: "bounces+" + token fits well under the
// 64-character local-part limit.
//
//   token = VERSION (1 char) + base36(sendId) + MAC (16 chars, base32 lower-case, 80 bits)
//
// The MAC is an HMAC-SHA256 over "v1:" + sendId with the operator's secret.

const VERSION = 'a';
const MAC_LENGTH = 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_SHAPE = /^a[0-9a-z]{1,13}[a-z2-7]{16}$/;

function mac(secret: string, sendId: number): string {
  const digest = createHmac('sha256', secret).update(`v1:${sendId}`).digest();
  let out = '';
  for (let i = 0; i < MAC_LENGTH; i++) out += BASE32[digest[i] & 31];
  return out;
}

export function makeToken(secret: string, sendId: number): string {
  if (!Number.isSafeInteger(sendId) || sendId < 0) throw new RangeError('sendId must be a non-negative integer');
  return VERSION + sendId.toString(36) + mac(secret, sendId);
}

export type TokenCheck = { ok: true; sendId: number } | { ok: false; why: 'malformed' | 'bad-signature' };

/** Verifies in constant time. Accepts any letter case (some systems upper-case local parts). */
export function verifyToken(secret: string, token: string): TokenCheck {
  const t = token.trim().toLowerCase();
  if (!TOKEN_SHAPE.test(t)) return { ok: false, why: 'malformed' };
  const sendId = parseInt(t.slice(1, -MAC_LENGTH), 36);
  if (!Number.isSafeInteger(sendId)) return { ok: false, why: 'malformed' };
  const want = Buffer.from(mac(secret, sendId));
  const got = Buffer.from(t.slice(-MAC_LENGTH));
  return timingSafeEqual(want, got) ? { ok: true, sendId } : { ok: false, why: 'bad-signature' };
}
