// The IMAP password never crosses the network in clear unless the config says so: against a real
// Dovecot without TLS (and one with STARTTLS), with a TCP proxy in between that keeps every byte
// the agent sent, so "not sent" is read off the wire, not taken on trust.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { checkSources, sourcesFromConfig } from '../../src/sources/index.js';
import { startDovecot, type Dovecot } from '../helpers/servers/dovecot.js';
import { Proxy } from '../helpers/proxy.js';
import { dovecotOrSkip, drain } from '../helpers/imap.js';
import { postfixDsn } from '../helpers/mail.js';

const missing = dovecotOrSkip('test/sources/imap-login.int.test.ts');

const base = {
  database: { client: 'sqlite', connection: { filename: ':memory:' } },
  recipients: { table: 'contacts', key: 'id', email: 'email' },
  flags: { hard: { column: 'email_bounced', value: 1 } },
};

/** What the agent sent, as one string, and whether the password is in it (as typed, or base64 in AUTHENTICATE PLAIN). */
function wire(proxy: Proxy, dc: Dovecot): { text: string; password: boolean } {
  const text = Buffer.concat(proxy.fromClients).toString('latin1');
  const plain = Buffer.from(`\0${dc.user}\0${dc.password}`).toString('base64');
  return { text, password: text.includes(dc.password) || text.includes(plain) };
}

describe.skipIf(!!missing)('IMAP login without TLS', () => {
  let dc: Dovecot;
  let proxy: Proxy;
  beforeAll(async () => {
    dc = await startDovecot(); // no TLS at all: no STARTTLS in its capabilities
    proxy = new Proxy(dc.port);
    await proxy.start();
  });
  afterAll(async () => { await proxy?.stop(); await dc?.destroy(); });

  const sources = (imap: Record<string, unknown>) => sourcesFromConfig(parseConfig({ ...base, sources: [{ imap: {
    name: 'bounces', host: '127.0.0.1', port: proxy.port, secure: false, user: dc.user, password: dc.password, ...imap } }] }), { ledger: null });

  it('is refused by default with IMAP_TLS_REQUIRED, before the password is sent; check says so', async () => {
    proxy.fromClients.length = 0;
    const [src] = await sources({});
    const pulled = drain(src, () => 'processed');
    await expect(pulled).rejects.toMatchObject({
      code: 'IMAP_TLS_REQUIRED',
      message: `The IMAP server 127.0.0.1:${proxy.port} offers no STARTTLS (Server does not support STARTTLS), so source bounces did not log in: the password would have crossed the network in clear. `
        + 'Use secure: true (implicit TLS, usually port 993) or turn on STARTTLS on the server; only on a network you trust, allow a plain login with requireTLS: false.',
    });
    await src.close();
    const checked = await checkSources(await sources({}));
    expect(checked).toEqual({ ok: false, lines: [expect.stringMatching(/^source bounces: IMAP_TLS_REQUIRED: The IMAP server .* offers no STARTTLS/)] });
    const sent = wire(proxy, dc);
    expect(sent.text).not.toMatch(/AUTHENTICATE|LOGIN/i); // it read the greeting and never tried to log in
    expect(sent.password).toBe(false);
    const log = await readFile(join(dc.dir, 'dovecot.log'), 'utf8');
    expect(log).toMatch(/imap-login: Info: Disconnected: .*no auth attempts/);
    expect(log).not.toMatch(/Login: user=/);
  });

  it('is allowed only with requireTLS: false, with a warning in the log, and check says the login is not protected', async () => {
    proxy.fromClients.length = 0;
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => { lines.push(l); } });
    const [src] = await sourcesFromConfig(parseConfig({ ...base, sources: [{ imap: {
      name: 'bounces', host: '127.0.0.1', port: proxy.port, secure: false, requireTLS: false, user: dc.user, password: dc.password } }] }), { ledger: null, log });
    await dc.append(postfixDsn({ n: 1 }));
    expect(await drain(src, () => 'processed')).toHaveLength(1);
    await src.close();
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining([
      'requireTLS: false: if the IMAP server offers no STARTTLS, the password is sent in clear',
      'IMAP login without TLS: the password crossed the network in clear (requireTLS: false)',
    ]));
    expect(lines.join('')).not.toContain(dc.password);
    expect(wire(proxy, dc).password).toBe(true); // what requireTLS: false allows, seen on the wire
    const checked = await checkSources(await sources({ requireTLS: false }));
    expect(checked).toEqual({ ok: true, lines: [`source bounces: 127.0.0.1:${proxy.port}: login NOT protected: the password crossed the network in clear (requireTLS: false); 0 messages in INBOX`] });
  });
});

describe.skipIf(!!missing)('IMAP login with STARTTLS or implicit TLS', () => {
  let dc: Dovecot;
  let proxy: Proxy;
  let ca: string;
  beforeAll(async () => {
    dc = await startDovecot({ tls: true });
    proxy = new Proxy(dc.port);
    await proxy.start();
    ca = await readFile(join(dc.dir, 'cert.pem'), 'utf8');
  });
  afterAll(async () => { await proxy?.stop(); await dc?.destroy(); });

  it('secure: false upgrades with STARTTLS (required by default) and logs in inside TLS; check says which', async () => {
    const tls = { ca, servername: 'localhost' };
    const config = (imap: Record<string, unknown>) => parseConfig({ ...base, sources: [{ imap: { name: 'bounces', host: '127.0.0.1', user: dc.user, password: dc.password, tls, ...imap } }] });
    const [src] = await sourcesFromConfig(config({ port: proxy.port, secure: false }), { ledger: null });
    await dc.append(postfixDsn({ n: 2 }));
    expect(await drain(src, () => 'processed')).toHaveLength(1);
    await src.close();
    const sent = wire(proxy, dc);
    expect(sent.text).toMatch(/STARTTLS/);
    expect(sent.password).toBe(false);
    expect((await checkSources(await sourcesFromConfig(config({ port: proxy.port, secure: false }), { ledger: null }))).lines)
      .toEqual([`source bounces: 127.0.0.1:${proxy.port}: login protected by TLS (STARTTLS); 0 messages in INBOX`]);
    expect((await checkSources(await sourcesFromConfig(config({ port: dc.tlsPort, secure: true }), { ledger: null }))).lines)
      .toEqual([`source bounces: 127.0.0.1:${dc.tlsPort}: login protected by TLS (implicit TLS); 0 messages in INBOX`]);
  });
});

