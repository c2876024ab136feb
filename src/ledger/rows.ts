import type { Kind } from '../core/types.js';
import type { Decision, LedgerEvent, MatchBy, PendingEvent, WriteState } from './index.js';

// How ledger rows look in SQL and in TypeScript.

// Dates survive the round trip through JSON as {"$date": iso}, so undo writes a date, not a string.
export function encode(values: Record<string, unknown>): string {
  // Column values are flat (text, numbers, dates): map the dates and stringify without a
  // replacer, which is called for every key and was a visible share of a write batch's time.
  const flat: Record<string, unknown> = {};
  for (const k of Object.keys(values)) {
    const v = values[k];
    if (v instanceof Date) flat[k] = { $date: v.toISOString() };
    else if (v === null || typeof v !== 'object') flat[k] = v;
    else return encodeDeep(values);
  }
  return JSON.stringify(flat);
}

function encodeDeep(values: Record<string, unknown>): string {
  return JSON.stringify(values, function (this: Record<string, unknown>, k) {
    const raw = this[k];
    return raw instanceof Date ? { $date: raw.toISOString() } : (this[k] as unknown);
  });
}

export function decode(text: string): Record<string, unknown> {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && typeof v.$date === 'string' ? new Date(v.$date) : v));
}

export function fromRow(r: Record<string, unknown>): LedgerEvent {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: Number(r.id), eventKey: String(r.event_key), runId: String(r.run_id), source: String(r.source), sourceId: String(r.source_id),
    receivedAt: new Date(String(r.received_at)), day: String(r.day), kind: r.kind as Kind, address: String(r.address),
    rowKey: s(r.row_key), matchBy: r.match_by as MatchBy, matchStrength: r.match_strength as LedgerEvent['matchStrength'],
    matchNote: s(r.match_note), reason: s(r.reason), status: s(r.status), replyCode: s(r.reply_code), diagnostic: s(r.diagnostic),
    rule: s(r.rule), decodedBy: s(r.decoded_by), decision: r.decision as Decision, why: String(r.why),
    softCounted: Boolean(r.soft_counted), softCount: r.soft_count == null ? null : Number(r.soft_count),
    fingerprint: s(r.fingerprint), state: r.state as WriteState, note: s(r.note), writtenRun: s(r.written_run),
  };
}

export function fromPendingRow(r: Record<string, unknown>): PendingEvent {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: Number(r.id), runId: String(r.run_id), rowKey: s(r.row_key), address: String(r.address), receivedAt: new Date(String(r.received_at)),
    reason: s(r.reason), status: s(r.status), decision: r.decision as Decision,
    softCounted: Boolean(r.soft_counted), softCount: r.soft_count == null ? null : Number(r.soft_count), fingerprint: s(r.fingerprint),
  };
}
