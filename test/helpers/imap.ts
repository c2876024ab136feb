import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { Checkpoints } from '../../src/ledger/checkpoints.js';
import { ImapSource, type ImapOptions } from '../../src/sources/imap.js';
import { silentLogger } from '../../src/core/log.js';
import type { Source } from '../../src/core/ports.js';
import type { Outcome, Returned } from '../../src/core/types.js';
import { dovecotMissing, type Dovecot } from './servers/dovecot.js';

/** Skip locally with a clear reason, fail in CI, when Dovecot cannot run here. */
export function dovecotOrSkip(file: string): string | null {
  const missing = dovecotMissing();
  if (missing && process.env.CI === 'true') throw new Error(`Dovecot is required in CI: ${missing}`);
  if (missing) console.warn(`SKIPPED ${file}: ${missing}`);
  return missing;
}

/** A source on the test's Dovecot, which offers no TLS unless started with it: a plain login is allowed explicitly (requireTLS: false). */
export function sourceFor(dc: Dovecot, db: Database.Database, extra: Partial<ImapOptions> = {}): ImapSource {
  return new ImapSource({ name: 'test', host: dc.host, port: dc.port, secure: false, requireTLS: false, user: dc.user, password: dc.password, pollSeconds: 2, ...extra },
    { checkpoints: Checkpoints.sqlite(db), log: silentLogger });
}

/** Pull once; `decide` says what to ack (null = leave it, as if processing failed). */
export async function drain(src: Source, decide: (m: Returned) => Outcome | null): Promise<Returned[]> {
  const seen: Returned[] = [];
  for await (const m of src.pull(new AbortController().signal)) {
    seen.push(m);
    const outcome = decide(m);
    if (outcome) await src.ack(m.id, outcome);
  }
  return seen;
}

export function subject(m: Returned): string {
  return /^Subject: (.*)$/m.exec(m.raw.toString('latin1'))?.[1]?.trim() ?? '';
}

/** Subjects and flags of every message in a folder, read with a separate client. */
export async function folder(dc: Dovecot, path: string): Promise<{ subject: string; seen: boolean; deleted: boolean }[]> {
  const c = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: dc.user, pass: dc.password }, logger: false,
    tls: { rejectUnauthorized: false } }); // the test's own self-signed server, when started with tls
  await c.connect();
  const out: { subject: string; seen: boolean; deleted: boolean }[] = [];
  try {
    const status = await c.status(path, { messages: true }).catch(() => null);
    if (!status || !status.messages) return out;
    const lock = await c.getMailboxLock(path, { readOnly: true });
    try {
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
        out.push({ subject: m.envelope?.subject ?? '', seen: m.flags!.has('\\Seen'), deleted: m.flags!.has('\\Deleted') });
      }
    } finally { lock.release(); }
  } finally { await c.logout(); }
  return out.sort((a, b) => a.subject.localeCompare(b.subject, 'en', { numeric: true }));
}
