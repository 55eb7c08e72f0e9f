/**
 * Soak benchmark (not a test): a real server process on a fresh embedded Redis, 500 socket.io-client clients
 * on the wall view, and a steady 2,000 events/s for 10 minutes. Every 30 s prints the server's RSS, Redis's
 * used_memory, the server's event-loop delay p99, POST errors, disconnects and updates per client per second;
 * at the end, whether memory levels off (last half grows < 2 % per minute).
 *   npm run bench:soak [-- --minutes 10 --clients 500 --rate 2000 --window 120]
 *
 * What Redis keeps grows until the duplicate window has passed (a closed contact keeps its state, and so its
 * event ids, for the window; 48 h by default), then levels off. A 10-minute run cannot pass 48 h,
 * so the server runs with PEAKWATCH_DUPLICATE_WINDOW_S = --window (default 120 s): the run passes the window
 * several times and must show Redis level off. At the end it measures what one kept contact and one minute of
 * buckets cost, and prints what Redis holds at steady state with the 48 h window at this rate.
 *
 * Traffic: a contact centre already running: contacts arrive at rate / 3.12 a second, each queued, answered
 * 40 s later and resolved 5 min later (same contactId), one agent.status per 10 contacts and one
 * orders.placed per 50 (3.12 events per contact). Every event carries a unique id and a time ≤ now. The 5 min
 * before the run are posted first (backfill), so answers and resolutions flow at their steady rate from the
 * first second and the run posts `rate` events/s throughout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket';
import { AGENT_STATUSES, DEFAULT_CHANNELS } from '../../shared/channels';
import { type EmbeddedRedis, freePort, startEmbeddedRedis } from '../../server/store/embedded';
import { cleanup, isCleaning, onCleanup, track } from './children';

const { values: opt } = parseArgs({ options: {
  minutes: { type: 'string', default: '10' }, clients: { type: 'string', default: '500' }, rate: { type: 'string', default: '2000' },
  window: { type: 'string', default: '120' },
} });
const MINUTES = Number(opt.minutes);
const CLIENTS = Number(opt.clients);
const RATE = Number(opt.rate);
const WINDOW_S = Number(opt.window);
if (!(MINUTES > 0) || !(CLIENTS >= 0) || !(RATE > 0)) throw new Error('--minutes, --clients and --rate must be positive numbers');
if (!Number.isInteger(WINDOW_S) || WINDOW_S < 60 || WINDOW_S > 691_200) throw new Error('--window must be a whole number of seconds, 60-691200 (the server\'s PEAKWATCH_DUPLICATE_WINDOW_S)');
const TENANT = `soak-${Date.now()}`;
const TICK_MS = 100;
const SAMPLE_MS = 30_000;
const KEY = 'bench-soak-ingest-key-0123';
const VIEWER = 'bench-soak-viewer-token-01';
const EVENTS_PER_CONTACT = 3 + 1 / 10 + 1 / 50;
const CONTACTS_PER_S = RATE / EVENTS_PER_CONTACT;
const ANSWER_MS = 40_000;
const RESOLVE_MS = 300_000;
const MAX_POST = 2_500; // events per POST (the contract allows 5,000 and 1 MiB)
const LAG_METRIC = 'peakwatch_process_nodejs_eventloop_lag_p99_seconds';
const MiB = 2 ** 20;

// ---------------------------------------------------------------------------------------------- children

let server: ChildProcess | undefined;
let redis: EmbeddedRedis | undefined;
let redisClient: Redis | undefined;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
// The server is a tracked child (children.ts stops it first, on Ctrl-C or an error); then the clients and Redis.
onCleanup(() => { for (const s of sockets) s.disconnect(); redisClient?.disconnect(); });
onCleanup(() => redis?.stop());
process.on('uncaughtException', (err) => { console.error(err); void cleanup().finally(() => process.exit(1)); });
process.on('unhandledRejection', (err) => { console.error(err); void cleanup().finally(() => process.exit(1)); });

// ---------------------------------------------------------------------------------------------- traffic

const RUN = `soak${Date.now().toString(36)}`;
let T0 = 0; // event time of contact 0
let qNext = 0; // next contact to queue
let aNext = 0; // next contact to answer
let xNext = 0; // next contact to resolve
const queuedAt = (i: number) => T0 + Math.floor((i * 1000) / CONTACTS_PER_S);
const channelOf = (i: number) => DEFAULT_CHANNELS[i % 2 === 0 ? 0 : i % DEFAULT_CHANNELS.length]!;

/** Every event due up to `now` (event time ≤ now), in event-time order per kind. */
function due(now: number): object[] {
  const out: object[] = [];
  for (; queuedAt(xNext) + RESOLVE_MS <= now; xNext++) {
    out.push({ id: `${RUN}-c${xNext}-x`, type: 'contact.resolved', at: queuedAt(xNext) + RESOLVE_MS, channel: channelOf(xNext), contactId: `${RUN}-c${xNext}` });
  }
  for (; queuedAt(aNext) + ANSWER_MS <= now; aNext++) {
    out.push({ id: `${RUN}-c${aNext}-a`, type: 'contact.answered', at: queuedAt(aNext) + ANSWER_MS, channel: channelOf(aNext), contactId: `${RUN}-c${aNext}` });
  }
  for (; queuedAt(qNext) <= now; qNext++) {
    const i = qNext;
    const t = queuedAt(i);
    out.push({ id: `${RUN}-c${i}-q`, type: 'contact.queued', at: t, channel: channelOf(i), contactId: `${RUN}-c${i}`, queue: `q${i % 20}`, reason: `r${i % 12}` });
    if (i % 10 === 0) out.push({ id: `${RUN}-ag${i}`, type: 'agent.status', at: t, channel: channelOf(i), agentId: `a${(i / 10) % 300}`, status: AGENT_STATUSES[(i / 10) % 3]! });
    if (i % 50 === 0) out.push({ id: `${RUN}-o${i}`, type: 'orders.placed', at: t, count: 1 + (i % 7) });
  }
  return out;
}

