/**
 * Push benchmark (not a test): wall clients spread over `--procs` load-generating child processes (push-clients.ts),
 * events posted at `--rate` per second to a real server process for `--seconds`; latency from "POST answered" to
 * "the update carrying it arrived", over every client and batch. The server's memory is read after a full GC
 * (the benchmark-only heap probe) with no socket, with every socket at rest, and after the load; per socket is the
 * growth over the no-socket baseline divided by the sockets. Each repetition has a fresh Redis and server; the
 * client counts given alternate (1000, 5000, 1000, 5000, …); medians and ranges at the end.
 *   npm run bench:push [-- --clients 1000,5000 --reps 3 --procs 4 --rate 5000 --seconds 20]
 * Each batch carries one orders.placed event with count 1, so the cumulative orders of today in an update say
 * which batches it includes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { type HeapReading, int, machine, pct, procStats, showSpread, spread, startServer } from './harness';
import type { FromClients, ToClients } from './push-clients';

const { values: opt } = parseArgs({ options: {
  clients: { type: 'string', default: '1000' }, reps: { type: 'string', default: '3' }, procs: { type: 'string', default: '4' },
  rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '20' }, 'connect-timeout': { type: 'string', default: '300' },
} });
const COUNTS = opt.clients.split(',').map(Number);
const REPS = Number(opt.reps);
const PROCS = Number(opt.procs);
const RATE = Number(opt.rate);
const SECONDS = Number(opt.seconds);
const CONNECT_TIMEOUT_MS = Number(opt['connect-timeout']) * 1000;
const TICK_MS = 100;
const PER_TICK = Math.round((RATE * TICK_MS) / 1000);
const KEY = 'bench-push-ingest-key-0123';
const VIEWER = 'bench-push-viewer-token-01';
const CLIENTS = fileURLToPath(new URL('./push-clients.ts', import.meta.url));

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface Rep {
  clients: number;
  p50: number; p95: number; p99: number; max: number;
  deliveries: number; expected: number; errors: number;
  cpu: number; generatorCpu: number; peakRss: number;
  base: HeapReading; rest: HeapReading; after: HeapReading;
  updateBytes: number;
}

/** A load-generating child and a way to wait for its next message of a type. */
function generator() {
  const child: ChildProcess = fork(CLIENTS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T extends FromClients['type']>(type: T) => new Promise<Extract<FromClients, { type: T }>>((ok, fail) => {
    const onMessage = (m: FromClients) => { if (m.type === type) { child.off('message', onMessage); ok(m as Extract<FromClients, { type: T }>); } };
    child.on('message', onMessage);
    child.once('exit', (c) => fail(new Error(`load generator exited ${c}`)));
  });
  return { child, next, send: (m: ToClients) => child.send(m) };
}

/** Posts a batch every TICK_MS for `seconds`; resolves with when each POST was answered (absolute ms). */
async function load(url: string, tag: string, pid: number, seconds: number) {
  const acks: number[] = [];
  const posts: Promise<void>[] = [];
  let errors = 0;
  let peakRss = 0;
  const t0 = performance.now();
  let batch = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const i = batch++;
    const at = Date.now();
    const events: object[] = [{ id: `${tag}-b${i}-o`, type: 'orders.placed', at, count: 1 }];
    for (let k = 1; k < PER_TICK; k++) {
      const cid = `${tag}-b${i}-c${k}`;
      events.push({ id: `${cid}-q`, type: 'contact.queued', at: at - 1000, channel: k % 2 ? 'chat' : 'voice', contactId: cid, queue: `q${k % 10}` });
    }
    posts.push(fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) })
      .then(async (r) => { if (r.status !== 200) errors++; await r.arrayBuffer(); acks[i] = now(); }));
    peakRss = Math.max(peakRss, procStats(pid).rss);
    await sleep(Math.max(0, t0 + batch * TICK_MS - performance.now()));
  }
  await Promise.all(posts);
  return { acks, errors, peakRss, wall: (performance.now() - t0) / 1000 };
}

