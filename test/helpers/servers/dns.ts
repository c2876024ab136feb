// A scripted DNS server for tests, on a loopback address of its own (127.53.x.y, port 53), and
// the resolv.conf that points a relay at it. A relay started in a private mount namespace with
// that file as /etc/resolv.conf (see namespaced() below) asks only this server: no query leaves
// the machine. Each name gets the answer its zone says:
//   *.servfail.test / servfail.test  → SERVFAIL (the lookup fails for now)
//   nullmx.test                      → MX 0 "." (RFC 7505: the domain takes no mail)
//   anything else                    → NXDOMAIN (no such domain)
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refuseInUnitRun } from './unit-run.js';

export interface Dns {
  address: string;
  /** A resolv.conf naming this server only. */
  resolvConf: string;
  /** Queries seen, "name type". */
  queries: string[];
  close(): Promise<void>;
}

const T_MX = 15;

/** Why a namespaced relay cannot run here, or null when it can. */
export function namespaceMissing(): string | null {
  if (!existsSync('/usr/bin/unshare')) return '/usr/bin/unshare not found (util-linux)';
  if (process.getuid?.() !== 0) return 'a private mount namespace needs root';
  return null;
}

/** The command line that runs argv in a private mount namespace with resolvConf as /etc/resolv.conf. */
export function namespaced(resolvConf: string, argv: string[]): string[] {
  return ['/usr/bin/unshare', '-m', '/bin/sh', '-c', `mount --bind "$0" /etc/resolv.conf && exec "$@"`, resolvConf, ...argv];
}

export async function startDns(): Promise<Dns> {
  refuseInUnitRun('a DNS server');
  const queries: string[] = [];
  let socket: Socket | undefined;
  let address = '';
  for (let tries = 0; !socket && tries < 20; tries++) {
    const candidate = `127.53.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const s = createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.bind(53, candidate, () => resolve(true));
    });
    if (ok) { socket = s; address = candidate; } else s.close();
  }
  if (!socket) throw new Error('no free loopback address for the test DNS server');
  const server = socket;
  server.on('message', (query, peer) => {
    const q = readQuestion(query);
    if (!q) return;
    queries.push(`${q.name} ${q.type}`);
    server.send(answer(query, q), peer.port, peer.address);
  });
  const dir = await mkdtemp(join(tmpdir(), 'bs-dns-'));
  const resolvConf = join(dir, 'resolv.conf');
  await writeFile(resolvConf, `nameserver ${address}\noptions timeout:1 attempts:1\n`);
  return {
    address, resolvConf, queries,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Question { name: string; type: number; end: number }

function readQuestion(msg: Buffer): Question | undefined {
  if (msg.length < 17 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at];
    if (len > 63 || at + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(at + 1), end: at + 5 };
}

function answer(query: Buffer, q: Question): Buffer {
  const servfail = q.name === 'servfail.test' || q.name.endsWith('.servfail.test');
  const nullMx = q.name === 'nullmx.test';
  const rcode = servfail ? 2 : nullMx ? 0 : 3;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);                     // the query's ID
  header.writeUInt16BE(0x8400 | 0x0080 | (query.readUInt16BE(2) & 0x0100) | rcode, 2); // QR AA RA, RD echoed
  header.writeUInt16BE(1, 4);                       // one question
  const mx = nullMx && q.type === T_MX;
  header.writeUInt16BE(mx ? 1 : 0, 6);              // answers
  const question = query.subarray(12, q.end);
  if (!mx) return Buffer.concat([header, question]);
  // MX 0 ".": name pointer to the question (0xc00c), type MX, class IN, TTL 60, rdata = pref 0 + root.
  const rr = Buffer.from([0xc0, 0x0c, 0, T_MX, 0, 1, 0, 0, 0, 60, 0, 3, 0, 0, 0]);
  return Buffer.concat([header, question, rr]);
}