function chunks<T>(a: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
  return out;
}

let url = '';
const errors: string[] = [];
let rejectedEvents = 0;
let inFlight = 0;

/** POSTs one batch; counts failures instead of throwing. */
async function post(events: object[]): Promise<void> {
  inFlight++;
  try {
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    const text = await res.text();
    if (res.status !== 200) { errors.push(`HTTP ${res.status}: ${text.slice(0, 200)}`); return; }
    const json = JSON.parse(text) as { accepted: number; rejected: unknown[] };
    if (json.rejected.length) { rejectedEvents += json.rejected.length; errors.push(`rejected ${json.rejected.length}: ${JSON.stringify(json.rejected[0]).slice(0, 200)}`); }
  } catch (err) {
    errors.push(`POST failed: ${(err as Error).message}`);
  } finally {
    inFlight--;
  }
}

/** Posts everything due up to now, `conc` requests at a time, and waits for the answers. */
async function catchUp(conc: number): Promise<number> {
  const all: object[] = [];
  // Step through event time a second at a time so the batches go out in rough event-time order.
  for (let t = Math.min(T0 + 1000, Date.now()); ; t = Math.min(t + 1000, Date.now())) {
    for (const e of due(t)) all.push(e);
    if (t >= Date.now() - 1) break;
  }
  const batches = chunks(all, MAX_POST);
  let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < batches.length) await post(batches[next++]!); }));
  return all.length;
}

// ---------------------------------------------------------------------------------------------- measures

function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

async function redisUsedMemory(): Promise<number> {
  const info = await redisClient!.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** Mean MEMORY USAGE of up to `n` keys matching `pattern` (SCAN), and how many keys match in all. */
async function keyCost(pattern: string, n: number): Promise<{ meanBytes: number; count: number }> {
  let cursor = '0';
  let count = 0;
  const sample: string[] = [];
  do {
    const [next, keys] = await redisClient!.scan(cursor, 'MATCH', pattern, 'COUNT', 10_000);
    cursor = next;
    count += keys.length;
    for (const k of keys) if (sample.length < n) sample.push(k);
  } while (cursor !== '0');
  const sizes = await Promise.all(sample.map((k) => redisClient!.memory('USAGE', k, 'SAMPLES', 0)));
  const known = sizes.filter((b): b is number => typeof b === 'number');
  return { meanBytes: known.reduce((a, b) => a + b, 0) / (known.length || 1), count };
}

/** MEMORY USAGE of the given keys together (absent keys count 0). */
async function bytesOf(keys: string[]): Promise<number> {
  const sizes = await Promise.all(keys.map((k) => redisClient!.memory('USAGE', k, 'SAMPLES', 0)));
  return sizes.reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0);
}

