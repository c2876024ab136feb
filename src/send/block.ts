// Sender-block detection. When the receiving server refuses many recipients with the same
// policy/block reply in a short time, the refusal is about us (our IP, domain or content is
// blocked), not about those addresses. Then sending pauses, nobody is flagged for it, and the
// refused rows are held to be sent again once the block is lifted.
//
//   554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org
//   550 5.7.1 Our system has detected that this message is likely unsolicited mail
//   553 5.7.1 <news@example.com>: Sender address rejected: not logged in
//
// A hard reason (user unknown) never counts: a list with many dead addresses is not a block.
// Accepted messages in between do not reset the count: one provider blocking us while others
// take our mail is still a block, and the time window keeps old refusals from adding up.
export interface BlockOptions {
  /** This many refusals with the same reply code + enhanced code ... */
  count: number;
  /** ... within this many seconds pause the send. */
  seconds: number;
}

export const DEFAULT_BLOCK: BlockOptions = { count: 10, seconds: 60 };

export interface Refusal { id: number; signature: string; reply: string; at: number }

export interface BlockVerdict { signature: string; reply: string; ids: number[]; seconds: number }

/** The reply code plus the enhanced code inside the text: "554 5.7.1". */
export function signatureOf(reply: string, replyCode?: string): string {
  const code = replyCode ?? /^([245]\d\d)/.exec(reply)?.[1] ?? '???';
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? '';
  return `${code} ${enhanced}`.trim();
}

export class BlockDetector {
  private recent: Refusal[] = [];
  constructor(private readonly opts: BlockOptions = DEFAULT_BLOCK, private readonly now: () => number = Date.now) {}

  /** Records a refusal that is not about the address; returns the block once the threshold is met. */
  refused(id: number, reply: string, replyCode?: string): BlockVerdict | null {
    const at = this.now();
    const signature = signatureOf(reply, replyCode);
    this.recent = this.recent.filter((r) => at - r.at <= this.opts.seconds * 1000);
    this.recent.push({ id, signature, reply, at });
    const same = this.recent.filter((r) => r.signature === signature);
    if (same.length < this.opts.count) return null;
    return { signature, reply, ids: same.map((r) => r.id), seconds: Math.max(1, Math.round((at - same[0]!.at) / 1000)) };
  }
}
