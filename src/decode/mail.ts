// The view of one returned message that every decoder reads. Cheap things are computed on
// construction; anything that decodes bodies or scans text is computed on first use and kept.
import { asciiLower, normalAddress } from '../core/address.js';
import { first, parseMessage, partText, readHeaders, type Header, type Limits, type Part } from './mime.js';
import { dsnInText, parseDeliveryStatus, type DsnReport } from './dsn.js';
import { htmlToText } from './html.js';

const NON_ASCII = /[^\x00-\x7f]/;
const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status', 'text/delivery-status']);
const ATTACHED_MESSAGE = new Set(['message/rfc822', 'message/global']);
// message/partial: a fragment of the original whose first lines are its headers.
const ATTACHED_HEADERS = new Set(['message/rfc822-headers', 'text/rfc822-headers', 'message/global-headers', 'message/partial']);

/** Lines in free text after which mail systems quote the returned original. Lower-case, matched as substrings. */
const MESSAGE_HEADERS = new Set(['message-id', 'from', 'to', 'subject', 'date', 'received', 'return-path']);
const ORIGINAL_MARKERS = [
  'original message follows', 'below this line is a copy of the message', 'copy of the message, including all the headers',
  'original message headers', 'unsent message follows', 'returned message', '--- original message', 'original message ---',
  'original message:', 'headers of the original', 'message headers follow', '--- below this line', 'undelivered message',
  'returned mail follows',
];

export class Mail {
  readonly root: Part;
  readonly headers: Header[];
  private cache = new Map<string, unknown>();

  constructor(root: Part) {
    this.root = root;
    this.headers = root.headers;
  }

  static parse(raw: Buffer | string, limits?: Limits): Mail {
    return new Mail(parseMessage(raw, limits));
  }

  /** First value of a top-level header (name case-insensitive), decoded; undefined when absent. */
  header(name: string): string | undefined {
    return first(this.headers, name.toLowerCase());
  }

  /** Every value of a top-level header, in order. */
  headerAll(name: string): string[] {
    const n = name.toLowerCase();
    return this.headers.filter((h) => h.name === n).map((h) => h.value);
  }

  get subject(): string {
    return this.header('subject') ?? '';
  }

  /** The From address alone, lower-case ("" when none). */
  get from(): string {
    return this.memo('from', () => addressIn(this.header('from') ?? '') ?? '');
  }

  /** The report's own parts, in order: leaves of the multipart tree, not descending into attached messages. */
  get parts(): Part[] {
    return this.memo('parts', () => {
      const out: Part[] = [];
      const walk = (p: Part) => {
        if (p.type.startsWith('multipart/') && p.children.length > 0) p.children.forEach(walk);
        else out.push(p);
      };
      walk(this.root);
      return out;
    });
  }

  /** Decoded text of a part (transfer encoding and charset undone, LF line ends). */
  textOf(part: Part): string {
    return partText(part);
  }

  /** The human-readable text: text/plain parts (html stripped when there is none), LF line ends. */
  get text(): string {
    return this.memo('text', () => {
      const readable = this.parts.filter((p) => p.type === 'text/plain' || p.type.startsWith('multipart/'));
      if (readable.length > 0) return readable.map(partText).join('\n');
      const html = this.parts.filter((p) => p.type === 'text/html');
      return html.map((p) => htmlToText(partText(p))).join('\n');
    });
  }

  /** The text lower-cased, computed once (decoders and the per-recipient context search share it). */
  get lowerText(): string {
    // For ASCII text toLowerCase() is asciiLower(), done natively in one pass.
    return this.memo('lower', () => (NON_ASCII.test(this.text) ? asciiLower(this.text) : this.text.toLowerCase()));
  }

  /** The delivery-status part(s) as text, or null when the message has none. */
  get deliveryStatus(): string | null {
    return this.memo('ds', () => {
      const ds = this.parts.filter((p) => DELIVERY_STATUS.has(p.type));
      return ds.length ? ds.map(partText).join('\n\n') : null;
    });
  }

  /**
   * The delivery-status part parsed (RFC 3464); else delivery-status fields quoted in the text;
   * else the report of a DSN that came wrapped as an attached message; or null.
   */
  get dsn(): DsnReport | null {
    return this.memo('dsn', () => {
      const own = this.deliveryStatus !== null ? parseDeliveryStatus(this.deliveryStatus) : dsnInText(this.text);
      if (own?.recipients.length) return own;
      return this.wrappedReport?.dsn ?? own;
    });
  }

