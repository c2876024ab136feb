import type { Decoded } from '../core/types.js';

export interface DecodeOptions {
  /** Messages larger than this are refused unparsed (default 10 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Decode one raw returned message. Never throws for bad input: a message that cannot be
 * decoded comes back as kind "error" with a one-line reason.
 * (Scaffold: the real pipeline — MIME, DSN, per-MTA rules, classification — lands with issue 2.)
 */
export function decode(raw: Buffer, opts: DecodeOptions = {}): Decoded {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (raw.length > max) {
    return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: `message is ${raw.length} bytes, over the ${max}-byte limit` };
  }
  return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: 'decoder not built yet' };
}
