// nodemailer's real answers, produced by a real SMTP exchange with the programmable remote
// (smtp-server), read into outcomes: which stage refused, and whether it is the address's fault.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import nodemailer from 'nodemailer';
import { fromError, fromInfo, type SmtpOutcome } from '../../src/send/outcome.js';
import { reply, startRemote, type Remote } from '../helpers/servers/remote.js';

let remote: Remote;
let authRemote: Remote;
beforeAll(async () => {
  remote = await startRemote({
    mail: (from) => (from.startsWith('banned') ? reply(553, '5.7.1 <' + from + '>: Sender address rejected: not owned by user') : undefined),
    rcpt: (to) => {
      if (to.startsWith('gone')) return reply(550, '5.1.1 <' + to + '>: Recipient address rejected: User unknown in local recipient table');
      if (to.startsWith('grey')) return reply(450, '4.2.0 <' + to + '>: Recipient address rejected: Greylisted, see https://example.test/grey');
      return undefined;
    },
    data: (m) => (m.raw.toString().includes('SPAMMY') ? reply(554, '5.7.1 Message rejected as spam') : undefined),
  });
  authRemote = await startRemote({ auth: { user: 'news', pass: 'right' } });
});
afterAll(async () => { await remote.close(); await authRemote.close(); });

async function send(to: string | string[], opts: { from?: string; text?: string; port?: number; auth?: { user: string; pass: string } } = {}): Promise<SmtpOutcome> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: opts.port ?? remote.port, secure: false, ignoreTLS: true, auth: opts.auth });
  try {
    return fromInfo(await t.sendMail({ envelope: { from: opts.from ?? 'bounces+x@news.test', to }, from: 'news@news.test', to, subject: 's', text: opts.text ?? 'hello' }));
  } catch (e) {
    return fromError(e);
  } finally {
    t.close();
  }
}

describe('SMTP outcome of one message to one recipient', () => {
  test('2xx: sent', async () => {
    expect(await send('ann@corp.test')).toMatchObject({ kind: 'sent', reply: expect.stringMatching(/^250/) });
  });
  test('5xx at RCPT TO: rejected, with the reply as the server wrote it', async () => {
    expect(await send('gone@corp.test')).toEqual({ kind: 'rejected', stage: 'rcpt', replyCode: '550',
      reply: '550 5.1.1 <gone@corp.test>: Recipient address rejected: User unknown in local recipient table' });
  });
  test('4xx at RCPT TO: deferred', async () => {
    expect(await send('grey@corp.test')).toMatchObject({ kind: 'deferred', stage: 'rcpt', replyCode: '450' });
  });
  test('5xx at MAIL FROM: about our message, never the address', async () => {
    expect(await send('ann@corp.test', { from: 'banned@news.test' })).toMatchObject({ kind: 'failed', stage: 'mail', replyCode: '553' });
  });
  test('5xx after DATA: about our message', async () => {
    expect(await send('ann@corp.test', { text: 'SPAMMY' })).toMatchObject({ kind: 'failed', stage: 'data', replyCode: '554' });
  });
  test('AUTH refused: failed at auth', async () => {
    expect(await send('ann@corp.test', { port: authRemote.port, auth: { user: 'news', pass: 'wrong' } })).toMatchObject({ kind: 'failed', stage: 'auth' });
  });
  test('nobody listening: deferred, not the address', async () => {
    const closed = await startRemote();
    await closed.close();
    expect(await send('ann@corp.test', { port: closed.port })).toMatchObject({ kind: 'deferred', stage: 'connection' });
  });
  test('several RCPTs in one message: the refused one comes in info.rejectedErrors (we send one per recipient, but read both)', async () => {
    expect(await send(['ann@corp.test', 'gone@corp.test'])).toMatchObject({ kind: 'rejected', stage: 'rcpt', replyCode: '550' });
  });
});
