import type { PendingEvent } from '../../ledger/index.js';
import type { Value } from '../../crm/types.js';
import type { Holder } from './holders.js';
import { utcText } from './sql.js';

/** A preset's value for one event and holder: constants as they are, the bounce's facts as text. */
export function valueOf(v: Value, e: PendingEvent, h?: { record: unknown; address: unknown }): unknown {
  if (v === null || typeof v !== 'object') return v;
  if ('holder' in v) return v.holder === 'record' ? h?.record : h?.address;
  if (v.event === 'at') return utcText(e.receivedAt);
  if (v.event === 'reason') return e.reason;
  if (v.event === 'status') return e.status;
  return note(e);
}

/** What a comment column gets: why the row is there. */
export function note(e: PendingEvent): string {
  const what = e.decision === 'optout' ? 'complaint (feedback report)' : `${e.decision === 'soft' ? 'soft' : 'hard'} bounce`;
  return `bouncesync: ${what}${e.reason ? `: ${e.reason}` : ''}${e.status ? ` ${e.status}` : ''}`;
}

export type { Holder };
