// decode(raw) → Decoded: the one way through.
//   size check → MIME → complaint report? → family decoders → DSN → auto-reply? → generic
//   → one report per valid address (recipients.ts) → words around it (context.ts)
//   → receivers' reply tables (rhost/) → classify → kind.
// Never throws: anything unexpected becomes kind "error" with a one-line reason.
import { NON_FAILURES, type Decoded, type Failure, type Kind, type Verdict } from '../core/types.js';
import { oneLine } from '../core/errors.js';
import { classify, type ClassifyOptions } from '../classify/index.js';
import { decodeFeedback, isFeedbackReport } from './arf.js';
import { decodeAutoReply, isAutoReply } from './auto-reply.js';
import { dsnFailures } from './dsn.js';
import { decodeGeneric } from './generic.js';
import { Mail } from './mail.js';
import { DEFAULT_LIMITS, type Limits } from './mime.js';
import { FAMILIES } from './mta/index.js';
import { remoteHostReason } from './rhost/index.js';
import { originalMessageId, trackingToken } from './original.js';
import type { Decoder } from './decoder.js';
import { withContext } from './context.js';
import { DEFAULT_MAX_BYTES, failed, isDeliveryReport, overLimits, tooLarge, unreadableReport, wasLimited } from './refused.js';
import { settleRecipients, validAddress } from './recipients.js';

export interface DecodeOptions extends ClassifyOptions {
  /** Messages larger than this are refused unparsed (default 10 MB). */
  maxBytes?: number;
  /** MIME nesting and part-count limits. */
  limits?: Partial<Limits>;
  /** Family decoders to try (default: the registry in ./mta/index.ts). */
  families?: readonly Decoder[];
}

export { DEFAULT_MAX_BYTES, tooLarge };

export function decode(raw: Buffer | string, opts: DecodeOptions = {}): Decoded {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'latin1') : raw.length;
  if (size > max) return tooLarge(size, max);
  try {
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const mail = Mail.parse(raw, limits);
    const decoded = decodeMail(mail, opts);
    // A message cut short by the nesting or part limits that yields nothing is a poison message
    // (it belongs in quarantine, where a person can look), not an ordinary "not a bounce".
    if (decoded.recipients.length === 0 && wasLimited(mail.root)) return overLimits(limits);
    // Likewise a message that declares itself a report (DSN, ARF) but whose report cannot be read.
    if (decoded.kind === 'not-bounce' && isDeliveryReport(mail.root)) return unreadableReport();
    return decoded;
  } catch (e) {
    return failed(`cannot decode: ${oneLine(e)}`);
  }
}

export function decodeMail(mail: Mail, opts: DecodeOptions = {}): Decoded {
  const { kind, failures: found } = findRecipients(mail, opts.families ?? FAMILIES);
  // Every decoder's answer passes here: valid addresses only, one report per address, capped.
  const { failures, found: named } = settleRecipients(found);
  // A provider's own reply words (Orange's OFR codes, Microsoft's, Google's ...) name the reason
  // whichever system wrote the notice; the rules decide what the tables leave open.
  const recipients: Verdict[] = failures.map((f) => {
    const withWords = withContext(mail, f);
    const remote = remoteHostReason(withWords);
    if (!remote) return classify(withWords, opts);
    return { ...classify({ ...withWords, reason: remote.reason }, opts), rule: `remote-host:${remote.table}` };
  });
  return {
    kind: kind ?? kindOf(recipients),
    recipients, // delayed ones stay listed (action "delayed", never hard): the reference lists them too
    messageId: cleanId(mail.header('message-id')),
    originalMessageId: originalMessageId(mail),
    token: trackingToken(mail),
    ...(named > failures.length ? { recipientsFound: named } : {}),
  };
}

/**
 * The first decoder that names at least one valid address speaks for the message: a family
 * decoder, else the DSN, else an auto-reply, else the generic reader of free text.
 */
function findRecipients(mail: Mail, families: readonly Decoder[]): { kind?: Kind; failures: Failure[] } {
  if (isFeedbackReport(mail)) return { kind: 'feedback', failures: decodeFeedback(mail) };
  for (const family of families) {
    const found = safely(family, mail);
    if (found.some((f) => validAddress(f.address))) return { failures: found };
  }
  const dsn = mail.dsn ? dsnFailures(mail.dsn) : [];
  if (dsn.some((f) => validAddress(f.address))) return { failures: dsn };
  if (isAutoReply(mail)) return { kind: 'autoreply', failures: decodeAutoReply(mail) };
  return { failures: decodeGeneric(mail) };
}

/** A family decoder that throws is a bug; the message still gets the other decoders. */
function safely(d: Decoder, mail: Mail): Failure[] {
  try {
    return d.decode(mail);
  } catch {
    return [];
  }
}

function kindOf(rs: Verdict[]): Kind {
  if (rs.some((r) => r.action === 'failed' && !NON_FAILURES.includes(r.reason))) return 'bounce';
  if (rs.some((r) => r.reason === 'feedback')) return 'feedback';
  if (rs.some((r) => r.reason === 'vacation')) return 'autoreply';
  if (rs.some((r) => r.action === 'delayed')) return 'delay';
  if (rs.some((r) => r.reason === 'delivered' || r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded')) return 'delivered';
  return 'not-bounce';
}

function cleanId(id: string | undefined): string | null {
  if (!id) return null;
  const m = /<[^<>]{1,500}>/.exec(id);
  return m ? m[0] : id.trim() || null;
}
