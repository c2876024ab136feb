import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy between the agent and a server (a database, an IMAP server), to cut the line and restore it (the shared server keeps running), or to see what crossed it. */
export class Proxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  /** Everything clients sent through it, as it crossed the wire. */
  readonly fromClients: Buffer[] = [];
  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); s.on('error', () => s.destroy()); }
      client.on('data', (d: Buffer) => this.fromClients.push(d));
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Refuses new connections and drops open ones: to the agent, the database is down. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
