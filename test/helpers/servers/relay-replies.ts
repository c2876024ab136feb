// Documented replies through a real relay: messages go to the relay (Postfix or Exim), the
// scripted remote answers each recipient's reply on the wire (at RCPT TO, MAIL FROM, or the end of
// DATA), the relay writes its DSNs to the sender's VERP address, an LMTP sink collects them, and
// each is decoded. All messages of a run go in one batch; the run waits for the count of DSNs,
// not for time.
//
//   const run = await relayReplies('postfix', cases);   // cases from relayCases(REPLIES)
//   run.results  → per case: the relay's DSN decoded (reason, hard), or null when none came
import nodemailer from 'nodemailer';
import type { SystemReply } from '../../../src/classify/replies/index.js';
import type { Reason, Verdict } from '../../../src/core/types.js';
import { decode } from '../../../src/decode/index.js';
import { waitForCount } from '../wait.js';
import { relays, type RelayName } from './relays.js';
import { startRemote, type Received, type Reply } from './remote.js';

export type Stage = 'MAIL' | 'RCPT' | 'DATA';
export interface RelayCase { reply: SystemReply; stage: Stage }
export interface RelayResult extends RelayCase {
  relay: RelayName;
  reason: Reason | null;   // null: no DSN came back for it
  hard: boolean;
  status?: string;
  diagnostic?: string;
}

/**
 * The reply as a server sends it: its own code, or (for a text documented from its enhanced
 * code on, as Exchange's NDR table gives them) 550/450 by the code's class.
 */
export function wireReply(text: string): Reply | undefined {
  const coded = /^([245]\d\d)[ -](.*)$/s.exec(text);
  if (coded) return { code: Number(coded[1]), text: coded[2] };
  if (/^[45]\.\d{1,3}\.\d{1,3} /.test(text)) return { code: text.startsWith('5') ? 550 : 450, text };
  return undefined;
}

/**
 * The cases a relay can carry: permanent (5xx) SMTP replies, each at the stage it is documented
 * at (MAIL, DATA, else RCPT), and the ones documented without a stage at the end of DATA too.
 * A 4xx reply is retried by the relay until the queue lifetime ends (the expiry cases test that);
 * texts that are no SMTP reply (a relay's own bounce wording) have no wire form. A reply
 * documented at the greeting or at HELO refuses the connection before any message is named, so
 * it cannot be given to one message of a batch: those are tested as DSNs only.
 */
export function relayCases(replies: readonly SystemReply[]): RelayCase[] {
  const cases: RelayCase[] = [];
  for (const reply of replies) {
    const wire = wireReply(reply.text);
    if (!wire || wire.code < 500 || reply.at === 'CONN' || reply.at === 'EHLO') continue;
    if (reply.at === 'MAIL' || reply.at === 'DATA') cases.push({ reply, stage: reply.at });
    else cases.push({ reply, stage: 'RCPT' });
    if (reply.at === undefined) cases.push({ reply, stage: 'DATA' });
  }
  return cases;
}

const local = (address: string) => address.slice(0, address.indexOf('@')).toLowerCase();

/** How many RCPT TO cases share one message (each recipient gets its own reply). */
const PER_MESSAGE = 25;

/** Sends every case through the named relay and decodes the DSNs it writes. */
export async function relayReplies(name: RelayName, cases: readonly RelayCase[], o: { waitMs?: number } = {}): Promise<{ results: RelayResult[]; log: string }> {
  // Case i is the recipient c<i>@far.test. RCPT TO cases go PER_MESSAGE to a message (the relay
  // bounces them in one DSN, as it does for a real list); a MAIL FROM or DATA answer fails the
  // whole message, so those go one to a message. Message j is sent from bounces+m<j>@bounce.test.
  const byId = new Map(cases.map((c, i) => [`c${i}`, c]));
  const ids = (stage: Stage) => [...byId].filter(([, c]) => c.stage === stage).map(([id]) => id);
  const rcpt = ids('RCPT');
  const messages: string[][] = [...ids('MAIL'), ...ids('DATA')].map((id) => [id]);
  for (let i = 0; i < rcpt.length; i += PER_MESSAGE) messages.push(rcpt.slice(i, i + PER_MESSAGE));
  const firstOf = new Map(messages.map((m, j) => [`m${j}`, m[0]]));

  const answer = (id: string | undefined, stage: Stage) => {
    const c = id ? byId.get(id) : undefined;
    return c && c.stage === stage ? wireReply(c.reply.text) : undefined;
  };
  const sink = await startRemote({ lmtp: true });
  const remote = await startRemote({
    mail: (from) => answer(firstOf.get(local(from).replace(/^bounces\+/, '')), 'MAIL'),
    rcpt: (to) => answer(local(to), 'RCPT'),
    data: (msg: Received) => answer(local(msg.to[0]), 'DATA'),
    keep: false,
  });
  const relay = await relays[name].start(remote.port, sink.port);
  try {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: relay.port, pool: true, maxConnections: 4, maxMessages: Infinity, ignoreTLS: true });
    try {
      await Promise.all(messages.map((m, j) => transport.sendMail({
        envelope: { from: `bounces+m${j}@bounce.test`, to: m.map((id) => `${id}@far.test`) },
        from: 'News <news@news.test>', to: 'list@news.test', subject: `replies m${j}`, text: 'Hello',
      })));
    } finally { transport.close(); }
    await waitForCount(async () => sink.messages.length, messages.length, { ms: o.waitMs ?? 90_000, nudgeAfterMs: 15_000, nudge: () => relay.flush?.() ?? Promise.resolve() });
    const found = new Map<string, Verdict>();
    for (const m of sink.messages) for (const v of decode(m.raw).recipients) found.set(local(v.address), v);
    const results = [...byId].map(([id, c]): RelayResult => {
      const r = found.get(id);
      return { ...c, relay: name, reason: r?.reason ?? null, hard: r?.hard ?? false, status: r?.status, diagnostic: r?.diagnostic };
    });
    return { results, log: await relay.log() };
  } finally {
    await relay.destroy();
    await remote.close();
    await sink.close();
  }
}
