// A programmable "remote" SMTP server (smtp-server) on a free loopback port: the far end a relay
// delivers to, or a sink for the sender's own tests and benchmark. Each stage can answer with a
// reply of the test's choosing, written exactly as it goes on the wire (enhanced codes included),
// so the tests see the same text a real server would send.
//
//   const remote = await startRemote({ rcpt: (to) => to.startsWith('gone') ? reply(550, '5.1.1 <' + to + '>: user unknown') : undefined });
//   ... remote.port, remote.messages ...
//   await remote.close();
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { randomBytes } from 'node:crypto';

export interface Reply { code: number; text: string }
export const reply = (code: number, text: string): Reply => ({ code, text });

/**
 * The refusals the end-to-end tests expect from a remote, by local part: unknown user, full
 * mailbox, a block of the sending host, and greylisting (450 until the relay gives up).
 */
export function typicalRefusals(to: string): Reply | undefined {
  const local = to.split('@')[0];
  if (local === 'gone') return reply(550, `5.1.1 <${to}>: Recipient address rejected: User unknown in local recipient table`);
  if (local === 'full') return reply(552, `5.2.2 <${to}>: Mailbox full, quota exceeded`);
  if (local === 'blocked') return reply(554, '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using bl.example.test');
  if (local === 'grey') return reply(450, `4.2.0 <${to}>: Recipient address rejected: Greylisted, try again later`);
  return undefined;
}

export interface Received { from: string; to: string[]; raw: Buffer }

export interface RemoteOptions {
  /** Answer to MAIL FROM; undefined accepts. */
  mail?: (from: string) => Reply | undefined;
  /** Answer to each RCPT TO; undefined accepts. */
  rcpt?: (to: string, from: string) => Reply | undefined;
  /**
   * Answer after the message data; undefined accepts (250). A promise holds the answer until it
   * settles: the message has reached the server, the sender is still waiting (a crash test kills it then).
   */
  data?: (msg: Received) => Reply | undefined | Promise<Reply | undefined>;
  /**
   * Close the connection without a word once the whole message has arrived (true), as a server
   * that queued it and crashed before its "250" would: the sender cannot know if it was accepted.
   */
  drop?: (msg: Received) => boolean;
  /** Require AUTH PLAIN/LOGIN with this user and password. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Keep received messages in `messages` (default true; the benchmark turns it off). */
  keep?: boolean;
  /** Speak LMTP instead of SMTP: a sink for the DSNs a relay writes (its bounce transport). */
  lmtp?: boolean;
}

export interface Remote {
  host: string;
  port: number;
  messages: Received[];
  /** How many messages were accepted (also counted when not kept). */
  accepted: number;
  /** Messages received whole and then dropped without an answer (RemoteOptions.drop). */
  dropped: Received[];
  /** Every RCPT TO seen, in order, with the reply code given. */
  rcpts: { to: string; code: number }[];
  close(): Promise<void>;
}

function smtpError(r: Reply): Error {
  const err = new Error(r.text) as Error & { responseCode: number };
  err.responseCode = r.code;
  return err;
}

export async function startRemote(opts: RemoteOptions = {}): Promise<Remote> {
  const remote: Remote = { host: '127.0.0.1', port: 0, messages: [], dropped: [], accepted: 0, rcpts: [], close: async () => {} };
  const options: SMTPServerOptions = {
    name: `remote-${randomBytes(3).toString('hex')}.test`,
    // Replies carry their own enhanced codes, exactly as the test wrote them.
    hideENHANCEDSTATUSCODES: true,
    disabledCommands: [...(opts.auth ? [] : ['AUTH']), ...(opts.tls ? [] : ['STARTTLS'])],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    size: 10 << 20,
    logger: false,
    lmtp: opts.lmtp ?? false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      cb(smtpError(reply(535, '5.7.8 Authentication credentials invalid')));
    },
    onMailFrom(address, _session, cb) {
      const r = opts.mail?.(address.address);
      cb(r ? smtpError(r) : undefined);
    },
    onRcptTo(address, session, cb) {
      const r = opts.rcpt?.(address.address, session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
      remote.rcpts.push({ to: address.address, code: r?.code ?? 250 });
      cb(r ? smtpError(r) : undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => { if (opts.keep !== false || opts.data) chunks.push(c); });
      stream.on('end', () => {
        const msg: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        const answer = (r: Reply | undefined) => {
          if (r) return cb(smtpError(r));
          remote.accepted++;
          if (opts.keep !== false) remote.messages.push(msg);
          cb(null, 'Ok: queued');
        };
        if (opts.drop?.(msg)) {
          remote.dropped.push(msg);
          for (const c of (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections) if (c.id === session.id) c._socket.destroy();
          return;
        }
        const r = opts.data?.(msg);
        if (r instanceof Promise) void r.then(answer, () => cb(smtpError(reply(451, '4.3.0 test remote failed'))));
        else answer(r);
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  remote.port = (server.server.address() as { port: number }).port;
  remote.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return remote;
}
