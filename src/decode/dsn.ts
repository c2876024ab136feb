// RFC 3464 delivery status notifications: the machine-readable part of a standard bounce.
//
//   Reporting-MTA: dns; mx.example.net          ← per-message fields (first block)
//
//   Final-Recipient: rfc822; kijitora@example.jp ← one block per recipient
//   Action: failed
//   Status: 5.1.1
//   Diagnostic-Code: smtp; 550 5.1.1 <kijitora@example.jp>: User unknown
//
// Real DSNs forget the blank lines, fold the diagnostic over many lines, put an X.400 address in
// Final-Recipient, or say "Status: 5.0.0" with the real code only in the diagnostic. This parser
// takes each field as it comes and starts a new recipient whenever a recipient field repeats.
import { normalAddress } from '../core/address.js';
import type { Action, Failure } from '../core/types.js';
import { findReplyCode, pickStatus } from '../classify/status.js';
import { readHeaders } from './mime.js';
import { validAddress } from './recipients.js';

export interface DsnRecipient {
  finalRecipient?: string;
  originalRecipient?: string;
  actualRecipient?: string;   // X-Actual-Recipient
  action?: string;            // lower-case, as written
  status?: string;
  diagnostic?: string;        // the text after "smtp;"
  diagnosticType?: string;    // "smtp", "x-unix", "x-postfix" ... lower-case
  remoteMta?: string;
  fields: Record<string, string>;
}

export interface DsnReport {
  fields: Record<string, string>;  // per-message fields (Reporting-MTA, Arrival-Date, ...)
  recipients: DsnRecipient[];
}

const RECIPIENT_FIELDS = new Set(['final-recipient', 'original-recipient', 'x-actual-recipient']);

export function parseDeliveryStatus(text: string): DsnReport {
  const report: DsnReport = { fields: {}, recipients: [] };
  // Fields are header-like; each paragraph is read as one header block. A paragraph that names a
  // recipient is that recipient's block (whatever order its fields come in); a recipient field
  // that repeats inside one paragraph starts the next recipient (DSNs without blank lines).
  for (const block of text.split(/\n[ \t]*\n/)) {
    // Not RFC 2047-decoded: an address is reported as the DSN wrote it.
    const { headers } = readHeaders(block.replace(/^\n+/, ''), 0, false);
    if (!headers.some((h) => RECIPIENT_FIELDS.has(h.name))) {
      for (const { name, value } of headers) if (!(name in report.fields)) report.fields[name] = value;
      continue;
    }
    let cur: DsnRecipient = { fields: {} };
    report.recipients.push(cur);
    for (const { name, value } of headers) {
      if ((name === 'final-recipient' && cur.finalRecipient !== undefined) || (name === 'original-recipient' && cur.originalRecipient !== undefined && cur.finalRecipient !== undefined)) {
        cur = { fields: {} };
        report.recipients.push(cur);
      }
      if (!(name in cur.fields)) cur.fields[name] = value;
      if (name === 'final-recipient') cur.finalRecipient = typedAddress(value);
      else if (name === 'original-recipient') cur.originalRecipient = typedAddress(value);
      else if (name === 'x-actual-recipient') cur.actualRecipient = typedAddress(value);
      else if (name === 'action') cur.action = value.trim().toLowerCase().split(/[\s(;]/)[0];
      else if (name === 'status') cur.status = value.trim();
      else if (name === 'diagnostic-code') {
        cur.diagnostic = typed(value);
        const semi = value.indexOf(';');
        if (semi > 0 && semi < 20) cur.diagnosticType = value.slice(0, semi).trim().toLowerCase();
      }
      else if (name === 'remote-mta') cur.remoteMta = typed(value);
    }
  }
  return report;
}

/** "rfc822; kijitora@example.jp" → "kijitora@example.jp" (also strips <>, quotes, a source route). */
function typed(value: string): string {
  const semi = value.indexOf(';');
  const v = (semi !== -1 && semi < 20 ? value.slice(semi + 1) : value).trim();
  return v.replace(/^<([^<>]*)>$/, '$1').replace(/^'([^']*)'$/, '$1').replace(/^@[^:@\s]{1,255}:/, '').trim();
}

