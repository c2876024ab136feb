// One end-to-end process, so its peak memory is its own: the agent in --once mode first reads a
// warm-up mailbox (the cold start: code compiled, caches filled, as in a service that has been up
// a while), then the measured one: reads it over IMAP, records every message in the ledger, moves
// it, writes back. Prints one JSON line. Used by ./run.mjs.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
const [dist, configFile] = process.argv.slice(2);
const { loadConfig } = await import(resolve(dist, 'src/config/load.js'));
const { openAgent, closeAgent, processor, decoderOf } = await import(resolve(dist, 'src/flow/flow.js'));
const { sourcesFromConfig } = await import(resolve(dist, 'src/sources/index.js'));
const { runAgent } = await import(resolve(dist, 'src/runner/loop.js'));
const { Metrics } = await import(resolve(dist, 'src/runner/metrics.js'));
const { Checkpoints } = await import(resolve(dist, 'src/ledger/checkpoints.js'));
const { silentLogger } = await import(resolve(dist, 'src/core/log.js'));
const { sendLookup } = await import(resolve(dist, 'src/send/ledger.js'));
const { programCpu, spent, threadCpu } = await import(resolve(dirname(fileURLToPath(import.meta.url)), 'cpu.mjs'));

const config = loadConfig(configFile);
// As `bouncesync run` does: returned mail is matched against the send ledger (token → send).
const agent = await openAgent(config, { log: silentLogger, sends: sendLookup(config.send.ledger) });
const [warmup, measured] = await sourcesFromConfig(agent.config, { ledger: agent.ledger, log: silentLogger, decodeAhead: decoderOf(agent) });
const pass = (source) => runAgent({ sources: [source], processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics: new Metrics(), log: silentLogger, once: true }, new AbortController().signal);
let peakHeap = 0;
const Q = {}; const spy = (db, tag) => db.on('query', (q) => { const k = tag + ' ' + q.sql.slice(0, 90); Q[k] = (Q[k] ?? 0) + 1; });
// v8's heap figure, not process.memoryUsage(): that one reads the whole process's RSS each time.
const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size); }, 50);

let t0 = performance.now();
const warm = await pass(warmup);
const warmMs = performance.now() - t0;

if (process.env.BENCH_QUERIES) { spy(agent.ledger.db, 'ledger'); spy(agent.database.db, 'crm'); }
const threads0 = threadCpu();
const machine0 = programCpu();
t0 = performance.now();
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const sum = await pass(measured);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const threads1 = threadCpu();
const machine1 = programCpu();
clearInterval(sampler);
globalThis.gc?.();
const retainedHeapMb = Math.round(process.memoryUsage().heapUsed / 1048576); // after a full GC: what the run kept
await closeAgent(agent);
if (process.env.BENCH_QUERIES) console.error(Object.entries(Q).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, n]) => `${n}\t${k}`).join('\n'));
console.log(JSON.stringify({
  ...sum, ms, warmMessages: warm.messages, warmMs,
  cpuMs: (cpu.user + cpu.system) / 1000, mainBusy: elu.utilization,
  mainThreadMs: threads1 && threads1.main - threads0.main, otherThreadsMs: threads1 && threads1.others - threads0.others,
  dovecotMs: spent(machine0, machine1, ['dovecot', 'imap', 'imap-login', 'indexer-worker']), mariadbMs: spent(machine0, machine1, ['mariadbd', 'mysqld']),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576), retainedHeapMb,
}));
