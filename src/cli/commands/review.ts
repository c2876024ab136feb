import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { show } from '../show.js';
import { BounceError, isBounceError } from '../../core/errors.js';
import type { LedgerEvent } from '../../ledger/index.js';
import { approveHeld, dismissHeld, eventById, groupHeld, heldEvents, type HeldGroup } from '../../ledger/review.js';
import { closeAgent, mappingOf, writePendingOf, type Agent, openConfigured } from '../../flow/flow.js';
import { refusal } from '../../policy/approve.js';
import { crmWriteBack } from '../../flow/crm.js';
import type { RowChangeView } from '../../store/write.js';

/**
 * bouncesync review [--json]: the events held for review (the burst rule, a bad token, a bounce
 * for another address than the one sent to, ...), grouped by why, each group with an id to act on.
 * bouncesync review --approve GROUP | --approve-event ID [--dry-run]: those events become hard
 * flags pending write-back; the next write-back (`run --once`, or the running agent's next pass)
 * writes them, in its run, so `undo --run` of that run takes them back. Approving does not write
 * the customer's table itself: every write goes through the one write-back, with its locks,
 * batches and undo record, as it does for any other pending flag.
 * bouncesync review --dismiss GROUP | --dismiss-event ID [--dry-run]: those events are ignored.
 * A wrong id or a refused approval: a coded message on stderr, exit 2, nothing changed.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    config: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' },
    approve: { type: 'string', multiple: true }, 'approve-event': { type: 'string', multiple: true },
    dismiss: { type: 'string', multiple: true }, 'dismiss-event': { type: 'string', multiple: true },
  } });
  const approving = !!(values.approve?.length || values['approve-event']?.length);
  const dismissing = !!(values.dismiss?.length || values['dismiss-event']?.length);
  if (approving && dismissing) return usage('approve and dismiss in separate calls.');
  if (values['dry-run'] && !approving && !dismissing) return usage('--dry-run goes with --approve or --dismiss.');
  // Opened like a dry run: a ledger that is not there yet is not created (nothing is held in it).
  // Approving and dismissing still write to an existing ledger.
  const agent = await openConfigured(values.config, { dryRun: true });
  try {
    if (!approving && !dismissing) return await list(agent, values.json ?? false);
    const action = approving ? 'approve' : 'dismiss';
    const targets = await resolve(agent, approving ? values.approve ?? [] : values.dismiss ?? [], approving ? values['approve-event'] ?? [] : values['dismiss-event'] ?? [], action);
    if (approving) return await approve(agent, targets, values['dry-run'] ?? false, values.json ?? false);
    return await dismiss(agent, targets, values['dry-run'] ?? false, values.json ?? false);
  } catch (e) {
    // The request named something that is not there or may not be done: say which, change nothing.
    if (!isBounceError(e) || !e.code.startsWith('REVIEW_')) throw e;
    process.stderr.write(`bouncesync review: ${e.code}: ${e.message}\n`);
    return 2;
  } finally {
    await closeAgent(agent);
  }
}

function usage(why: string): number {
  process.stderr.write(`bouncesync review: ${why}\nusage: bouncesync review [--json] | review --approve GROUP|--approve-event ID [--dry-run] | review --dismiss GROUP|--dismiss-event ID [--dry-run]\n`);
  return 2;
}

async function list(agent: Agent, json: boolean): Promise<number> {
  const groups = groupHeld(await heldEvents(agent.ledger));
  const policy = agent.config.policy;
  if (json) {
    for (const g of groups) {
      const refused = g.events.map((e) => refusal(e, policy)).filter((r): r is string => r !== null);
      process.stdout.write(JSON.stringify({ group: g.id, count: g.events.length, held: g.held, burst: g.burst, reason: g.reason, status: g.status, diagnostic: g.diagnostic,
        approvable: g.events.length - refused.length, refused: refused[0] ?? null, events: g.events.map((e) => ({ id: e.id, address: e.address, rowKey: e.rowKey })) }) + '\n');
    }
    return 0;
  }
  if (groups.length === 0) {
    process.stdout.write('nothing held for review\n');
    return 0;
  }
  const lines: string[] = [];
  let approvable = 0;
  for (const g of groups) {
    const refused = g.events.map((e) => refusal(e, policy)).filter((r): r is string => r !== null);
    approvable += g.events.length - refused.length;
    lines.push(`group ${g.id}  ${g.events.length} event${g.events.length === 1 ? '' : 's'}  ${g.held}`);
    lines.push(`  reason ${g.reason ?? '-'}  status ${g.status ?? '-'}  ${refused.length === 0 ? 'can be approved' : `cannot be approved: ${refused[0].replace(/^event \d+ /, '')}`}`);
    if (g.diagnostic) lines.push(`  diagnostic: ${g.diagnostic.replace(/\s+/g, ' ').slice(0, 160)}`);
    lines.push(`  ${g.events.slice(0, 3).map((e) => `#${e.id} ${e.address || '-'}`).join('  ')}${g.events.length > 3 ? `  and ${g.events.length - 3} more` : ''}`);
  }
  const total = groups.reduce((n, g) => n + g.events.length, 0);
  lines.push(`held for review ${total} in ${groups.length} group${groups.length === 1 ? '' : 's'}; can be approved ${approvable}. `
    + 'Approve (flag at the next write-back) with `review --approve GROUP`, drop with `review --dismiss GROUP`; --approve-event/--dismiss-event ID for one event.');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The held events named by group ids and event ids, each once, in id order. */
