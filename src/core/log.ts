import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One structured logger for the whole agent; components take a child.
 * Secrets are redacted by key; addresses are logged only at debug level by callers
 * (use `maskAddress` at info).
 */
export function createLogger(opts: { level?: string; pretty?: boolean; destination?: number } = {}): Logger {
  const level = opts.level ?? process.env.BOUNCESYNC_LOG ?? 'info';
  const redact = {
    paths: ['password', 'pass', 'secret', '*.password', '*.pass', '*.secret', '*.*.password', '*.*.pass', 'auth', '*.auth'],
    censor: '[redacted]',
  };
  if (opts.pretty) {
    return pino({ level, redact, transport: { target: 'pino-pretty', options: { destination: opts.destination ?? 2, translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino({ level, redact }, pino.destination(opts.destination ?? 2));
}

/** a****@example.com: enough to recognise a domain, not enough to identify a person. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** A logger that drops everything: for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
