import { parseArgs } from 'node:util';
import { show } from '../show.js';
import { closeAgent, mappingOf, openConfigured } from '../../flow/flow.js';
import { checkSources, sourcesFromConfig } from '../../sources/index.js';
import { checkUpdateRight, checkWhere, from, restrict, type Mapping } from '../../store/mapping.js';
import { targetValues } from '../../store/write.js';
import type { PendingEvent } from '../../ledger/index.js';
import { checkCrm } from '../crm-check.js';

/** bouncesync check [--config FILE]: the sources, catalog, rights, a sample row and what a flag would set. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  const agent = await openConfigured(values.config, { dryRun: true }); // check changes nothing, not even a new ledger
  try {
    // First, so a database that fails below does not hide them; a failing source makes the exit 1.
    const sources = await checkSources(await sourcesFromConfig(agent.config, { ledger: null, log: agent.log }));
    process.stdout.write(sources.lines.map((l) => `${l}\n`).join(''));
    const done = sources.ok ? 0 : 1;
    // crm: what the preset maps, every table and column verified, the version the columns suggest.
    if (agent.config.crm) return await checkCrm(agent, done);
    const m = await mappingOf(agent);
    const { db, adapter } = agent.database;
    const roles = Object.entries(m.roles).map(([role, r]) => `${role} → "${r.column}" (${r.family})`);
    process.stdout.write(`database: ${adapter.name}; table "${m.table}"; key "${m.key}"; email "${m.email}"\nmapped: ${roles.join(', ') || '(statement)'}\n`);
    await checkUpdateRight(db, m);
    process.stdout.write('UPDATE right on the mapped columns: yes (checked with an UPDATE that matches no row, rolled back)\n');
    if (agent.config.policy.match === 'address') process.stdout.write(`address matching: ${lookupWords(m)}\n`);
    // recipients.where was run by the mapping's own check (LIMIT 0); each campaign's here.
    if (m.where) process.stdout.write('recipients.where: accepted by the database\n');
    for (const [name, c] of Object.entries(agent.config.campaigns)) {
      if (!c.where) continue;
      await checkWhere(db, m, { sql: c.where, params: c.params }, `campaigns.${name}.where`);
      process.stdout.write(`campaigns.${name}.where: accepted by the database\n`);
    }
    const row = await restrict(from(db, m).first('*'), m);
    if (!row) {
      process.stdout.write('no row matches recipients.where yet: nothing to show\n');
      return done;
    }
    const example = { decision: 'flag', reason: 'userunknown', status: '5.1.1', receivedAt: new Date(), softCounted: false, softCount: null } as unknown as PendingEvent;
    const set = targetValues([example], m, adapter.caps.datesAsText);
    process.stdout.write(`sample row ${show(row[m.key])}:\n`);
    for (const [col, value] of Object.entries(set)) process.stdout.write(`  ${col}: ${show(row[col])} → ${show(value)}\n`);
    process.stdout.write(done ? 'a source failed: see above\n' : 'ok\n');
    return done;
  } finally {
    await closeAgent(agent);
  }
}

/** How address matching will find rows, so a large table's cost is known before the first run. */
function lookupWords(m: Mapping): string {
  if (m.lookup.by === 'collation') {
    return `the email column's collation ignores letter case: rows are found through an ordinary index on "${m.email}"${m.lookup.pad ? '' : ' (by prefix: trailing spaces count in it)'}`;
  }
  return `"${m.email}" compares letter case: rows are found through an ordinary index on it by the address as spelled and lowercased; `
    + `others by LOWER(TRIM("${m.email}")), which reads the whole table unless it has an index on lower(trim(${m.email}))`;
}
