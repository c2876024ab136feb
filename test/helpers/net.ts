// Loopback ports for the servers the tests start: a free one, and the wait for a server's greeting.
import { connect, createServer } from 'node:net';
import { until } from './wait.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Greeting {
  /** Whether the first bytes are this server's greeting (an SMTP 220, an IMAP "* OK", MariaDB's handshake). */
  ok(first: Buffer): boolean;
  /** Said before hanging up (SMTP's QUIT), so the server logs no lost connection. */
  bye?: string;
  /** While false the server has died: no use waiting on. */
  alive?(): boolean;
  /** What to add to the error when it never greets: its logs. */
  logs(): Promise<string>;
}

/** Resolves once the server on 127.0.0.1:port greets; throws with its logs after ms, or once it has died. */
export async function waitForGreeting(name: string, port: number, g: Greeting, ms: number): Promise<void> {
  let died = false;
  const answered = await until(`${name} greeting on 127.0.0.1:${port}`, async () => {
    if (g.alive && !g.alive()) return (died = true);
    return greets(port, g);
  }, ms).then(() => !died, () => false);
  if (answered) return;
  throw new Error(`${name} ${died ? 'exited before it answered' : `did not answer within ${ms / 1000} s`} on 127.0.0.1:${port}\n${await g.logs()}`);
}

function greets(port: number, g: Greeting): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', (d) => { if (g.bye) s.end(g.bye); else s.destroy(); resolve(g.ok(d)); });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
  });
}
