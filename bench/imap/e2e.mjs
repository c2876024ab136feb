// One end-to-end pass in its own process, so its peak memory is its own: the agent in --once
// mode reads the IMAP mailbox, records every message in the ledger, moves it, writes back.
// Prints one JSON line. Used by ./run.mjs.
import { resolve } from 'node:path';
const [dist, configFile] = process.argv.slice(2);
const { loadConfig } = await import(resolve(dist, 'src/config/load.js'));
const { openAgent, closeAgent, processor } = await import(resolve(dist, 'src/pipeline.js'));
const { sourcesFromConfig } = await import(resolve(dist, 'src/sources/index.js'));
const { runAgent } = await import(resolve(dist, 'src/agent/agent.js'));
const { Metrics } = await import(resolve(dist, 'src/agent/metrics.js'));
const { Checkpoints } = await import(resolve(dist, 'src/ledger/checkpoints.js'));
const { silentLogger } = await import(resolve(dist, 'src/core/log.js'));
const { sendLookup } = await import(resolve(dist, 'src/send/ledger.js'));

const config = loadConfig(configFile);
// As `bouncesync run` does: returned mail is matched against the send ledger (token → send).
const agent = await openAgent(config, { log: silentLogger, sends: sendLookup(config.send.ledger) });
const sources = await sourcesFromConfig(agent.config, { ledger: agent.ledger, log: silentLogger });
let peakHeap = 0;
const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 50);
const t0 = performance.now();
const sum = await runAgent({ sources, processor: processor(agent), checkpoints: new Checkpoints(agent.ledger), metrics: new Metrics(), log: silentLogger, once: true }, new AbortController().signal);
const ms = performance.now() - t0;
clearInterval(sampler);
globalThis.gc?.();
const retainedHeapMb = Math.round(process.memoryUsage().heapUsed / 1048576); // after a full GC: what the run kept
await closeAgent(agent);
console.log(JSON.stringify({ ...sum, ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576), retainedHeapMb }));