async function resolve(agent: Agent, groupIds: string[], eventIds: string[], action: 'approve' | 'dismiss'): Promise<{ label: string; events: LedgerEvent[] }> {
  const out = new Map<number, LedgerEvent>();
  if (groupIds.length) {
    const groups = new Map<string, HeldGroup>(groupHeld(await heldEvents(agent.ledger)).map((g) => [g.id, g]));
    for (const id of groupIds) {
      const g = groups.get(id.trim().toLowerCase());
      if (!g) throw new BounceError('REVIEW_UNKNOWN_GROUP', `no group "${id}" is held for review.`, { fix: 'List the held groups and their ids with `bouncesync review`; a group that was approved or dismissed is no longer listed.' });
      for (const e of g.events) out.set(e.id, e);
    }
  }
  for (const text of eventIds) {
    const id = /^#?\d+$/.test(text.trim()) ? Number(text.trim().replace('#', '')) : NaN;
    const e = Number.isSafeInteger(id) ? await eventById(agent.ledger, id) : null;
    if (!e) throw new BounceError('REVIEW_UNKNOWN_EVENT', `there is no event "${text}" in the ledger.`, { fix: 'Event ids are the #numbers `bouncesync review` lists (or "id" in `bouncesync events --json`).' });
    // Approve names its refusals below (with the reason); dismissing something not held has none.
    if (action === 'dismiss' && (e.decision !== 'review' || e.state !== 'none')) {
      throw new BounceError('REVIEW_NOT_HELD', `event ${e.id} is not held for review (decision ${e.decision}, state ${e.state}).`, { fix: 'Only events `bouncesync review` lists can be dismissed; a written flag is taken back with `bouncesync undo --run ID`.' });
    }
    out.set(e.id, e);
  }
  const label = [...groupIds.map((g) => `group ${g}`), ...eventIds.map((e) => `event ${e}`)].join(', ');
  return { label, events: [...out.values()].sort((a, b) => a.id - b.id) };
}

