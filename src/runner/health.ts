import { createServer, type Server } from 'node:http';
import type { Logger } from '../core/log.js';
import type { Metrics } from './metrics.js';

export interface HealthOptions {
  port: number;
  host?: string;
  staleSeconds: number;
  /** A source's error while it fails (the agent fills it: AgentOptions.sourceErrors). */
  sourceErrors?: ReadonlyMap<string, string>;
}

/**
 * /healthz (200 while every source is up and has read its mailbox within staleSeconds, else 503)
 * and /metrics (Prometheus text) on a local port. Loopback by default: nothing here is for the world.
 */
export async function serveHealth(o: HealthOptions, metrics: Metrics, sources: string[], log: Logger): Promise<Server> {
  const started = Date.now() / 1000;
  const server = createServer((req, res) => {
    if (req.method !== 'GET') { res.writeHead(405).end(); return; }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics.text());
      return;
    }
    if (req.url === '/healthz') {
      const now = Date.now() / 1000;
      const state = Object.fromEntries(sources.map((s) => {
        const last = metrics.get('bouncesync_last_successful_poll_timestamp_seconds', { source: s });
        const error = o.sourceErrors?.get(s) ?? null;
        // A source gets staleSeconds from start-up before it counts as failing; one that failed is down at once.
        const ok = !error && now - (last || started) <= o.staleSeconds;
        return [s, { ok, up: !error, lastPoll: last ? new Date(last * 1000).toISOString() : null, error }];
      }));
      const ok = Object.values(state).every((s) => s.ok);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'failing', backlog: metrics.get('bouncesync_ledger_backlog'), sources: state }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  log.info({ port: o.port, host: o.host ?? '127.0.0.1' }, 'serving /healthz and /metrics');
  return server;
}
