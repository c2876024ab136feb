// The embedded ledger's writer thread (see ./writer.ts): its own connection to the ledger file,
// the same commits as the main thread's (./commits.ts). Each message is one transaction; the
// answer carries its id, and the database's error (message and code) when it failed.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { commitChanges, runEach, usePragmas, type ChangeRow, type Settlement } from './commits.js';

export interface WriterData { file: string }
export type WriterMessage = { id: number } & ({ rows: ChangeRow[]; previous: Settlement[] } | { sql: string; values: unknown[][] });
export interface WriterAnswer { id: number; result?: boolean[]; error?: { message: string; code?: string } }

const db = new Database((workerData as WriterData).file);
usePragmas(db);

parentPort?.on('message', (m: WriterMessage) => {
  let answer: WriterAnswer;
  try {
    if ('sql' in m) answer = { id: m.id, result: runEach(db, m.sql, m.values) };
    else { commitChanges(db, m.rows, m.previous); answer = { id: m.id }; }
  } catch (e) {
    answer = { id: m.id, error: { message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code } };
  }
  parentPort?.postMessage(answer);
});
