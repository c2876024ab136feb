// One end-to-end pass in its own process, so its peak memory is its own: the agent in --once
// mode reads the IMAP mailbox, records every message in the ledger, moves it, writes back.
// Prints one JSON line. Used by ./run.mjs.
import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
const [dist, configFile] = process.argv.slice(2);
const { loadConfig } = await import(resolve(dist, 'src/config/load.js'));
const { openAgent, closeAgent, processor, decoderOf } = await import(resolve(dist, 'src/pipeline.js'));
const { sourcesFromConfig } = await import(resolve(dist, 'src/sources/index.js'));
const { runAgent } = await import(resolve(dist, 'src/agent/agent.js'));
const { Metrics } = await import(resolve(dist, 'src/agent/metrics.js'));
const { Checkpoints } = await import(resolve(dist, 'src/ledger/checkpoints.js'));
const { silentLogger } = await import(resolve(dist, 'src/core/log.js'));
const { sendLookup } = await import(resolve(dist, 'src/send/ledger.js'));

const config = loadConfig(configFile);
// As `bouncesync run` does: returned mail is matched against the send ledger (token → send).
const agent = await openAgent(config, { log: silentLogger, sends: sendLookup(config.send.ledger) });
const sources = await sourcesFromConfig(agent.config, { ledger: agent.ledger, log: silentLogger, decodeAhead: decoderOf(agent) });
let peakHeap = 0;
const Q = {}; const spy = (db, tag) => db.on('query', (q) => { const k = tag + ' ' + q.sql.slice(0, 90); Q[k] = (Q[k] ?? 0) + 1; });
if (process.env.BENCH_QUERIES) { spy(agent.ledger.db, 'ledger'); spy(agent.database.db, 'crm'); }
// v8's heap figure, not process.memoryUsage(): that one reads the whole process's RSS each time.
const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size); }, 50);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const sum = await runAgent({ sources, processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics: new Metrics(), log: silentLogger, once: true }, new AbortController().signal);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
clearInterval(sampler);
globalThis.gc?.();
const retainedHeapMb = Math.round(process.memoryUsage().heapUsed / 1048576); // after a full GC: what the run kept
await closeAgent(agent);
if (process.env.BENCH_QUERIES) console.error(Object.entries(Q).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, n]) => `${n}\t${k}`).join('\n'));
console.log(JSON.stringify({ ...sum, ms, cpuMs: (cpu.user + cpu.system) / 1000, mainBusy: elu.utilization, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576), retainedHeapMb }));
