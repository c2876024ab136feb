// A light, tolerant MIME reader: only what decoding returned mail needs.
//
// Why not mailparser: a full simpleParser per message is several times too slow for the
// throughput target, and it builds things we never read (HTML, attachments as streams).
// Here the raw bytes become one "binary" string (latin1: one char per byte, lossless), line
// ends are normalised once (CRLF and CR-only become LF), and parts are cut with indexOf, not
// regexes. Bodies are decoded (transfer encoding, then charset) only when somebody asks.
//
// Hostile input: depth and part-count limits, header lines capped, no regex that can backtrack.
import { isUtf8 } from 'node:buffer';
import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset.js';

export interface Limits {
  maxDepth: number;   // nesting of multiparts and attached messages
  maxParts: number;   // parts in one message, all levels together
}
export const DEFAULT_LIMITS: Limits = { maxDepth: 16, maxParts: 256 };

/** Longest header name we accept, and longest header value we keep (longer is cut, not scanned). */
const MAX_NAME = 76;
const MAX_VALUE = 16_384;

export interface Header {
  name: string;   // lower-case
  value: string;  // unfolded, RFC 2047 words and 8-bit bytes decoded
}

export interface Part {
  headers: Header[];
  type: string;                    // lower-case "text/plain"; "text/plain" when absent
  params: Record<string, string>;  // Content-Type parameters, names lower-case
  body: string;                    // undecoded body as a binary string, LF line ends
  children: Part[];                // parts of a multipart, or the one message inside message/rfc822
  depth: number;
  limited?: boolean;               // a depth or part limit cut this part short
  decoded?: string;                // cache for partText()
}

/** CRLF and CR-only line ends become LF. Works on binary strings and decoded text alike. */
export function normaliseLineEnds(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

/** Parse a whole message. Never throws on bad input; limits mark parts `limited`. */
export function parseMessage(raw: Buffer | string, limits: Limits = DEFAULT_LIMITS): Part {
  const text = normaliseLineEnds(typeof raw === 'string' ? raw : raw.toString('latin1'));
  return parseEntity(text, 0, limits, { parts: 0 });
}

function parseEntity(text: string, depth: number, limits: Limits, budget: { parts: number }): Part {
  const { headers, bodyStart } = readHeaders(text, 0);
  const ct = parseContentType(first(headers, 'content-type'));
  const part: Part = { headers, type: ct.type, params: ct.params, body: text.slice(bodyStart), children: [], depth };
  budget.parts++;
  const isMultipart = part.type.startsWith('multipart/');
  const isMessage = part.type === 'message/rfc822' || part.type === 'message/global';
  if (!isMultipart && !isMessage) return part;
  if (depth >= limits.maxDepth || budget.parts >= limits.maxParts) {
    part.limited = true;
    return part;
  }
  if (isMessage) {
    // The attached original may itself be base64 (rare, but seen from some gateways).
    const inner = transferDecode(part).toString('latin1');
    part.children.push(parseEntity(normaliseLineEnds(inner), depth + 1, limits, budget));
    return part;
  }
  const boundary = part.params.boundary;
  if (!boundary) return part;
  for (const chunk of splitMultipart(part.body, boundary)) {
    if (budget.parts >= limits.maxParts) {
      part.limited = true;
      break;
    }
    part.children.push(parseEntity(chunk, depth + 1, limits, budget));
  }
  return part;
}

/**
 * The bodies between boundary lines. Tolerates a missing final boundary (the last part runs to
 * the end) and trailing junk after the boundary on its line.
 */
export function splitMultipart(body: string, boundary: string): string[] {
  const delim = '--' + boundary;
  const out: string[] = [];
  let start = -1; // where the current part's content begins
  let pos = 0;
  for (;;) {
    const at = body.indexOf(delim, pos);
    if (at === -1) break;
    if (at > 0 && body.charCodeAt(at - 1) !== 10) { pos = at + delim.length; continue; }
    const lineEnd = body.indexOf('\n', at);
    const closing = body.startsWith('--', at + delim.length);
    if (start !== -1) out.push(body.slice(start, at > start ? at - 1 : start));
    if (closing) return out;
    start = lineEnd === -1 ? body.length : lineEnd + 1;
    pos = start;
  }
  if (start !== -1 && start < body.length) out.push(body.slice(start));
  return out;
}

/** Read a header block starting at `from`. Stops at a blank line or at the first line that is not a header. */
export function readHeaders(text: string, from: number, decode = true): { headers: Header[]; bodyStart: number } {
  const raw: Array<[string, string]> = [];
  let pos = from;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const line = text.slice(pos, nl);
    if (line.length === 0) { pos = nl + 1; break; }
    const c = line.charCodeAt(0);
    if ((c === 32 || c === 9) && raw.length > 0) {
      const last = raw[raw.length - 1];
      if (last[1].length < MAX_VALUE) last[1] += ' ' + line.trim();
    } else {
      const colon = headerColon(line);
      if (colon > 0) raw.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1, colon + 1 + MAX_VALUE).trim()]);
      else if (raw.length === 0 && line.startsWith('From ')) { /* mbox "From " line: skipped */ }
      else if (raw.length > 0 && nextIsHeader(text, nl + 1)) {
        // A continuation line that lost its indentation ("by mx.example.jp (Postfix) ..." under
        // Received:), with headers going on after it: kept as a continuation, not the body.
        const last = raw[raw.length - 1];
        if (last[1].length < MAX_VALUE) last[1] += ' ' + line.trim();
      } else break; // anything else ends the headers
    }
    pos = nl + 1;
  }
  return { headers: raw.map(([name, value]) => (decode ? new LazyHeader(name, value) : { name, value })), bodyStart: Math.min(pos, text.length) };
}

