// What a CRM preset says about an app's tables, as data: where records and their addresses are,
// which rows the app itself would not mail, and what it writes on a hard bounce and on an opt-out.
// The shapes in src/store/shapes/ turn these writes into exact, undoable changes.

export type Scalar = string | number | boolean | null;

/** Column conditions ANDed: `column = value`, `column <> value` with { not: value }, `column IN (...)` with { in: [...] }. */
export type Cond = Record<string, Scalar | { not: Scalar } | { in: Scalar[] }>;

/** How the app stores the column it looks addresses up by: upper-cased, lower-cased, or as typed (a case-insensitive collation compares). */
export type Fold = 'upper' | 'lower' | 'none';

/** A value a write sets: a constant, or a fact of the bounce. */
export type Value = Scalar | { event: 'at' | 'reason' | 'status' | 'note' } | { holder: 'record' | 'address' };

/** A kind of record the app mails (contacts, leads, ...). `name` is the app's own name for it (the link table's type value where there is one). */
export interface RecordType {
  name: string;
  table: string;
  key: string;
  /** Rows the app treats as there (soft delete, archived): every read of this table adds it. */
  alive: Cond;
  /** The app would not mail the record when any of these holds (read by `send`). */
  skip?: Cond[];
  /** The address on the record itself (Mautic, Odoo, vtiger, Dolibarr); absent: through the address table. */
  address?: { column: string; fold: Fold };
  /** A table that must hold a live row for the record too (vtiger's crmentity), joined on the key. */
  entity?: { table: string; key: string; alive: Cond };
  /** The table exists only when an optional module is installed (Odoo's crm_lead): missing, it is left out. */
  optional?: boolean;
  /** false: rows the app mails from elsewhere (Dolibarr's per-mailing targets): written, never read by `send`. */
  send?: false;
}

/** A table of address rows shared by records (SuiteCRM, EspoCRM) or owned by one (CiviCRM). */
export interface AddressTable {
  table: string;
  key: string;
  /** The address as typed. */
  column: string;
  /** The column the app looks addresses up by, and how it folds them. */
  lookup: { column: string; fold: Fold };
  alive: Cond;
  skip?: Cond[];
  /** A link table between records and addresses (type: the column naming the record type). */
  link?: { table: string; address: string; record: string; type: string; alive: Cond; primary?: Cond };
  /** No link table: this column holds the record's key (CiviCRM's contact_id). */
  owner?: string;
  /** Among several addresses of a record, the one mail goes to. */
  primary?: Cond;
}

export type Write =
  /**
   * Set columns on the address rows or the records that hold the address. keep: set only while
   * NULL. touch: a date set to the bounce's time whenever another column changes. only: rows
   * outside it are left alone (CiviCRM's opt-out hold is not turned into a bounce hold).
   */
  | { shape: 'set'; on: 'address' | 'record'; set: Record<string, Value>; keep?: string[]; touch?: string; only?: Cond; records?: string[] }
  /**
   * Insert one row per record (owner = its key) or per address (owner = the address as the app
   * folds it), unless a row for that owner and `same` exists already (rows matching `ignore` do
   * not count): never a duplicate, never over a row a person made. stops: the rows that keep
   * `send` from mailing the owner (default: every row that counts).
   */
  | { shape: 'insert'; table: string; key: string; per: 'record' | 'address'; owner: string; fold?: Fold; same: Cond; ignore?: Cond; stops?: Cond; values: Record<string, Value>; records?: string[] }
  /** An absolute count of the bounces the ledger holds for the record, on top of the value before the agent first counted. */
  | { shape: 'counter'; column: string; records?: string[] };

export interface Preset {
  name: string;
  /** The app and versions the preset was written for. */
  app: string;
  engines: ('mysql' | 'postgres')[];
  /** Table prefix the app lets an install choose; `crm: { prefix }` overrides it. */
  prefix?: string;
  records: RecordType[];
  addresses?: AddressTable;
  /** Written for a hard bounce (decision flag), a counted soft bounce, and a complaint. */
  hard: Write[];
  soft?: Write[];
  optOut: Write[];
  /** Columns whose presence says which version of the app made the tables. */
  versions?: { table: string; column: string; present: string; absent: string }[];
  /** Choices the preset makes where it does not copy the app; printed by `check`, stated in docs/writing-flags.md. */
  choices: string[];
}
