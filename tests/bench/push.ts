/**
 * Push benchmark (not a test): 1,000 socket.io-client clients in this process, events posted at 5,000/s to a
 * real server process; prints p50/p95/p99 from "POST answered" to "the update carrying it arrived", over
 * every client and every batch, and the server's CPU and RSS.
 *   npm run bench:push [-- --clients 1000 --rate 5000 --seconds 20]
 * Each batch carries one orders.placed event with count 1, so the cumulative orders of today in an update
 * say which batches it includes.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket';
import { freePort, startEmbeddedRedis } from '../../server/store/embedded';

const { values: opt } = parseArgs({ options: {
  clients: { type: 'string', default: '1000' }, rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '20' },
} });
const CLIENTS = Number(opt.clients);
const RATE = Number(opt.rate);
const SECONDS = Number(opt.seconds);
const TICK_MS = 100;
const PER_TICK = Math.round((RATE * TICK_MS) / 1000);
const KEY = 'bench-push-ingest-key-0123';
const VIEWER = 'bench-push-viewer-token-01';

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

function procStats(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { cpuSeconds: ticks / 100, rss };
}

async function main() {
  const redis = await startEmbeddedRedis();
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_VIEWER_TOKEN: VIEWER, LOG_LEVEL: 'warn', PEAKWATCH_TENANT: `push-${Date.now()}`,
      // Every client connects from 127.0.0.1: the per-address connection limit (120 a minute) is for the field.
      PEAKWATCH_RATE_SOCKETS: '100000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    server.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    server.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; ${CLIENTS} clients, ${RATE} events/s for ${SECONDS} s`);

  // acked[i]: when POST i was answered; per client, the highest batch seen so far.
  const acked: number[] = [];
  const latencies: number[] = [];
  let baseOrders = -1;
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  let connected = 0;
  await new Promise<void>((ok) => {
    for (let c = 0; c < CLIENTS; c++) {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token: VIEWER, view: 'wall' }, transports: ['websocket'], forceNew: true });
      let seen = 0; // batches this client has seen
      const onOrders = (orders: number | undefined) => {
        if (orders === undefined || baseOrders < 0) return;
        const upTo = orders - baseOrders;
        const t = performance.now();
        // An update can beat the POST's own answer to this process: that delivery took no time after it.
        for (; seen < upTo; seen++) latencies.push(acked[seen] === undefined ? 0 : Math.max(0, t - acked[seen]!));
      };
      s.on('snapshot', (snap) => { if (++connected === CLIENTS) ok(); onOrders(snap.totals.windows.today.orders); });
      s.on('update', (u) => onOrders(u.totals?.windows.today.orders));
      sockets.push(s);
    }
  });
  console.log(`${CLIENTS} clients connected`);
  const first = await (await fetch(`${url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${VIEWER}` } })).json() as { totals: { windows: { today: { orders: number } } } };
  baseOrders = first.totals.windows.today.orders;

  const cpu0 = procStats(server.pid!);
  let peakRss = cpu0.rss;
  const t0 = performance.now();
  let batch = 0;
  const posts: Promise<void>[] = [];
  const errors: string[] = [];
  while (performance.now() - t0 < SECONDS * 1000) {
    const i = batch++;
    const now = Date.now();
    const events: object[] = [{ id: `b${i}-o`, type: 'orders.placed', at: now, count: 1 }];
    for (let k = 1; k < PER_TICK; k++) {
      const cid = `b${i}-c${k}`;
      events.push({ id: `${cid}-q`, type: 'contact.queued', at: now - 1000, channel: k % 2 ? 'chat' : 'voice', contactId: cid, queue: `q${k % 10}` });
    }
    posts.push(fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) })
      .then(async (r) => { if (r.status !== 200) errors.push(`HTTP ${r.status}`); await r.arrayBuffer(); acked[i] = performance.now(); }));
    peakRss = Math.max(peakRss, procStats(server.pid!).rss);
    const next = t0 + batch * TICK_MS;
    await new Promise((ok) => setTimeout(ok, Math.max(0, next - performance.now())));
  }
  await Promise.all(posts);
  const wall = (performance.now() - t0) / 1000;
  await new Promise((ok) => setTimeout(ok, 2000)); // let the last updates arrive
  const cpu1 = procStats(server.pid!);

  const expected = batch * CLIENTS;
  latencies.sort((a, b) => a - b);
  console.log(`batches: ${batch} (${PER_TICK} events each, ${(batch * PER_TICK / wall).toFixed(0)} events/s); POST errors: ${errors.length}`);
  console.log(`deliveries measured: ${latencies.length} of ${expected} (batch × client)`);
  console.log(`POST answered → update at client: p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms   target p99 ≤ 200 ms`);
  console.log(`server: CPU ${(((cpu1.cpuSeconds - cpu0.cpuSeconds) / wall) * 100).toFixed(0)} % of one core, RSS peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  for (const s of sockets) s.disconnect();
  server.kill('SIGTERM');
  await new Promise((ok) => server.once('exit', ok));
  await redis.stop();
}

main().catch((err) => { console.error(err); process.exit(1); });