/**
 * A header whose value is decoded (decodeHeaderValue) when first read: most headers of a returned
 * message (Received ..., the original's) are never read, and decoding them all was a tenth of the
 * time spent reading a message. decodeHeaderValue never throws, so when it runs changes nothing.
 */
class LazyHeader implements Header {
  private decoded: string | undefined = undefined;
  constructor(readonly name: string, private readonly raw: string) {}
  get value(): string {
    if (this.decoded === undefined) this.decoded = decodeHeaderValue(this.raw);
    return this.decoded;
  }
}

/** One of the next three lines from `pos` is a header line, with no blank line before it. */
function nextIsHeader(text: string, pos: number): boolean {
  for (let k = 0; k < 3 && pos < text.length; k++) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl === -1 ? Math.min(text.length, pos + 200) : Math.min(nl, pos + 200));
    if (line.trim() === '') return false;
    if (headerColon(line) > 0) return true;
    if (nl === -1) return false;
    pos = nl + 1;
  }
  return false;
}

/** Index of the colon that ends a header name, or -1 when the line is not a header. */
function headerColon(line: string): number {
  const n = Math.min(line.length, MAX_NAME + 1);
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 58) return i;
    if (c <= 32 && !(i > 0 && c === 32 && line.charCodeAt(i + 1) === 58)) return -1; // "Name :" is tolerated
    if (c > 126) return -1;
  }
  return -1;
}

/** Raw ISO-2022-JP; 8-bit bytes: UTF-8 when they form UTF-8, else latin1. Then RFC 2047 encoded words. */
export function decodeHeaderValue(value: string): string {
  if (!PLAIN_OR_NOT.test(value)) return value; // no escape, no 8-bit byte, no encoded word: nothing to do
  let v = value;
  // Raw ISO-2022-JP (7-bit, with escape sequences), as Japanese mail systems write headers.
  if (v.includes('\x1b$B') || v.includes('\x1b$@')) {
    try { v = decodeCharset(Buffer.from(v, 'latin1'), 'iso-2022-jp'); } catch { /* keep it */ }
  } else if (hasHighBytes(v)) {
    const bytes = Buffer.from(v, 'latin1');
    if (isUtf8(bytes)) v = bytes.toString('utf8');
  }
  if (v.includes('=?')) {
    try { v = libmime.decodeWords(v); } catch { /* keep it as it came */ }
  }
  return v;
}

function hasHighBytes(s: string): boolean {
  return NON_ASCII.test(s); // one native scan, not a loop of charCodeAt over every header
}
const NON_ASCII = /[^\x00-\x7f]/;
// Anything decodeHeaderValue acts on: an escape (ISO-2022-JP), an 8-bit byte, "=?" (RFC 2047).
const PLAIN_OR_NOT = /[\x1b\x80-\uffff]|=\?/;

export function first(headers: Header[], name: string): string | undefined {
  for (const h of headers) if (h.name === name) return h.value;
  return undefined;
}

/** "text/plain; charset=utf-8; boundary=\"x\"" → type + lower-cased parameter names. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { type: 'text/plain', params };
  const pieces = splitParams(value);
  // The type is the first token; a parameter folded onto the next line without its ";"
  // ("text/plain\n   charset=iso-2022-jp") is still read as a parameter.
  const head = (pieces.shift() ?? '').trim();
  const space = head.search(/\s/);
  const type = (space === -1 ? head : head.slice(0, space)).toLowerCase();
  if (space !== -1) pieces.unshift(head.slice(space + 1));
  for (const p of pieces) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    let name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (name.endsWith('*')) { name = name.slice(0, -1); v = v.slice(v.lastIndexOf("'") + 1); } // RFC 2231, charset dropped
    if (!(name in params)) params[name] = v;
  }
  return { type: type.includes('/') ? type : 'text/plain', params };
}

/** Split on ";" outside quotes (pieces sliced out, not built a character at a time). */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 /* " */ && value.charCodeAt(i - 1) !== 92 /* \\ */) quoted = !quoted;
    else if (c === 59 /* ; */ && !quoted) { out.push(value.slice(start, i)); start = i + 1; }
  }
  out.push(value.slice(start));
  return out;
}

/** The body's bytes after Content-Transfer-Encoding. Unknown encodings pass through. */
export function transferDecode(part: Part): Buffer {
  const cte = (first(part.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body, 'base64'); // Node skips whitespace and junk
  if (cte === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

export function decodeQuotedPrintable(s: string): Buffer {
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61 /* = */) {
      if (s.charCodeAt(i + 1) === 10) { i += 1; continue; }  // soft line break
      const hex = hexByte(s.charCodeAt(i + 1), s.charCodeAt(i + 2));
      if (hex >= 0) { out[n++] = hex; i += 2; continue; }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function hexByte(a: number, b: number): number {
  const h = hexDigit(a), l = hexDigit(b);
  return h < 0 || l < 0 ? -1 : h * 16 + l;
}
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** The part's body as text: transfer-decoded, charset-decoded, LF line ends. Cached on the part. */
export function partText(part: Part): string {
  if (part.decoded !== undefined) return part.decoded;
  const bytes = transferDecode(part);
  const charset = (part.params.charset ?? '').trim().toLowerCase();
  let text: string;
  if (!charset || charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii' || charset === 'ascii') {
    // Undeclared or ASCII-declared 8-bit text is UTF-8 more often than not; latin1 otherwise.
    text = isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  } else {
    try { text = decodeCharset(bytes, charset); } catch { text = bytes.toString('latin1'); }
  }
  part.decoded = normaliseLineEnds(text);
  return part.decoded;
}
