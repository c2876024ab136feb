// The two real relays the end-to-end tests run, started the same way: accept everything from
// loopback, relay to a remote on 127.0.0.1:nextHop, and hand the bounces they write for the VERP
// domain bounce.test to an LMTP server on 127.0.0.1:lmtpPort (Dovecot, or a sink).
import { eximMissing, startExim } from './exim.js';
import { postfixMissing, startPostfix } from './postfix.js';

export type RelayName = 'postfix' | 'exim';
export type Relay = { port: number; destroy(): Promise<void>; log(): Promise<string>; flush?(): Promise<void> };

export const relays: Record<RelayName, { missing: () => string | null; start(nextHop: number, lmtpPort: number): Promise<Relay> }> = {
  postfix: {
    missing: postfixMissing,
    start: (nextHop, lmtpPort) => startPostfix({ role: { kind: 'relay', nextHop, transports: { 'bounce.test': `lmtp:inet:127.0.0.1:${lmtpPort}` } }, queueLifetime: '6s' }),
  },
  exim: { missing: eximMissing, start: (nextHop, lmtpPort) => startExim({ nextHop, lmtpPort, lifetime: '6s' }) },
};
