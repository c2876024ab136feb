// TLS is verified by default: a server whose certificate we cannot verify gets nothing, the run
// stops with a sentence that says the fix, and no row is marked. With the company CA configured
// (send.smtp.tls.ca) the same server is trusted. Real STARTTLS with smtp-server and openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { parseConfig } from '../../src/config/load.js';
import { openSendLedger } from '../../src/send/ledger.js';
import { campaignFrom } from '../../src/send/message.js';
import { sendCampaign, type Recipient } from '../../src/send/sender.js';
import { smtpTransport } from '../../src/send/transport.js';
import { startRemote, type Remote } from '../helpers/servers/remote.js';

let dir: string;
let remote: Remote;
let cert: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bs-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  remote = await startRemote({ tls: { key: readFileSync(join(dir, 'key.pem')), cert } });
});
afterAll(async () => { await remote?.close(); rmSync(dir, { recursive: true, force: true }); });

const campaign = campaignFrom('tls', { subject: 'Hi', text: 'Hello' });
async function* one(): AsyncIterable<Recipient> { yield { key: 1, address: 'ann@corp.test', fields: {} }; }

async function sendWith(tls: Record<string, unknown>) {
  const config = parseConfig({
    database: { client: 'sqlite', connection: { filename: ':memory:' } },
    recipients: { table: 'contacts', key: 'id', email: 'email' }, flags: { hard: { column: 'bounced' } },
    send: { secret: 'tls-test-secret-0123456789', from: 'news@news.test', returnPath: 'bounces+{token}@news.test',
      smtp: { host: '127.0.0.1', port: remote.port, requireTLS: true, tls } },
  });
  const ledger = openSendLedger(join(dir, `${Object.keys(tls).join('-') || 'default'}.db`));
  const transport = smtpTransport(config.send);
  try {
    const s = await sendCampaign(campaign, one(), { ...config.send, from: 'news@news.test', returnPath: 'bounces+{token}@news.test', secret: config.send.secret! },
      { ledger, transport, classify: (f) => classify(f), recordRefusal: async () => 0 });
    return { s, counts: ledger.counts('tls') };
  } finally { transport.close(); ledger.close(); }
}

describe('TLS to the SMTP server', () => {
  test('verified by default: a certificate we cannot verify stops the run, nothing sent, nothing marked', async () => {
    const { s, counts } = await sendWith({});
    expect(s.sent).toBe(0);
    expect(s.aborted).toMatch(/certificate.*send\.smtp\.tls\.ca/);
    expect(counts).toMatchObject({ queued: 1, sending: 0, failed: 0 });
    expect(remote.accepted).toBe(0);
  });

  test('trusted with the CA configured (and the name the certificate carries)', async () => {
    const { s } = await sendWith({ ca: cert, servername: 'localhost' });
    expect(s).toMatchObject({ sent: 1 });
    expect(remote.accepted).toBe(1);
  });
});
