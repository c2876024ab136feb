// One check for every decoder table (fixtures, mail servers, providers): a fixture's row says what the
// decoder must find, in order; fields a row leaves out are not checked.
import { expect } from 'vitest';
import type { Decoded } from '../../src/core/types.js';

export interface FixtureRow {
  file: string;
  kind: string;
  recipients: Record<string, unknown>[];
  originalMessageId?: string | null;
  token?: string | null;
}

export function expectRow(got: Decoded, row: FixtureRow): void {
  expect(got.error).toBeUndefined();
  expect(got.kind).toBe(row.kind);
  expect(got.recipients.map((r) => r.address)).toEqual(row.recipients.map((r) => r.address));
  row.recipients.forEach((want, i) => expect(got.recipients[i]).toMatchObject(want));
  if (row.originalMessageId !== undefined) expect(got.originalMessageId).toBe(row.originalMessageId);
  if (row.token !== undefined) expect(got.token).toBe(row.token);
}
