// How a value read from the customer's table compares with one the agent wrote or would write:
// the plan (what changes), undo (what is still as a run left it) and the settling of changes a
// killed run left prepared all ask it the same way.

/** Compares database values with ours: 1 = true, dates by instant, numbers by value. */
export function same(a: unknown, b: unknown): boolean {
  // Drivers read a DATE as local midnight; we write the day as 'YYYY-MM-DD'.
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  if (a instanceof Date && typeof b === 'string' && /^\d{4}-\d\d-\d\d$/.test(b)) return day(a) === b;
  if (b instanceof Date && typeof a === 'string' && /^\d{4}-\d\d-\d\d$/.test(a)) return day(b) === a;
  const norm = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return String(Math.floor(v.getTime() / 1000));
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (Buffer.isBuffer(v)) return String(v.length === 1 ? v[0] : v.toString('hex'));
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(v)) {
      const t = Date.parse(v.includes('T') || v.endsWith('Z') ? v : v.replace(' ', 'T') + 'Z');
      if (!Number.isNaN(t)) return String(Math.floor(t / 1000));
    }
    return String(v);
  };
  return norm(a) === norm(b);
}