/** The server's event-loop delay p99 (seconds) since the previous scrape (prom-client resets its histogram on each collect), or null when absent. */
async function scrapeLag(): Promise<number | null> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^${LAG_METRIC}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

/** Fallback: /healthz round trips, every 250 ms. */
const healthRtts: number[] = [];
let healthTimer: NodeJS.Timeout | undefined;
function startHealthPings() {
  healthTimer = setInterval(() => {
    const t = performance.now();
    fetch(`${url}/healthz`).then(async (r) => { await r.arrayBuffer(); healthRtts.push(performance.now() - t); }).catch(() => { /* counted nowhere: errors are for POSTs */ });
  }, 250);
}

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

interface Sample { min: number; posted: number; rss: number; redisMem: number; redisKeys: number; lagP99Ms: number; errors: number; disconnects: number; updatesPerClientS: number }

/** Least-squares slope (per minute) over the samples. */
function slope(samples: Sample[], f: (s: Sample) => number): number {
  const n = samples.length;
  if (n < 2) return NaN;
  const mx = samples.reduce((a, s) => a + s.min, 0) / n;
  const my = samples.reduce((a, s) => a + f(s), 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) { num += (s.min - mx) * (f(s) - my); den += (s.min - mx) ** 2; }
  return num / den;
}

const mib = (b: number) => (b / MiB).toFixed(1);

// ---------------------------------------------------------------------------------------------- run

