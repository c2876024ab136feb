// The answers for a message that cannot be decoded: kind "error", with one line that says why
// and what would let it decode. Such a message belongs in quarantine, where a person can look.
import type { Decoded } from '../core/types.js';
import type { Limits, Part } from './mime.js';

/** The default size limit. Kept here, apart from the decoder, so that a reader can refuse a message
 *  by its size without loading the decoder (the decode command leaves that to its threads). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** The answer for a message over the size limit: refused, unparsed. */
export function tooLarge(size: number, max: number): Decoded {
  return failed(`message is ${size} bytes, over the ${max}-byte limit (raise maxBytes / --max-bytes to decode it)`);
}

export function wasLimited(part: Part): boolean {
  const stack = [part];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.limited) return true;
    stack.push(...p.children);
  }
  return false;
}

export function overLimits(l: Limits): Decoded {
  return failed(`message nests deeper than ${l.maxDepth} levels or has more than ${l.maxParts} parts, and nothing could be decoded from what was read (raise limits to decode it)`);
}

/** A DSN or complaint report by its own declaration (a read receipt is a report too, but not ours to read). */
export function isDeliveryReport(root: Part): boolean {
  const type = (root.params['report-type'] ?? '').toLowerCase();
  return root.type === 'multipart/report' && (type === 'delivery-status' || type === 'global-delivery-status' || type === 'feedback-report');
}

export function unreadableReport(): Decoded {
  return failed('malformed report: the message is a multipart/report, but no report part or recipient could be read from it');
}

export function failed(error: string): Decoded {
  return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error };
}
