/**
 * Wait route benchmark (not a test): `GET /api/v1/wait` requests at `--rps` per second (open loop: sent on
 * schedule, whatever the replies) against a real server process, while `--rate` events per second are posted
 * to it, for `--seconds`; phases with and without the ingest load alternate `--reps` times, each on a fresh
 * Redis and server; medians and ranges at the end.
 *   npm run bench:wait [-- --rps 2000 --rate 5000 --seconds 15 --reps 3 --waiting 2000]
 * The chat channel starts with `--waiting` contacts waiting over 10 queues and 30 agents; the ingest load
 * queues new chat contacts and answers the oldest, so the waiting sets churn under the requests. Requests ask
 * for a waiting contact's place (three in four) or for a new arrival's estimate. Before each phase, a closed-loop
 * probe (16 requests always in flight, 3 s) measures what the server answers at most of `/healthz` and of the
 * wait route, so a run on a busy machine can be read against what the machine gave it.
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { int, machine, pct, procStats, showSpread, spread, startServer } from './harness';

const { values: opt } = parseArgs({ options: {
  rps: { type: 'string', default: '2000' }, rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '15' },
  reps: { type: 'string', default: '3' }, waiting: { type: 'string', default: '2000' },
} });
const RPS = Number(opt.rps);
const RATE = Number(opt.rate);
const SECONDS = Number(opt.seconds);
const REPS = Number(opt.reps);
const WAITING = Number(opt.waiting);
const TICK_MS = 10;
const KEY = 'bench-wait-ingest-key-0123';
const WIDGET = 'bench-wait-widget-key-0123';
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface Phase {
  ingest: boolean; sent: number; ok: number; other: number; rps: number; p50: number; p99: number; max: number; cpu: number; ingested: number;
  /** Closed loop, 16 at a time, 3 s each: the most the server answered per second, of /healthz and of the wait route. */
  healthzMax: number; waitMax: number;
}

/** Requests per second answered with 16 always in flight for 3 s (what the server can do on this machine now). */
async function capacity(pool: Pool, path: string): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() - t0 < 3000) {
      const res = await pool.request({ method: 'GET', path });
      await res.body.arrayBuffer();
      n++;
    }
  }));
  return n / ((performance.now() - t0) / 1000);
}

async function post(url: string, events: object[]): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  await res.arrayBuffer();
  return res.status === 200;
}

/** 30 chat agents, contacts answered and resolved in the last minutes (an AHT), `WAITING` contacts waiting. */
async function seed(url: string): Promise<string[]> {
  const now = Date.now();
  const events: object[] = [];
  for (let a = 0; a < 30; a++) events.push({ id: `ag${a}`, type: 'agent.status', at: now - 60_000, channel: 'chat', agentId: `a${a}`, status: a < 25 ? 'busy' : 'available' });
  for (let i = 0; i < 300; i++) {
    const at = now - 600_000 + i * 1000;
    events.push({ id: `h${i}q`, type: 'contact.queued', at, channel: 'chat', contactId: `h${i}`, queue: `q${i % 10}` },
      { id: `h${i}a`, type: 'contact.answered', at: at + 60_000, channel: 'chat', contactId: `h${i}` },
      { id: `h${i}x`, type: 'contact.resolved', at: at + 300_000, channel: 'chat', contactId: `h${i}` });
  }
  const ids: string[] = [];
  for (let i = 0; i < WAITING; i++) {
    ids.push(`w${i}`);
    events.push({ id: `w${i}q`, type: 'contact.queued', at: now - 300_000 + i, channel: 'chat', contactId: `w${i}`, queue: `q${i % 10}` });
  }
  for (let i = 0; i < events.length; i += 5000) await post(url, events.slice(i, i + 5000));
  return ids;
}

/** Posts RATE events/s in 10 batches a second: new chat contacts queued, the oldest answered. */
function ingestLoad(url: string, ids: string[], stop: () => boolean) {
  let n = 0;
  let posted = 0;
  let failed = 0;
  const inflight = new Set<Promise<void>>();
  const perBatch = Math.round(RATE / 10);
  const run = async () => {
    const t0 = performance.now();
    for (let b = 0; !stop(); b++) {
      const now = Date.now();
      const events: object[] = [];
      for (let k = 0; k < perBatch; k += 2) {
        const cid = `n${n++}`;
        events.push({ id: `${cid}q`, type: 'contact.queued', at: now, channel: 'chat', contactId: cid, queue: `q${n % 10}` });
        const old = ids.shift();
        if (old) events.push({ id: `${old}a`, type: 'contact.answered', at: now, channel: 'chat', contactId: old });
        ids.push(cid);
      }
      const p = post(url, events).then((ok) => { if (ok) posted += events.length; else failed++; }, () => { failed++; });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      await sleep(Math.max(0, t0 + (b + 1) * 100 - performance.now()));
    }
    await Promise.all(inflight);
  };
  return { done: run(), posted: () => posted, failed: () => failed };
}

