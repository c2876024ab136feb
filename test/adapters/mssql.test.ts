import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.js';
import type { Change } from '../../src/ledger/index.js';
import { createIndexSql } from '../../src/ledger/indexes.js';
import { lockQuery, updateQuery } from '../../src/store/write.js';
import { collationQuery, expressionQuery } from '../../src/store/lookup.js';
import type { Mapping } from '../../src/store/mapping.js';

// The tests have no SQL Server, so this checks the SQL and bindings knex's mssql client generates
// for our statements (a check of generated text, not of a live server; docs/limitations.md says so).

const db = knexFactory({ client: 'mssql', connection: { server: 'never-connected.invalid', user: 'x', password: 'x' } });
afterAll(async () => { await db.destroy(); });

const mapping: Mapping = {
  ref: { schema: 'crm', table: 'Contact List' }, table: 'crm.Contact List', key: 'Id', email: 'E Mail', lookup: { by: 'collation', pad: true },
  where: { sql: 'list_id = :list', params: { list: 3 } },
  roles: { hard: { column: 'Bounced', family: 'number', value: 1 }, reason: { column: 'Order', family: 'text' } },
  statement: null,
};
const change = (key: number, reason: string): Change => ({ runId: 'r', rowKey: String(key), eventIds: [key], old: { Bounced: 0, Order: null }, new: { __key: key, Bounced: 1, Order: reason } });

describe('SQL Server: generated SQL and bindings', () => {
  it('locks the batch rows with UPDLOCK, schema-qualified and bracket-quoted, parameters only', () => {
    const q = lockQuery(db, mapping, ['1', '2'], true).toSQL().toNative();
    expect(q.sql).toBe('select [Id], [E Mail], [Bounced], [Order] from [crm].[Contact List] with (UPDLOCK) where [Id] in (@p0, @p1) and (list_id = @p2\n) order by [Id] asc');
    expect(q.bindings).toEqual(['1', '2', 3]);
  });

  it('writes a batch as one UPDATE of CASE expressions, keys grouped by value, values bound, never pasted', () => {
    const q = updateQuery(db, mapping, [change(1, "userunknown'; drop table x--"), change(2, 'hostunknown')]).toSQL().toNative();
    // Bounced: every row gets 1, so it is set plainly; Order differs per row: CASE.
    expect(q.sql).toMatch(/^update \[crm\]\.\[Contact List\] set \[Bounced\] = @p0, \[Order\] = CASE WHEN \[Id\] IN \(@p1\) THEN @p2 WHEN \[Id\] IN \(@p3\) THEN @p4 ELSE \[Order\] END where \[Id\] in \(@p5, @p6\)/);
    expect(q.sql).not.toContain('drop table');
    expect(q.bindings).toEqual([1, 1, "userunknown'; drop table x--", 2, 'hostunknown', 1, 2]);
    // A column only some rows change keeps a CASE with the others' own value.
    const partial = updateQuery(db, mapping, [change(1, 'x'), { ...change(2, 'x'), old: { Order: null }, new: { __key: 2, Order: 'x' } }]).toSQL().toNative();
    expect(partial.sql).toMatch(/set \[Bounced\] = CASE WHEN \[Id\] IN \(@p0\) THEN @p1 ELSE \[Bounced\] END, \[Order\] = @p2 where \[Id\] in \(@p3, @p4\)/);
  });

  it('keeps a full batch under the 2,100-parameter limit', async () => {
    const a = await adapters.mssql();
    const roles = 6;
    const perBatch = Math.floor(a.caps.maxParams / (2 * roles + 2));
    const changes = Array.from({ length: perBatch }, (_, i) => ({ ...change(i, 'userunknown'), old: { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 }, new: { __key: i, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 } }));
    const q = updateQuery(db, mapping, changes).toSQL().toNative();
    expect(q.bindings.length).toBeLessThanOrEqual(2100);
    expect(a.retryable({ number: 1205 })).toBe(true);
    expect(a.retryable({ number: 2627 })).toBe(false);
  });

  it('adds a missing ledger index with a plain CREATE INDEX, bracket-quoted; a refused right is told apart from other errors', async () => {
    expect(createIndexSql(db, 'bs_events', ['fingerprint', 'received_at'])).toBe('create index [bs_events_fingerprint_received_at_index] on [bs_events] ([fingerprint], [received_at])');
    expect(createIndexSql(db, 'bs_changes', ['row_key'])).toBe('create index [bs_changes_row_key_index] on [bs_changes] ([row_key])');
    const a = await adapters.mssql();
    // 1088: CREATE INDEX without ALTER on the table; 262: CREATE ... permission denied in the database.
    expect([1088, 262, 229].map((number) => a.denied({ number }))).toEqual([true, true, true]);
    expect(a.denied({ number: 1913 })).toBe(false); // an index of that name already exists
  });

  it('address lookup: a _CI_ collation asks with plain IN (and LIKE \' %\' for leading spaces), which an index on the column can seek', async () => {
    const a = await adapters.mssql();
    const q = collationQuery(db, mapping, ['ann@x.test', 'bob@x.test'], true).toSQL().toNative();
    expect(q.sql).toBe('select [Id], [E Mail] as bs_email from [crm].[Contact List] where ([E Mail] in (@p0, @p1) or [E Mail] like @p2) and (list_id = @p3\n) order by [Id] asc');
    expect(q.bindings).toEqual(['ann@x.test', 'bob@x.test', ' %', 3]);
    const e = expressionQuery(db, mapping, ['ann@x.test']).toSQL().toNative();
    expect(e.sql).toBe('select [Id], [E Mail] as bs_email from [crm].[Contact List] where LOWER(TRIM([E Mail])) in (@p0) and (list_id = @p1\n) order by [Id] asc');
    // The collation as the catalog names it decides; SQL Server's = always ignores trailing spaces.
    expect(await a.caseless(db, 'SQL_Latin1_General_CP1_CI_AS')).toEqual({ pad: true });
    expect(await a.caseless(db, 'Latin1_General_100_CI_AS_SC_UTF8')).toEqual({ pad: true });
    expect(await a.caseless(db, 'Latin1_General_CS_AS')).toBeNull();
    expect(await a.caseless(db, 'Latin1_General_BIN2')).toBeNull();
    expect(await a.caseless(db, 'Turkish_CI_AS')).toBeNull();
    expect(await a.caseless(db, null)).toBeNull();
  });
});
