import type { Decision } from '../../ledger/index.js';
import type { Preset, Write } from '../../crm/types.js';
import { counterShape } from './counter.js';
import { insertShape } from './insert.js';
import { setShape } from './set.js';
import type { Shape } from './types.js';

// The registry: a preset's writes as shapes, one per table written. A write listed under two
// decisions (Odoo's counter: hard and soft) is one shape serving both.

export function shapesOf(p: Preset): Shape[] {
  const decisions = new Map<Write, Decision[]>();
  const add = (ws: Write[] | undefined, d: Decision) => { for (const w of ws ?? []) decisions.set(w, [...(decisions.get(w) ?? []), d]); };
  add(p.hard, 'flag');
  add(p.soft, 'soft');
  add(p.optOut, 'optout');
  const shapes: Shape[] = [];
  for (const [w, ds] of decisions) {
    const types = p.records.filter((r) => !w.records || w.records.includes(r.name));
    if (w.shape === 'insert') { shapes.push(insertShape(w, ds, types.map((r) => r.name))); continue; }
    if (w.shape === 'set' && w.on === 'address') {
      const a = p.addresses!;
      shapes.push(setShape(w, { table: a.table, key: a.key, alive: a.alive }, ds, (h) => h.arow));
      continue;
    }
    for (const rt of types) {
      const t = { table: rt.table, key: rt.key, alive: rt.alive };
      const pick = (h: { type: string; rec: string | number }) => (h.type === rt.name ? h.rec : null);
      shapes.push(w.shape === 'counter' ? counterShape(w.column, t, ds, pick) : setShape(w, t, ds, pick));
    }
  }
  return shapes;
}

export type { Shape } from './types.js';