async function approve(agent: Agent, t: { label: string; events: LedgerEvent[] }, dryRun: boolean, json: boolean): Promise<number> {
  // All or nothing: approving part of what was named would leave the person guessing which part.
  const refused = t.events.map((e) => refusal(e, agent.config.policy)).filter((r): r is string => r !== null);
  if (refused.length) {
    const more = refused.length > 3 ? `; and ${refused.length - 3} more` : '';
    throw new BounceError('REVIEW_REFUSED', `cannot approve ${t.label}: ${refused.slice(0, 3).join('; ')}${more}. Nothing was approved.`,
      { fix: 'Approve only hard failures (policy.hard) matched to a row; drop the others with `bouncesync review --dismiss`.' });
  }
  const at = new Date();
  if (dryRun) {
    const changes = await wouldWrite(agent, t.events, at);
    if (json) { process.stdout.write(JSON.stringify({ dryRun: true, approve: t.events.map((e) => e.id), changes }) + '\n'); return 0; }
    const lines = [`approve ${t.label} (dry run: nothing written)`];
    for (const e of t.events) lines.push(`  event #${e.id} ${e.address} → row ${e.rowKey}  ${e.reason} ${e.status ?? ''}`.trimEnd());
    for (const c of changes) lines.push(`  row ${show(c.key)}: ${c.column} ${show(c.old)} → ${show(c.new)}`);
    lines.push(`events that would be approved ${t.events.length}; values the next write-back would change ${changes.length}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  const n = await approveHeld(agent.ledger, t.events, at, who());
  if (json) { process.stdout.write(JSON.stringify({ approved: n, events: t.events.map((e) => e.id) }) + '\n'); return 0; }
  process.stdout.write(`approved ${n} event${n === 1 ? '' : 's'} (${t.label}): now hard flags pending write-back. `
    + 'The next write-back writes them (`bouncesync run --once`, or the running agent\'s next pass); `bouncesync undo --run ID` of that run takes them back.\n'
    + (n < t.events.length ? `${t.events.length - n} were no longer held (acted on meanwhile) and were left as they are.\n` : ''));
  return 0;
}

/** The write-back's own dry run, inside a ledger transaction that is rolled back: the exact values, on the approved rows. */
async function wouldWrite(agent: Agent, events: LedgerEvent[], at: Date): Promise<RowChangeView[]> {
  // crm: the preset's own dry run (its changes are keyed by table and row, not by the events' rows).
  const mapping = agent.config.crm ? null : await mappingOf(agent);
  const rows = new Set(events.map((e) => e.rowKey));
  const changes = await agent.ledger.dryRun(async (ledger) => {
    await approveHeld(ledger, events, at, who());
    const runId = await ledger.startRun(at);
    const w = mapping ? await writePendingOf(agent, mapping, ledger, runId, true) : await crmWriteBack(agent, ledger, runId, true);
    // Not the request's fault: a plain failure (exit 1), like any command that cannot reach the database.
    if (w.error) throw new BounceError('DB_UNAVAILABLE', `the dry run could not read the rows: ${w.error}`, { fix: 'Check the database is reachable (`bouncesync check`), then try again.' });
    return w.changes;
  });
  // Other pending events (a run that could not reach the database) are not this approval's doing.
  return mapping ? changes.filter((ch) => rows.has(String(ch.key))) : changes;
}

async function dismiss(agent: Agent, t: { label: string; events: LedgerEvent[] }, dryRun: boolean, json: boolean): Promise<number> {
  if (dryRun) {
    if (json) { process.stdout.write(JSON.stringify({ dryRun: true, dismiss: t.events.map((e) => e.id) }) + '\n'); return 0; }
    const lines = [`dismiss ${t.label} (dry run: nothing written)`, ...t.events.map((e) => `  event #${e.id} ${e.address || '-'}`), `events that would be dismissed ${t.events.length}`];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  const n = await dismissHeld(agent.ledger, t.events, new Date(), who());
  if (json) { process.stdout.write(JSON.stringify({ dismissed: n, events: t.events.map((e) => e.id) }) + '\n'); return 0; }
  process.stdout.write(`dismissed ${n} event${n === 1 ? '' : 's'} (${t.label}): ignored, never flagged, no longer listed.\n`);
  return 0;
}

/** Who approved or dismissed, as the operating system knows them (none in some containers). */
function who(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}