  /**
   * A DSN that a gateway (a virus or spam scanner, a forwarding rule) passed on as an attached
   * message instead of itself: multipart/mixed holding message/rfc822 holding multipart/report.
   * Its report and its returned original are the ones that count. Null otherwise.
   */
  get wrappedReport(): Mail | null {
    return this.memo('wrapped', () => {
      if (this.deliveryStatus !== null) return null;
      const att = this.attachedOriginal;
      const type = (att?.params['report-type'] ?? '').toLowerCase();
      return att && att.type === 'multipart/report' && type.endsWith('delivery-status') ? new Mail(att) : null;
    });
  }

  /** The message/feedback-report part as text, or null. */
  get feedbackReport(): string | null {
    return this.memo('fr', () => {
      const p = this.parts.find((x) => x.type === 'message/feedback-report');
      return p ? partText(p) : null;
    });
  }

  /** The returned original message as attached (message/rfc822 ...), or null. */
  get attachedOriginal(): Part | null {
    return this.memo('att', () => {
      const p = this.parts.find((x) => ATTACHED_MESSAGE.has(x.type));
      return p?.children[0] ?? null;
    });
  }

  /**
   * Headers of the returned original: an attached message, attached headers, or a header block
   * quoted in the text after one of the usual markers. Empty when none is found.
   */
  get originalHeaders(): Header[] {
    return this.memo('oh', () => {
      const wrapped = this.wrappedReport;
      if (wrapped && wrapped.originalHeaders.length) return wrapped.originalHeaders;
      const att = this.attachedOriginal;
      if (att && att.headers.length) return att.headers;
      const hp = this.parts.find((x) => ATTACHED_HEADERS.has(x.type));
      if (hp) return readHeaders(partText(hp).replace(/^\n+/, ''), 0).headers;
      // A later text part that is the original pasted without a type: its own part headers are
      // the original's (Received:, From:, Subject: ...), or its text starts with them.
      const isMessage = (hs: Header[]) => hs.filter((h) => MESSAGE_HEADERS.has(h.name)).length >= 2;
      for (const p of this.parts.slice(1)) {
        if (p.type !== 'text/plain') continue;
        if (isMessage(p.headers)) return p.headers;
        const headers = readHeaders(partText(p).replace(/^\n+/, ''), 0).headers;
        if (isMessage(headers)) return headers;
      }
      return quotedHeaders(this.text);
    });
  }

  /** A header of the returned original (first value), or undefined. */
  originalHeader(name: string): string | undefined {
    return first(this.originalHeaders, name.toLowerCase());
  }

  private memo<T>(key: string, make: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = make();
    this.cache.set(key, v);
    return v;
  }
}

/** The header block quoted after a marker line in free text (indentation and "> " removed). */
export function quotedHeaders(text: string): Header[] {
  const lower = text.toLowerCase();
  let best = -1;
  for (const m of ORIGINAL_MARKERS) {
    const at = lower.indexOf(m);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  if (best === -1) return [];
  // Up to 200 lines after the marker: find the first header line and read the block from there.
  const lines = text.slice(text.indexOf('\n', best) + 1).split('\n', 200).map((l) => l.replace(/^(?:> ?|[ \t]+)/, ''));
  const startAt = lines.findIndex((l) => /^[A-Za-z][A-Za-z0-9-]{0,40}:/.test(l) && !/^[A-Za-z]+:\/\//.test(l));
  if (startAt === -1) return [];
  const headers = readHeaders(lines.slice(startAt).join('\n'), 0).headers;
  // Only a block that looks like a message's header (not delivery-status fields) counts.
  return headers.some((h) => MESSAGE_HEADERS.has(h.name)) ? headers : [];
}

/** The first thing that looks like an e-mail address in a header value, lower-case. */
export function addressIn(value: string): string | undefined {
  const angle = /<([^<>\s@]{1,200}@[^<>\s@]{1,255})>/.exec(value);
  const m = angle ?? /([^<>\s@"(),;:]{1,200}@[A-Za-z0-9.-]{1,255}[A-Za-z0-9])/.exec(value);
  return m ? normalAddress(m[1]) : undefined;
}
