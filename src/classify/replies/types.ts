// One reply a receiving system documents (or that others quote as received from it), as data: what
// it says, when, what it means, and where it is written down. The tables in this folder hold one
// receiving system each; ./index.ts lists them. They test the classifier (every reply, wrapped in a
// DSN, must decode to its reason and hard flag) and are never read by the decoder at run time.
import type { Reason } from '../../core/types.js';

export interface DocumentedReply {
  /** The reply as documented, whole (code, enhanced status, text); placeholders replaced by example values. */
  text: string;
  /** When the receiver sends it, if documented or evident. */
  at?: 'CONN' | 'EHLO' | 'MAIL' | 'RCPT' | 'DATA';
  /** The reason in bouncesync's vocabulary (src/core/types.ts: the reference decoder's words). */
  reason: Reason;
  /** True only when the reply says the address itself is dead. */
  hard: boolean;
  /** The URL (or repository file) that documents or quotes this exact reply. */
  source: string;
  /**
   * Where the reply comes from: the receiver's own documentation ("documented", the default when
   * absent), or a third party quoting it as received from that receiver ("observed": a hosting
   * provider's help page, a postmaster blog, an issue thread with the bounce), for receivers that
   * document none.
   */
  evidence?: 'documented' | 'observed';
}