/** A recipient field's address: typed() and, when a comment or display name came along, the address alone. */
function typedAddress(value: string): string {
  const bare = typed(value);
  if (!/\s/.test(bare)) return bare;
  // "kijitora@example.jp (Kijitora Neko)" or "Neko <kijitora@example.jp>": the address alone.
  // A quoted local part with spaces ("\"neko nyaan\"@example.jp") stays whole.
  if (bare.startsWith('"')) return bare;
  const angle = /<([^<>\s]{1,320})>/.exec(bare);
  if (angle) return angle[1];
  return bare.split(/\s+/).find((t) => t.includes('@')) ?? bare;
}

/**
 * A delivery status quoted in plain text: a forwarded bounce ("> Final-Recipient: ..."), or a
 * multipart/report whose boundaries were lost. Read from the first per-message or per-recipient
 * field on, with quoting removed; null when the text has no Final-Recipient / Original-Recipient.
 */
export function dsnInText(text: string): DsnReport | null {
  const lower = text.toLowerCase();
  const fr = Math.min(...['final-recipient:', 'original-recipient:'].map((m) => { const i = lower.indexOf(m); return i === -1 ? Infinity : i; }));
  if (fr === Infinity) return null;
  const rm = lower.lastIndexOf('reporting-mta:', fr);
  const from = lower.lastIndexOf('\n', rm !== -1 && fr - rm < 2000 ? rm : fr) + 1;
  const lines = text.slice(from, from + 64 * 1024).split('\n').map((l) => l.replace(/^(?:>[ \t]?)+/, ''));
  const report = parseDeliveryStatus(lines.join('\n'));
  return report.recipients.length ? report : null;
}

/** An address we can report: something@domain. */
export function isAddress(s: string | undefined): s is string {
  if (!s) return false;
  const at = s.lastIndexOf('@');
  return at > 0 && at < s.length - 1 && !/\s/.test(s);
}

export function dsnAction(action: string | undefined, status: string | undefined): Action {
  switch (action) {
    case 'delayed': return 'delayed';
    case 'delivered': case 'relayed': case 'expanded': return action;
    case 'failed': return 'failed';
    default:
      // No or odd Action: the status class decides (4 = delayed, 2 = delivered).
      if (status?.startsWith('4')) return 'delayed';
      if (status?.startsWith('2')) return 'delivered';
      return 'failed';
  }
}

/** The DSN's recipients as Failures (all actions; the pipeline decides what counts). */
export function dsnFailures(report: DsnReport, decodedBy = 'dsn'): Failure[] {
  const out: Failure[] = [];
  for (const r of report.recipients) {
    // The address as it was sent first: Original-Recipient is the recipient the sender gave
    // (RFC 3464 §2.3.1), the one the sender's table holds; Final-Recipient is where the receiving
    // side took it after aliases and forwarding ("userx@example.ch" delivered as
    // "HAASM@host.example.ch"). Then Final-Recipient, then X-Actual-Recipient; a dotless domain
    // ("kijitora@server", a gateway's internal name) or any other invalid one is passed over.
    const address = [r.originalRecipient, r.finalRecipient, r.actualRecipient].find(validAddress);
    if (!address) continue;
    const diagnostic = r.diagnostic ? r.diagnostic.replace(/\s+/g, ' ').trim() : undefined;
    const status = pickStatus(r.status, diagnostic);
    const replyCode = findReplyCode(diagnostic);
    out.push({
      address: normalAddress(address),
      action: dsnAction(r.action, status),
      ...(status ? { status } : {}),
      ...(replyCode ? { replyCode } : {}),
      ...(diagnostic ? { diagnostic } : {}),
      ...(r.remoteMta ? { remoteMta: r.remoteMta } : {}),
      ...(r.diagnosticType ? { diagnosticType: r.diagnosticType } : {}),
      decodedBy,
    });
  }
  return out;
}