async function main() {
  redis = await startEmbeddedRedis();
  redisClient = new Redis(redis.url);
  const port = await freePort();
  server = track(spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_VIEWER_TOKEN: VIEWER, LOG_LEVEL: 'warn', PEAKWATCH_TENANT: TENANT, PEAKWATCH_DUPLICATE_WINDOW_S: String(WINDOW_S),
      // Every client connects from 127.0.0.1: the per-address connection limit (120 a minute) is for the field.
      PEAKWATCH_RATE_SOCKETS: '100000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  let serverExitExpected = false;
  await new Promise<void>((ok, fail) => {
    server!.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    server!.once('exit', (c, sig) => fail(new Error(`server exited ${c ?? sig}`)));
  });
  server.once('exit', (c, sig) => { if (!serverExitExpected && !isCleaning()) { console.error(`server exited unexpectedly (${c ?? sig})`); void cleanup().finally(() => process.exit(1)); } });
  url = `http://127.0.0.1:${port}`;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; ` +
    `${CLIENTS} clients (wall), ${RATE} events/s (${CONTACTS_PER_S.toFixed(0)} contacts/s) for ${MINUTES} min; duplicate window ${WINDOW_S} s`);

  // Backfill: the 5 min before the run, so every kind flows at its steady rate from the start.
  T0 = Date.now() - RESOLVE_MS - 1000;
  const tb = performance.now();
  const backfilled = await catchUp(3);
  console.log(`backfill: ${backfilled.toLocaleString('en')} events (the last ${(RESOLVE_MS + 1000) / 1000} s) in ${((performance.now() - tb) / 1000).toFixed(1)} s; errors ${errors.length}`);

  let updates = 0;
  let disconnects = 0;
  let connected = 0;
  await new Promise<void>((ok, fail) => {
    if (CLIENTS === 0) ok();
    const timer = setTimeout(() => fail(new Error(`only ${connected} of ${CLIENTS} clients got a snapshot in 60 s`)), 60_000);
    for (let c = 0; c < CLIENTS; c++) {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token: VIEWER, view: 'wall' }, transports: ['websocket'], forceNew: true });
      let first = true;
      s.on('snapshot', () => { if (first) { first = false; if (++connected === CLIENTS) { clearTimeout(timer); ok(); } } });
      s.on('update', () => { updates++; });
      s.on('disconnect', () => { disconnects++; });
      sockets.push(s);
    }
  });
  console.log(`${CLIENTS} clients connected`);
  await catchUp(3); // what came due while the clients connected

  const lag0 = await scrapeLag(); // also resets the server's histogram
  const lagFromMetrics = lag0 !== null;
  if (!lagFromMetrics) { console.log(`${LAG_METRIC} absent from /metrics: event-loop delay measured as /healthz round trip (p99)`); startHealthPings(); }
  const errors0 = errors.length;
  const samples: Sample[] = [];
  let posted = 0;
  let peakRss = 0;
  let prevUpdates = updates;
  const t0 = performance.now();
  let nextSample = SAMPLE_MS;
  let tick = 0;
  const posts = new Set<Promise<void>>();
  console.log('elapsed | events posted | server RSS | Redis used_memory | Redis keys | event-loop p99 | POST errors | disconnects | updates/client/s');

  const END = MINUTES * 60_000;
  for (;;) {
    const events = due(Date.now());
    posted += events.length;
    for (const batch of chunks(events, MAX_POST)) {
      const p = post(batch);
      posts.add(p);
      void p.finally(() => posts.delete(p));
    }
    if (++tick % 10 === 0) peakRss = Math.max(peakRss, rssOf(server.pid!));
    const elapsed = performance.now() - t0;
    const mark = Math.min(nextSample, END);
    if (elapsed >= mark) {
      const rss = rssOf(server.pid!);
      peakRss = Math.max(peakRss, rss);
      const [redisMem, redisKeys, lag] = await Promise.all([redisUsedMemory(), redisClient!.dbsize(), lagFromMetrics ? scrapeLag() : Promise.resolve(null)]);
      let lagMs: number;
      if (lagFromMetrics) lagMs = (lag ?? NaN) * 1000;
      else { const r = healthRtts.splice(0).sort((a, b) => a - b); lagMs = pct(r, 99); }
      const secs = (elapsed - (samples.at(-1)?.min ?? 0) * 60_000) / 1000;
      const s: Sample = { min: mark / 60_000, posted, rss, redisMem, redisKeys, lagP99Ms: lagMs, errors: errors.length - errors0, disconnects, updatesPerClientS: CLIENTS ? (updates - prevUpdates) / CLIENTS / secs : 0 };
      prevUpdates = updates;
      samples.push(s);
      const mm = Math.floor(elapsed / 60_000);
      const ss = Math.floor((elapsed % 60_000) / 1000);
      console.log(`${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')} | ${posted.toLocaleString('en')} (${(posted / (elapsed / 1000)).toFixed(0)}/s) | ${mib(rss)} MiB | ${mib(redisMem)} MiB | ${redisKeys.toLocaleString('en')} | ${lagMs.toFixed(1)} ms | ${s.errors} | ${disconnects} | ${s.updatesPerClientS.toFixed(2)}${inFlight > 5 ? ` (${inFlight} POSTs in flight)` : ''}`);
      nextSample += SAMPLE_MS;
      if (mark >= END) break;
    }
    const next = t0 + tick * TICK_MS;
    await new Promise((ok) => setTimeout(ok, Math.max(0, next - performance.now())));
  }
  const wall = (performance.now() - t0) / 1000;
  await Promise.all(posts);
  if (healthTimer) clearInterval(healthTimer);

  // ------------------------------------------------------------------------------------------ summary
  const at = (m: number) => samples.find((s) => Math.abs(s.min - m) < 1e-9);
  const marks = [...new Set([1, Math.min(5, MINUTES), MINUTES])].filter((m) => at(m));
  const lastHalf = samples.filter((s) => s.min >= MINUTES / 2 - 1e-9);
  const growth = (f: (s: Sample) => number) => {
    const perMin = slope(lastHalf, f);
    const mean = lastHalf.reduce((a, s) => a + f(s), 0) / lastHalf.length;
    return { perMin, pct: (perMin / mean) * 100 };
  };
  const rssG = growth((s) => s.rss);
  const redisG = growth((s) => s.redisMem);
  const verdict = (g: { pct: number }) => (g.pct < 2 ? 'levels off' : 'does NOT level off');
  console.log('\nsummary');
  console.log(`events posted: ${posted.toLocaleString('en')} in ${wall.toFixed(0)} s (${(posted / wall).toFixed(0)}/s) after a backfill of ${backfilled.toLocaleString('en')}; ${CLIENTS} clients`);
  for (const m of marks) { const s = at(m)!; console.log(`  at ${m} min: server RSS ${mib(s.rss)} MiB, Redis used_memory ${mib(s.redisMem)} MiB`); }
  console.log(`server RSS: peak ${mib(peakRss)} MiB; growth over the last half (${MINUTES / 2}-${MINUTES} min, least squares over ${lastHalf.length} samples): ${mib(rssG.perMin)} MiB/min = ${rssG.pct.toFixed(2)} %/min → ${verdict(rssG)}`);
  console.log(`Redis used_memory: growth over the last half: ${mib(redisG.perMin)} MiB/min = ${redisG.pct.toFixed(2)} %/min → ${verdict(redisG)}`);
  console.log(`event-loop p99 (${lagFromMetrics ? LAG_METRIC : '/healthz round trip'}): max ${Math.max(...samples.map((s) => s.lagP99Ms)).toFixed(1)} ms over the 30 s samples`);
  console.log(`POST errors: ${errors.length - errors0} (rejected events ${rejectedEvents}); socket disconnects: ${disconnects}; updates per client per second: mean ${(samples.reduce((a, s) => a + s.updatesPerClientS, 0) / (samples.length || 1)).toFixed(2)}`);
  if (errors.length) console.log(`first error: ${errors[0]}`);

  // What the steady state costs: a kept contact, a minute and an hour of buckets.
  const prefix = `pw:{${TENANT}}:`;
  const contact = await keyCost(`${prefix}c:*`, 500);
  const seen = await keyCost(`${prefix}seen:*`, 200);
  const m = Math.floor(Date.now() / 60_000) - 2; // a whole minute, long written
  const minuteBytes = await bytesOf([`${prefix}m:${m}`, `${prefix}mq:${m}`]);
  const h = Math.floor(Date.now() / 3_600_000);
  const hourBytes = await bytesOf([`${prefix}h:${h}`, `${prefix}hq:${h}`]);
  const openContacts = CONTACTS_PER_S * RESOLVE_MS / 1000;
  const keptAt = (windowS: number) => (openContacts + CONTACTS_PER_S * windowS) * contact.meanBytes + CONTACTS_PER_S / 50 * windowS * seen.meanBytes;
  const bucketsKept = (8 * 1440 + 60) * minuteBytes + (8 * 24 + 1) * hourBytes; // 8 days of each (BUCKET_RETENTION_MS)
  console.log(`kept state: ${contact.count.toLocaleString('en')} contact hashes (mean ${contact.meanBytes.toFixed(0)} B), ${seen.count.toLocaleString('en')} id keys (mean ${seen.meanBytes.toFixed(0)} B); ` +
    `expected at steady state with a ${WINDOW_S} s window: ${(openContacts + CONTACTS_PER_S * WINDOW_S).toLocaleString('en', { maximumFractionDigits: 0 })} contacts (open for 5 min + closed within the window)`);
  console.log(`buckets: ${(minuteBytes / 1024).toFixed(1)} KiB per minute, ${(hourBytes / 1024).toFixed(1)} KiB per hour (kept 8 days: ${mib(bucketsKept)} MiB at this rate)`);
  console.log(`projected Redis at steady state with the default 48 h window at this rate: ${(keptAt(172_800) / 2 ** 30).toFixed(1)} GiB of contacts and ids + ${mib(bucketsKept)} MiB of buckets; ` +
    `per 10 new contacts a second: ${((keptAt(172_800) / CONTACTS_PER_S * 10) / 2 ** 30).toFixed(2)} GiB`);
  // MEMORY USAGE leaves out the key's entries in Redis's own tables and an open contact's places in the live
  // sets: all of used_memory over what is kept bounds it from above.
  const allIn = (await redisUsedMemory()) / (contact.count + seen.count);
  const perTen = (b: number) => ((10 * 172_800 * b) / 2 ** 30).toFixed(2);
  console.log(`all in: used_memory / keys kept = ${allIn.toFixed(0)} B per contact; per 10 new contacts a second with the 48 h window: ` +
    `${perTen(contact.meanBytes)}-${perTen(allIn)} GiB (hashes alone - all in)`);
  serverExitExpected = true;
  await cleanup();
}

main().then(() => process.exit(0), (err) => { console.error(err); void cleanup().finally(() => process.exit(1)); });