async function phase(ingest: boolean, r: number): Promise<Phase> {
  const redis = await startEmbeddedRedis();
  const server = await startServer({ env: {
    REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_WIDGET_KEYS: WIDGET, PEAKWATCH_TENANT: `wait-${r}`,
    // One load generator on 127.0.0.1 stands for thousands of customers: the per-address limits are for the field.
    PEAKWATCH_RATE_WAIT: '100000', PEAKWATCH_RATE_INGEST: '100000',
  } });
  const ids = await seed(server.url);
  const pool = new Pool(server.url, { connections: 64, pipelining: 1 });
  let stopping = false;
  const healthzMax = await capacity(pool, '/healthz');
  const waitMax = await capacity(pool, `/api/v1/wait?channel=chat&key=${WIDGET}&contactId=${ids[WAITING >> 1]}`);
  const load = ingest ? ingestLoad(server.url, ids, () => stopping) : null;
  await sleep(1000);
  const posted0 = load?.posted() ?? 0;
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let other = 0;
  const inflight: Promise<void>[] = [];
  const cpu0 = procStats(server.proc.pid!);
  const t0 = performance.now();
  const perTick = (RPS * TICK_MS) / 1000;
  for (let tick = 0; performance.now() - t0 < SECONDS * 1000; tick++) {
    const due = Math.floor((tick + 1) * perTick) - Math.floor(tick * perTick);
    for (let k = 0; k < due; k++) {
      sent++;
      const contact = sent % 4 ? `&contactId=${ids[(sent * 7919) % Math.max(1, ids.length)]}` : '';
      const start = performance.now();
      inflight.push(pool.request({ method: 'GET', path: `/api/v1/wait?channel=chat&key=${WIDGET}${contact}` }).then(async (res) => {
        await res.body.arrayBuffer();
        latencies.push(performance.now() - start);
        if (res.statusCode === 200) ok++;
        else other++;
      }, () => { other++; }));
    }
    await sleep(Math.max(0, t0 + (tick + 1) * TICK_MS - performance.now()));
  }
  const ingested = ((load?.posted() ?? 0) - posted0) / ((performance.now() - t0) / 1000);
  if (load?.failed()) console.log(`  ${load.failed()} ingest batches failed`);
  await Promise.all(inflight);
  // Until the last reply: a server that falls behind answers fewer per second than were sent.
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = procStats(server.proc.pid!);
  stopping = true;
  await load?.done;
  await pool.close();
  await server.stop();
  await redis.stop();
  latencies.sort((a, b) => a - b);
  const out: Phase = {
    ingest, sent, ok, other, rps: ok / wall, p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.at(-1) ?? NaN,
    cpu: (cpu1.cpuSeconds - cpu0.cpuSeconds) / wall, ingested, healthzMax, waitMax,
  };
  console.log(`rep ${r}, ${ingest ? `ingesting ${int(out.ingested)} events/s` : 'no ingest'}: ${int(out.rps)} answered/s of ${int(sent / wall)} sent/s (${out.other} not 200); ` +
    `p50 ${out.p50.toFixed(1)} ms, p99 ${out.p99.toFixed(1)} ms, max ${out.max.toFixed(1)} ms; server CPU ${(out.cpu * 100).toFixed(0)} % of a core ` +
    `(${int((out.cpu / out.rps) * 1e6)} µs per answered request); ` +
    `closed loop before: /healthz ${int(healthzMax)}/s, wait ${int(waitMax)}/s`);
  return out;
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`${int(RPS)} wait requests/s for ${SECONDS} s, ${int(WAITING)} chat contacts waiting; phases with ${int(RATE)} events/s and without, alternating, ${REPS} repetitions`);
  const phases: Phase[] = [];
  for (let r = 1; r <= REPS; r++) for (const ingest of [true, false]) phases.push(await phase(ingest, r));
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  for (const ingest of [true, false]) {
    const of = phases.filter((p) => p.ingest === ingest);
    const per = (f: (p: Phase) => number) => spread(of.map(f));
    console.log(`\n=== ${ingest ? `while ingesting ${int(RATE)} events/s` : 'without ingest'}, ${of.length} repetitions: median (range) ===`);
    console.log(`answered ${showSpread(per((p) => p.rps), int)} requests/s; p50 ${showSpread(per((p) => p.p50), ms)}; p99 ${showSpread(per((p) => p.p99), ms)}   target ${int(RPS)}/s, p99 ≤ 20 ms`);
    console.log(`server CPU ${showSpread(per((p) => p.cpu * 100), (n) => `${n.toFixed(0)} %`)} of a core, ${showSpread(per((p) => (p.cpu / p.rps) * 1e6), int)} µs per answered request${ingest ? `; events ingested ${showSpread(per((p) => p.ingested), int)}/s` : ''}`);
    console.log(`closed loop (16 in flight): /healthz ${showSpread(per((p) => p.healthzMax), int)}/s, wait route ${showSpread(per((p) => p.waitMax), int)}/s`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
