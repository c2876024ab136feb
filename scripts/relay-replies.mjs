#!/usr/bin/env node
// node scripts/relay-replies.mjs [--part train|holdout|all] [--misses] [--relay postfix|exim]
// Sends the documented replies (src/classify/replies/) through the real Postfix and Exim the tests
// run (test/helpers/servers/): the scripted remote answers each reply on the wire, the relay writes its
// DSN, the decoder reads it. Then the relays' own failures (unknown local user, greylisting and a
// rate limit until the message expires, DNS answers for the domain). Prints agreement per relay
// for one part of the split (default: train); --misses lists that part's misses. Needs root and
// the relays (.ci/run installs them). The TypeScript harness is loaded through Vite, as the tests do.
import { createServer } from 'vite';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const which = opt('--part', 'train');
if (!['train', 'holdout', 'all'].includes(which)) {
  console.error('relay-replies: --part is train, holdout or all');
  process.exit(2);
}
const server = await createServer({ server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error', optimizeDeps: { noDiscovery: true, include: [] } });
try {
  const { REPLIES, part } = await server.ssrLoadModule('/src/classify/replies/index.ts');
  const { agreement } = await server.ssrLoadModule('/src/decode/score-replies.ts');
  const { relayCases, relayReplies } = await server.ssrLoadModule('/test/helpers/servers/relay-replies.ts');
  const { relayOwnFailures } = await server.ssrLoadModule('/test/helpers/servers/relay-own.ts');
  const { relays } = await server.ssrLoadModule('/test/helpers/servers/relays.ts');
  const { namespaceMissing } = await server.ssrLoadModule('/test/helpers/servers/dns.ts');

  const names = opt('--relay', '') ? [opt('--relay')] : Object.keys(relays);
  const runnable = names.filter((n) => {
    const why = relays[n].missing() ?? namespaceMissing();
    if (why) console.log(`${n}: not run (${why})`);
    return !why;
  });
  const cases = relayCases(REPLIES).filter((c) => which === 'all' || part(c.reply) === which);
  console.log(`documented replies through the relays, part ${which}: ${cases.length} cases (${cases.filter((c) => c.stage === 'RCPT').length} at RCPT TO, ${cases.filter((c) => c.stage === 'DATA').length} at end of DATA, ${cases.filter((c) => c.stage === 'MAIL').length} at MAIL FROM) from ${new Set(cases.map((c) => c.reply.text)).size} replies`);
  const t0 = Date.now();
  const runs = await Promise.all(runnable.map(async (n) => ({ n, replies: await relayReplies(n, cases), own: await relayOwnFailures(n) })));
  console.log(`relay run: ${((Date.now() - t0) / 1000).toFixed(1)} s (relays side by side)`);

  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '-');
  console.log(['relay'.padEnd(8), 'stage'.padEnd(5), 'n'.padStart(4), 'dsn'.padStart(5), 'reason'.padStart(7), 'hard'.padStart(7), 'both'.padStart(7), 'hard-prec'.padStart(9), 'hard-rec'.padStart(8)].join(' '));
  for (const { n, replies } of runs) {
    for (const stage of ['RCPT', 'DATA', 'MAIL', 'all']) {
      const rs = replies.results.filter((r) => stage === 'all' || r.stage === stage);
      if (!rs.length) continue;
      const a = agreement(rs);
      console.log([n.padEnd(8), stage.padEnd(5), String(a.n).padStart(4), String(rs.filter((r) => r.reason !== null).length).padStart(5), pct(a.reason, a.n).padStart(7), pct(a.hard, a.n).padStart(7), pct(a.both, a.n).padStart(7), pct(a.hardHit, a.hardFound).padStart(9), pct(a.hardHit, a.hardTrue).padStart(8)].join(' '));
    }
  }
  console.log('\nthe relays\' own failures:');
  for (const { n, own } of runs) {
    for (const r of own.results) {
      const ok = (r.got === r.reason || (r.also ?? []).includes(r.got)) && r.gotHard === r.hard;
      console.log(`${ok ? 'ok  ' : 'MISS'} ${n.padEnd(8)} ${r.what}: want ${r.reason}${r.hard ? ' HARD' : ''}, got ${r.got}${r.gotHard ? ' HARD' : ''} | ${r.diagnostic ?? '(no DSN)'}`);
    }
  }
  if (args.includes('--misses')) {
    console.log('\nmisses:');
    for (const { n, replies } of runs) {
      for (const r of replies.results.filter((x) => x.reason !== x.reply.reason || x.hard !== x.reply.hard)) {
        console.log(`[${n} ${r.stage} ${r.reply.system}] ${r.reply.text}\n    want ${r.reply.reason}${r.reply.hard ? ' HARD' : ''}, got ${r.reason}${r.hard ? ' HARD' : ''} | ${r.diagnostic ?? '(no DSN)'}`);
      }
    }
  }
} finally {
  await server.close();
}
