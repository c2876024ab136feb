// The size limit, apart from the decoder so that a reader can refuse a message by its size
// without loading the decoder (the decode command hands the decoding to worker threads).
import type { Decoded } from '../core/types.js';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** The answer for a message over the size limit: refused, unparsed. */
export function tooLarge(size: number, max: number): Decoded {
  const error = `message is ${size} bytes, over the ${max}-byte limit (raise maxBytes / --max-bytes to decode it)`;
  return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error };
}
