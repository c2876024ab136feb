// Shared by the send CLI tests: the YAML config of a campaign over a SQLite "CRM", sending to a
// scripted remote, and `bouncesync send` run in-process with its stdout captured.
import { join } from 'node:path';
import { vi } from 'vitest';
import { run } from '../../src/cli/commands/send.js';

/** bouncesync.yaml for campaign "spring" (list 1, spring.txt and maybe spring.html) sent through the remote on `port`. */
export function sendConfig(o: { crm: string; port: number; rate: string; block?: string; html?: boolean }): string {
  return `
database: { client: sqlite, connection: { filename: ${JSON.stringify(o.crm)} } }
recipients: { table: contacts, key: id, email: email }
flags: { hard: { column: email_bounced, value: 1 }, reason: bounce_reason, status: bounce_status, at: bounced_at }
ledger: { sqlite: ./events.sqlite }
send:
  smtp: { host: 127.0.0.1, port: ${o.port}, requireTLS: false }
  from: "Corp News <news@corp.test>"
  returnPath: "bounces+{token}@corp.test"
  secret: "\${TEST_SECRET}"
  rate: ${o.rate}
${o.block ? `  block: ${o.block}\n` : ''}  ledger: ./sends.sqlite
campaigns:
  spring:
    where: "list_id = :list"
    params: { list: 1 }
    subject: "Hello {{name}}"
    text: spring.txt
${o.html ? '    html: spring.html\n' : ''}`;
}

/** `bouncesync send --config DIR/bouncesync.yaml ARGS`, in-process, stdout captured. */
export async function sendCli(dir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  try {
    return { code: await run(['--config', join(dir, 'bouncesync.yaml'), ...args]), out };
  } finally { spy.mockRestore(); }
}
