// decode(raw) → Decoded: the one way through.
//   size check → MIME → complaint report? → family decoders → DSN → auto-reply? → generic
//   → remote-host tables → classify → kind.
// Never throws: anything unexpected becomes kind "error" with a one-line reason.
import { NON_FAILURES, type Decoded, type Failure, type Kind, type Verdict } from '../core/types.js';
import { oneLine } from '../core/errors.js';
import { classify, type ClassifyOptions } from '../classify/index.js';
import { findCommand } from '../classify/command.js';
import { findReplyCode, pickStatus } from '../classify/status.js';
import { decodeFeedback, isFeedbackReport } from './arf.js';
import { decodeAutoReply, isAutoReply } from './auto-reply.js';
import { dsnFailures } from './dsn.js';
import { decodeGeneric } from './generic.js';
import { Mail } from './mail.js';
import { DEFAULT_LIMITS, type Limits, type Part } from './mime.js';
import { FAMILIES } from './mta/index.js';
import { remoteHostReason } from './mta/remote.js';
import { originalMessageId, trackingToken } from './original.js';
import type { Decoder } from './decoder.js';
import { entryLines } from './entry.js';
import { DEFAULT_MAX_BYTES, tooLarge } from './limit.js';

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
  const { kind, failures } = findRecipients(mail, opts.families ?? FAMILIES);
  // A provider's own reply words (Orange's OFR codes, Microsoft's, Google's ...) name the reason
  // whichever system wrote the notice; the rules decide what the tables leave open.
  const recipients: Verdict[] = failures.map((f) => {
    const found = withContext(mail, f);
    const remote = remoteHostReason(found);
    if (!remote) return classify(found, opts);
    return { ...classify({ ...found, reason: remote.reason }, opts), rule: `remote-host:${remote.table}` };
  });
  return {
    kind: kind ?? kindOf(recipients),
    recipients, // delayed ones stay listed (action "delayed", never hard): the reference lists them too
    messageId: cleanId(mail.header('message-id')),
    originalMessageId: originalMessageId(mail),
    token: trackingToken(mail),
  };
}

function findRecipients(mail: Mail, families: readonly Decoder[]): { kind?: Kind; failures: Failure[] } {
  if (isFeedbackReport(mail)) return { kind: 'feedback', failures: decodeFeedback(mail) };
  for (const family of families) {
    const found = safely(family, mail);
    if (found.length) return { failures: found };
  }
  const dsn = mail.dsn ? dsnFailures(mail.dsn) : [];
  if (dsn.length) return { failures: dsn };
  if (isAutoReply(mail)) return { kind: 'autoreply', failures: decodeAutoReply(mail) };
  return { failures: decodeGeneric(mail) };
}

/** A family decoder that throws is a bug; the message still gets the other decoders. */
function safely(d: Decoder, mail: Mail): Failure[] {
  try {
    return d.decode(mail).filter((f) => f.address);
  } catch {
    return [];
  }
}

/**
 * What the decoder left out, from the message: the SMTP command the failure answered (from the
 * diagnostic, else from the notice's words about the address: "(in reply to RCPT TO command)"),
 * and, for a DSN without Diagnostic-Code, those words themselves with their codes.
 */
function withContext(mail: Mail, f: Failure): Failure {
  if (f.command || f.reason) return f;
  let command = findCommand(f.diagnostic);
  let diagnostic = f.diagnostic;
  if ((!command || !diagnostic) && f.address) {
    const near = textNear(mail.text, f.address);
    command ??= findCommand(near);
    // A DSN without Diagnostic-Code: the notification's words about this address stand in.
    if (!diagnostic && near) diagnostic = near.replace(/\s+/g, ' ').trim().slice(0, 500) || undefined;
  }
  if (diagnostic === f.diagnostic) return command ? { ...f, command } : f;
  // The words found in the text may carry the codes the DSN left vague or out.
  const status = pickStatus(f.status, diagnostic);
  const replyCode = f.replyCode ?? findReplyCode(diagnostic);
  return { ...f, ...(command ? { command } : {}), ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) };
}

/** The notification's words about an address: its entry, from its first mention (see entry.ts). */
function textNear(text: string, address: string): string {
  const at = text.toLowerCase().indexOf(address);
  if (at === -1) return '';
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lines = text.slice(lineStart, at + 1500).split('\n', 12);
  const hasWords = (t: string) => t.replace(/<?[^\s<>]{1,200}@[^\s<>]{1,255}>?[:,]?/, '').trim().length > 3;
  return entryLines(lines, 0, address, hasWords, 8).join('\n');
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

function wasLimited(part: Part): boolean {
  const stack = [part];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.limited) return true;
    stack.push(...p.children);
  }
  return false;
}

function overLimits(l: Limits): Decoded {
  return failed(`message nests deeper than ${l.maxDepth} levels or has more than ${l.maxParts} parts, and nothing could be decoded from what was read (raise limits to decode it)`);
}

/** A DSN or complaint report by its own declaration (a read receipt is a report too, but not ours to read). */
function isDeliveryReport(root: Part): boolean {
  const type = (root.params['report-type'] ?? '').toLowerCase();
  return root.type === 'multipart/report' && (type === 'delivery-status' || type === 'global-delivery-status' || type === 'feedback-report');
}

function unreadableReport(): Decoded {
  return failed('malformed report: the message is a multipart/report, but no report part or recipient could be read from it');
}

function failed(error: string): Decoded {
  return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error };
}
