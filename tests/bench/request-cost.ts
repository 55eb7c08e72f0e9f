/**
 * Request cost benchmark (not a test): the server's CPU time per request of a route, closed loop (`--concurrency`
 * requests always in flight, `--requests` of each route) against a real server process on its own embedded Redis.
 * CPU per request holds better than requests per second on a machine shared with other work. Each route gets 500
 * requests of warm-up first, then 2 s of quiet, unmeasured.
 *   npm run bench:request-cost [-- --requests 3000 --concurrency 8 wait chatwoot events healthz]
 * Routes: healthz; wait (GET /api/v1/wait, 2,000 chat contacts waiting, three in four asking for one's place);
 * events (POST /api/v1/events, one event each); chatwoot (a signed Chatwoot webhook, one event each).
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { dialects } from '../../scripts/sim/dialects/index';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { startEmbeddedRedis } from '../../server/store/embedded';
import type { PeakEvent } from '../../shared/events';
import { int, machine, procStats, startServer } from './harness';

const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: {
  requests: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '8' },
} });
const N = Number(opt.requests);
const CONC = Number(opt.concurrency);
/** Requests of each route sent before it is measured. */
const WARM_UP = 500;
const ROUTES = positionals.length ? positionals : ['wait', 'chatwoot', 'events', 'healthz'];
const KEY = 'bench-cost-ingest-key-0123';
const WIDGET = 'bench-cost-widget-key-0123';
const ADMIN = 'bench-cost-admin-token-0123';
const PUBLIC_URL = 'https://peakwatch.bench.example';
const CHATWOOT = { name: 'bench-chatwoot', type: 'chatwoot', secret: 'bench-cost-secret-0123' } as ConnectorConfig;

interface Req { method: 'GET' | 'POST' | 'PUT'; path: string; headers?: Record<string, string>; body?: string }

async function main() {
  console.log(`machine: ${machine()}`);
  const redis = await startEmbeddedRedis();
  const server = await startServer({ env: {
    REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_WIDGET_KEYS: WIDGET, PEAKWATCH_ADMIN_TOKEN: ADMIN, PEAKWATCH_TENANT: 'bench-cost',
    PEAKWATCH_RATE_WAIT: '100000', PEAKWATCH_RATE_INGEST: '100000', PEAKWATCH_RATE_API: '100000', PEAKWATCH_PUBLIC_URL: PUBLIC_URL,
  } });
  const pool = new Pool(server.url, { connections: CONC });
  const call = async (r: Req) => {
    const res = await pool.request(r);
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${r.method} ${r.path}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
  };
  const json = { 'content-type': 'application/json' };
  try {
    const now = Date.now();
    const waiting = Array.from({ length: 2000 }, (_, i) => ({ id: `w${i}q`, type: 'contact.queued', at: now - 300_000 + i, channel: 'chat', contactId: `w${i}`, queue: `q${i % 10}` }));
    await call({ method: 'POST', path: '/api/v1/events', headers: { ...json, authorization: `Bearer ${KEY}` }, body: JSON.stringify(waiting) });
    await call({ method: 'PUT', path: '/api/v1/connectors', headers: { ...json, authorization: `Bearer ${ADMIN}` }, body: JSON.stringify([CHATWOOT]) });
    const day: PeakEvent[] = Array.from({ length: N + WARM_UP }, (_, i) => ({ id: `cw${i}-q`, type: 'contact.queued', at: now - 60_000 + i, channel: 'chat', contactId: `cw${i}`, queue: 'q1' }));
    const hooks = dialects.get('chatwoot')!.encode(day, CHATWOOT, { publicUrl: PUBLIC_URL, now }).requests;
    let k = 0;
    let hook = 0;
    const make: Record<string, () => Req> = {
      healthz: () => ({ method: 'GET', path: '/healthz' }),
      wait: () => ({ method: 'GET', path: `/api/v1/wait?channel=chat&key=${WIDGET}${k++ % 4 ? `&contactId=w${(k * 7919) % 2000}` : ''}` }),
      events: () => {
        const i = k++;
        return { method: 'POST', path: '/api/v1/events', headers: { ...json, authorization: `Bearer ${KEY}` },
          body: JSON.stringify([{ id: `e${i}`, type: 'contact.queued', at: Date.now(), channel: 'email', contactId: `e${i}`, queue: 'q1' }]) };
      },
      chatwoot: () => {
        const r = hooks[hook++ % hooks.length]!;
        return { method: 'POST', path: r.path, headers: r.headers as Record<string, string>, body: String(r.body) };
      },
    };
    for (const route of ROUTES) {
      if (!make[route]) throw new Error(`unknown route "${route}" (${Object.keys(make).join(', ')})`);
      // Warm-up, unmeasured: the JIT, and the snapshots the seeding and the previous route made the broadcaster compute.
      let sent = N - WARM_UP;
      await Promise.all(Array.from({ length: CONC }, async () => { while (sent++ < N) await call(make[route]!()); }));
      await new Promise((ok) => setTimeout(ok, 2000));
      sent = 0;
      const cpu0 = procStats(server.proc.pid!).cpuSeconds;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONC }, async () => { while (sent++ < N) await call(make[route]!()); }));
      const s = (performance.now() - t0) / 1000;
      const cpu = procStats(server.proc.pid!).cpuSeconds - cpu0;
      console.log(`${route.padEnd(9)} ${int(N / s)} requests/s; server CPU ${int((cpu / N) * 1e6)} µs per request (${((cpu / s) * 100).toFixed(0)} % of a core)`);
    }
  } finally {
    await pool.close();
    await server.stop();
    await redis.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
