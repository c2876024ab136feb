// What the notice says around a recipient, for what its decoder left out: the SMTP command the
// failure answered, and the words (with their codes) when a DSN gave none.
import type { Failure } from '../core/types.js';
import { findCommand } from '../classify/command.js';
import { findReplyCode, pickStatus } from '../classify/status.js';
import { entryLines } from './entry.js';
import type { Mail } from './mail.js';

/**
 * What the decoder left out, from the message: the SMTP command the failure answered (from the
 * diagnostic, else from the notice's words about the address: "(in reply to RCPT TO command)"),
 * and, for a DSN without Diagnostic-Code, those words themselves with their codes.
 */
export function withContext(mail: Mail, f: Failure): Failure {
  if (f.command || f.reason) return f;
  let command = findCommand(f.diagnostic);
  let diagnostic = f.diagnostic;
  if ((!command || !diagnostic) && f.address) {
    const near = textNear(mail, f.address);
    command ??= findCommand(near);
    // A DSN without Diagnostic-Code: the notification's words about this address stand in.
    if (!diagnostic && near) diagnostic = near.replace(/\s+/g, ' ').trim().slice(0, 500) || undefined;
  }
  if (diagnostic === f.diagnostic) return command ? { ...f, command } : f;
  // The words found in the text may carry the codes the DSN left vague or out.
  const status = pickStatus(f.status, diagnostic);
  const replyCode = f.replyCode ?? findReplyCode(diagnostic);
  return { ...f, ...(command ? { command } : {}), ...(diagnostic ? { diagnostic } : {}), ...(status ? { status } : {}), ...(replyCode ? { replyCode } : {}) };
}

/** The notification's words about an address: its entry, from its first mention (see entry.ts). */
function textNear(mail: Mail, address: string): string {
  const text = mail.text;
  const at = mail.lowerText.indexOf(address);
  if (at === -1) return '';
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lines = text.slice(lineStart, at + 1500).split('\n', 12);
  const hasWords = (t: string) => t.replace(/<?[^\s<>]{1,200}@[^\s<>]{1,255}>?[:,]?/, '').trim().length > 3;
  return entryLines(lines, 0, address, hasWords, 8).join('\n');
}
