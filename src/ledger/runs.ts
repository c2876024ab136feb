import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Ledger } from './index.js';

// A run's row in the ledger says which process has it open (pid and host, in its summary until it
// finishes), so a run whose process is gone (killed, power cut) can be told from one still going:
// the next agent on that host ends it as `interrupted` instead of leaving it open for ever.
// Runs of other hosts (a ledger in a server database shared by several) are left to theirs.
// A pid alone is not enough: in a container the agent is process 1 on every start, so each
// process also names itself with an id of its own.

export interface RunOwner { pid: number; host: string; process?: string }

const PROCESS = randomUUID();

export type RunState =
  | { state: 'finished'; startedAt: string; finishedAt: string }
  | { state: 'interrupted'; startedAt: string; finishedAt: string; owner: RunOwner }
  | { state: 'running'; startedAt: string; owner: RunOwner | null }
  /** Its process is gone and no agent has ended it yet (the ledger was only read since). */
  | { state: 'gone'; startedAt: string; owner: RunOwner };

/** The summary a run starts with: who has it open. */
export function openedBy(): string {
  return JSON.stringify({ state: 'running', pid: process.pid, host: hostname(), process: PROCESS });
}

/** Whether the process that opened a run has ended (on this host; a pid reused since reads as alive). */
export function processGone(o: RunOwner): boolean {
  if (o.host !== hostname()) return false;
  // Our own pid: this process's run, or one of an earlier process that had the same pid.
  if (o.pid === process.pid) return o.process !== PROCESS;
  try {
    process.kill(o.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function ownerOf(summary: unknown): RunOwner | null {
  try {
    const s = JSON.parse(String(summary)) as Partial<RunOwner>;
    return typeof s.pid === 'number' && typeof s.host === 'string' ? { pid: s.pid, host: s.host, process: s.process } : null;
  } catch {
    return null;
  }
}

type RunRow = { id: string; started_at: string; finished_at: string | null; summary: string | null };

export async function runState(ledger: Ledger, id: string): Promise<RunState | null> {
  const r = (await ledger.db(ledger.t('runs')).where({ id }).first()) as RunRow | undefined;
  if (!r) return null;
  const owner = ownerOf(r.summary);
  if (r.finished_at) {
    const interrupted = owner && (JSON.parse(String(r.summary)) as { state?: string }).state === 'interrupted';
    return interrupted ? { state: 'interrupted', startedAt: r.started_at, finishedAt: r.finished_at, owner } : { state: 'finished', startedAt: r.started_at, finishedAt: r.finished_at };
  }
  return owner && processGone(owner) ? { state: 'gone', startedAt: r.started_at, owner } : { state: 'running', startedAt: r.started_at, owner };
}

/**
 * Ends the runs whose process is gone: finished now, state `interrupted`. Their events and
 * changes are untouched here (events still pending are written by the next write-back; changes
 * left `prepared` are settled against the table by it, see src/store/leftovers.ts).
 * Returns the runs ended. Runs written before runs named their process are left as they are.
 */
export async function endGoneRuns(ledger: Ledger, now = new Date()): Promise<string[]> {
  const open = (await ledger.db(ledger.t('runs')).whereNull('finished_at').select('id', 'summary')) as RunRow[];
  const ended: string[] = [];
  for (const r of open) {
    const owner = ownerOf(r.summary);
    if (!owner || !processGone(owner)) continue;
    const summary = JSON.stringify({ state: 'interrupted', ...owner, note: `process ${owner.pid} on ${owner.host} ended without finishing this run` });
    await ledger.db(ledger.t('runs')).where({ id: r.id }).whereNull('finished_at').update({ finished_at: now.toISOString(), summary });
    ended.push(r.id);
  }
  return ended;
}