async function todayOrders(url: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/snapshot`, { headers: { authorization: `Bearer ${VIEWER}` } });
  return ((await res.json()) as { totals: { windows: { today: { orders: number } } } }).totals.windows.today.orders;
}

async function rep(clients: number, r: number): Promise<Rep> {
  const redis = await startEmbeddedRedis();
  const server = await startServer({
    probe: true,
    env: { REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_VIEWER_TOKEN: VIEWER, PEAKWATCH_TENANT: `push-${r}-${clients}`,
      // Every client connects from 127.0.0.1: the per-address connection limit is for the field.
      PEAKWATCH_RATE_SOCKETS: '100000' },
  });
  const pid = server.proc.pid!;
  // Warm-up without sockets (JIT, pools, a state to show), then the no-socket baseline.
  await load(server.url, `warm${r}`, pid, 3);
  await sleep(1000);
  const base = await server.heap();

  const gens = Array.from({ length: PROCS }, generator);
  const share = (i: number) => Math.floor(clients / PROCS) + (i < clients % PROCS ? 1 : 0);
  const connected = gens.map((g) => g.next('connected'));
  gens.forEach((g, i) => g.send({ type: 'start', url: server.url, token: VIEWER, clients: share(i) }));
  const deadline = new Promise<never>((_ok, fail) => setTimeout(() => fail(new Error(`not every client connected within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS).unref());
  let connectMs: number;
  try {
    connectMs = Math.max(...(await Promise.race([Promise.all(connected), deadline])).map((m) => m.ms));
  } catch (err) {
    for (const g of gens) g.child.kill();
    await server.stop();
    await redis.stop();
    throw err;
  }
  await sleep(2000);
  const rest = await server.heap();
  const orders = await todayOrders(server.url);
  for (const g of gens) g.send({ type: 'base', orders });

  const cpu0 = procStats(pid);
  const run = await load(server.url, `run${r}`, pid, SECONDS);
  await sleep(2000); // the last updates arrive
  const cpu1 = procStats(pid);
  const after = await server.heap();
  const results = gens.map((g) => g.next('result'));
  for (const g of gens) g.send({ type: 'acks', acks: run.acks });
  const res = await Promise.all(results);
  for (const g of gens) g.send({ type: 'close' });
  await Promise.all(gens.map((g) => new Promise((ok) => (g.child.exitCode !== null ? ok(null) : g.child.once('exit', ok)))));
  await server.stop();
  await redis.stop();

  const latencies = res.flatMap((x) => x.latencies).sort((a, b) => a - b);
  const updates = res.reduce((s, x) => s + x.updates, 0);
  const out: Rep = {
    clients, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: latencies.at(-1) ?? NaN,
    deliveries: latencies.length, expected: run.acks.length * clients, errors: run.errors,
    cpu: (cpu1.cpuSeconds - cpu0.cpuSeconds) / run.wall, generatorCpu: res.reduce((s, x) => s + x.cpuSeconds, 0) / run.wall,
    peakRss: run.peakRss, base, rest, after, updateBytes: updates ? res.reduce((s, x) => s + x.bytes, 0) / updates : 0,
  };
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`rep ${r}, ${int(clients)} clients (connected in ${int(connectMs)} ms): deliveries ${int(out.deliveries)} of ${int(out.expected)}, POST errors ${out.errors}; ` +
    `p50 ${out.p50.toFixed(1)} ms, p95 ${out.p95.toFixed(1)} ms, p99 ${out.p99.toFixed(1)} ms, max ${out.max.toFixed(1)} ms; ` +
    `server CPU ${(out.cpu * 100).toFixed(0)} % of a core, load generators ${(out.generatorCpu * 100).toFixed(0)} % (all), RSS peak ${int(out.peakRss / 2 ** 20)} MiB; update ~${int(out.updateBytes)} B`);
  console.log(`  heap after GC: no socket ${int(base.heapUsed / 2 ** 20)} MiB, at rest ${int(rest.heapUsed / 2 ** 20)} MiB, after load ${int(after.heapUsed / 2 ** 20)} MiB; ` +
    `per socket: heap ${kib((rest.heapUsed - base.heapUsed) / clients)} (after load ${kib((after.heapUsed - base.heapUsed) / clients)}), ` +
    `RSS ${kib((rest.rss - base.rss) / clients)} (after load ${kib((after.rss - base.rss) / clients)}), external ${kib((rest.external - base.external) / clients)}`);
  return out;
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`clients ${COUNTS.join(', ')} alternating, ${REPS} repetitions, over ${PROCS} load-generating processes; ${int(RATE)} events/s (${PER_TICK} every ${TICK_MS} ms) for ${SECONDS} s`);
  const reps: Rep[] = [];
  for (let r = 1; r <= REPS; r++) {
    for (const c of COUNTS) {
      try {
        reps.push(await rep(c, r));
      } catch (err) {
        console.log(`rep ${r}, ${int(c)} clients: failed, ${(err as Error).message}`);
      }
    }
  }
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const mib = (n: number) => `${int(n / 2 ** 20)} MiB`;
  for (const c of COUNTS) {
    const of = reps.filter((x) => x.clients === c);
    const per = (f: (x: Rep) => number) => spread(of.map(f));
    console.log(`\n=== ${int(c)} clients, ${of.length} repetitions: median (range) ===`);
    console.log(`p50 ${showSpread(per((x) => x.p50), ms)}; p95 ${showSpread(per((x) => x.p95), ms)}`);
    console.log(`p99 ${showSpread(per((x) => x.p99), ms)}; max ${showSpread(per((x) => x.max), ms)}   target p99 ≤ 200 ms`);
    console.log(`deliveries ${of.map((x) => `${int(x.deliveries)}/${int(x.expected)}`).join(', ')}; POST errors ${of.map((x) => x.errors).join(', ')}`);
    console.log(`server CPU ${showSpread(per((x) => x.cpu * 100), (n) => `${n.toFixed(0)} %`)} of a core, load generators ${showSpread(per((x) => x.generatorCpu * 100), (n) => `${n.toFixed(0)} %`)}; RSS peak ${showSpread(per((x) => x.peakRss), mib)}`);
    console.log(`heap after GC, per socket at rest ${showSpread(per((x) => (x.rest.heapUsed - x.base.heapUsed) / c), kib)}, after load ${showSpread(per((x) => (x.after.heapUsed - x.base.heapUsed) / c), kib)}`);
    console.log(`RSS per socket at rest ${showSpread(per((x) => (x.rest.rss - x.base.rss) / c), kib)}, after load ${showSpread(per((x) => (x.after.rss - x.base.rss) / c), kib)}; no-socket baseline heap ${showSpread(per((x) => x.base.heapUsed), mib)}, RSS ${showSpread(per((x) => x.base.rss), mib)}`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
