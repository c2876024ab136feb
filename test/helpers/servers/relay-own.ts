// What a real relay writes about its own failures, decoded: a local user it does not know,
// temporary refusals (greylisting, a rate limit) it retries until the queue lifetime ends, and DNS
// answers for the recipient's domain (no such domain, a lookup that fails for now, a null MX).
// The relay asks a scripted DNS server of its own (./dns.ts) from a private mount namespace.
//
//   const { results } = await relayOwnFailures('exim');
import nodemailer from 'nodemailer';
import type { Reason, Verdict } from '../../../src/core/types.js';
import { decode } from '../../../src/decode/index.js';
import { waitForCount } from '../wait.js';
import { startDns } from './dns.js';
import { startExim } from './exim.js';
import { startPostfix } from './postfix.js';
import type { Relay, RelayName } from './relays.js';
import { reply, startRemote, typicalRefusals } from './remote.js';

export interface OwnCase {
  to: string;
  what: string;
  /** The reason a reader of the DSN should take from it; `also`: other readings that are as right. */
  reason: Reason;
  also?: Reason[];
  hard: boolean;
}
export interface OwnResult extends OwnCase { relay: RelayName; got: Reason | null; gotHard: boolean; diagnostic?: string }

const DNS_DOMAINS = ['nxdomain.test', 'servfail.test', 'nullmx.test'];

export const OWN_CASES: OwnCase[] = [
  { to: 'nobody@local.test', what: 'local delivery: no such user', reason: 'userunknown', hard: true },
  // Refused with 4xx at every try: the relay gives up when the queue lifetime (6 s) ends. The last
  // reply's own reason is as right: greylisting holds off the sending host (barracuda.ts labels a
  // greylisting reply blocked).
  { to: 'grey@far.test', what: 'greylisted until the message expired', reason: 'expired', also: ['blocked'], hard: false },
  // Mimecast's documented greylisting reply (mimecast.ts labels it badreputation, its meaning at
  // Mimecast; from a host that is not Mimecast's, only the reply code speaks: 451, RFC 5321's local
  // error in processing).
  { to: 'greymc@far.test', what: 'greylisted (Mimecast) until the message expired', reason: 'expired', also: ['badreputation', 'systemerror'], hard: false },
  // Postfix's documented rate-limit reply (postfix.ts labels it speeding).
  { to: 'rate@far.test', what: 'rate-limited until the message expired', reason: 'expired', also: ['speeding'], hard: false },
  { to: 'user@nxdomain.test', what: 'DNS: no such domain (NXDOMAIN)', reason: 'hostunknown', hard: true },
  { to: 'user@servfail.test', what: 'DNS: lookup failing (SERVFAIL) until the message expired', reason: 'networkerror', also: ['expired'], hard: false },
  { to: 'user@nullmx.test', what: 'DNS: null MX, the domain takes no mail', reason: 'notaccept', hard: true },
];

function refusal(to: string) {
  const local = to.split('@')[0];
  if (local === 'greymc') return reply(451, 'Internal resource temporarily unavailable');
  if (local === 'rate') return reply(450, '4.7.1 Error: too much mail from 192.0.2.1');
  return typicalRefusals(to);
}

async function start(name: RelayName, nextHop: number, lmtpPort: number, resolvConf: string): Promise<Relay> {
  if (name === 'exim') return startExim({ nextHop, lmtpPort, lifetime: '6s', dnsDomains: DNS_DOMAINS, resolvConf, local: { domain: 'local.test', users: ['ann'] } });
  return startPostfix({
    role: { kind: 'relay', nextHop, transports: { 'bounce.test': `lmtp:inet:127.0.0.1:${lmtpPort}`, ...Object.fromEntries(DNS_DOMAINS.map((d) => [d, `smtp:${d}`])) } },
    queueLifetime: '6s',
    resolvConf,
    extra: {
      smtp_dns_support_level: 'enabled', disable_dns_lookups: 'no', smtp_host_lookup: 'dns',
      // local.test: virtual(8) mailboxes; smtpd accepts unknown users so that virtual bounces them.
      virtual_mailbox_domains: 'local.test', virtual_mailbox_maps: 'texthash:@DIR@/mailboxes', virtual_mailbox_base: '@DIR@/mail',
      virtual_minimum_uid: '8', virtual_uid_maps: 'static:8', virtual_gid_maps: 'static:8', smtpd_reject_unlisted_recipient: 'no',
    },
    files: { mailboxes: 'ann@local.test ann/\n' },
  });
}

export async function relayOwnFailures(name: RelayName, o: { waitMs?: number } = {}): Promise<{ results: OwnResult[]; log: string }> {
  const dns = await startDns();
  const sink = await startRemote({ lmtp: true });
  const remote = await startRemote({ rcpt: refusal, keep: false });
  let relay: Relay | undefined;
  try {
    relay = await start(name, remote.port, sink.port, dns.resolvConf);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: relay.port, pool: true, maxConnections: 2, ignoreTLS: true });
    try {
      await Promise.all(OWN_CASES.map((c, i) => transport.sendMail({
        envelope: { from: `bounces+o${i}@bounce.test`, to: c.to }, from: 'News <news@news.test>', to: c.to, subject: c.what, text: 'Hello',
      })));
    } finally { transport.close(); }
    const r = relay;
    await waitForCount(async () => sink.messages.length, OWN_CASES.length, { ms: o.waitMs ?? 75_000, nudgeAfterMs: 12_000, nudge: () => r.flush?.() ?? Promise.resolve() });
    const found = new Map<string, Verdict>();
    for (const m of sink.messages) for (const v of decode(m.raw).recipients) found.set(v.address.toLowerCase(), v);
    const results = OWN_CASES.map((c): OwnResult => {
      const v = found.get(c.to);
      return { ...c, relay: name, got: v?.reason ?? null, gotHard: v?.hard ?? false, diagnostic: v?.diagnostic };
    });
    return { results, log: await relay.log() };
  } finally {
    await relay?.destroy();
    await remote.close();
    await sink.close();
    await dns.close();
  }
}
