/**
 * Ingest benchmark (not a test): alternates two phases, `--rounds` times each, every phase on a fresh redis-server:
 * the ceiling (Redis's own rate for the same Lua scripts, raw pipelined clients in this process, events validated
 * beforehand) and HTTP (batches of 1,000 POSTed to a real Peakwatch server, a child process). Prints every phase,
 * then median and range of each and HTTP as a share of the ceiling; and Redis's script time per event.
 *   npm run bench:ingest [-- --rounds 5 --events 200000 --concurrency 6 --no-aof --cpu-prof DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { checkEvent, type PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';
import { int, machine, showSpread, spread, startServer } from './harness';

const { values: opt } = parseArgs({ options: {
  events: { type: 'string', default: '200000' }, concurrency: { type: 'string', default: '6' }, batch: { type: 'string', default: '1000' },
  rounds: { type: 'string', default: '5' }, 'no-aof': { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' },
} });
const TOTAL = Number(opt.events);
const CONC = Number(opt.concurrency);
const BATCH = Number(opt.batch);
const ROUNDS = Number(opt.rounds);
const KEY = 'bench-ingest-key-0123456789';

/**
 * Live traffic of a large contact centre at peak: 50 new contacts a second, each queued, answered 40 s later
 * and resolved 5 min later, plus agent statuses and orders, sent in event-time order (as an integration
 * forwards events as they happen), ending 10 s before now.
 */
function makeEvents(run: string, n: number): object[] {
  const dt = 20;
  const contacts = Math.ceil(n / 3.12);
  const base = Date.now() - 10_000 - contacts * dt - 300_000;
  const out: { at: number }[] = [];
  const chans = DEFAULT_CHANNELS;
  for (let i = 0; i < contacts; i++) {
    const channel = chans[i % 2 === 0 ? 0 : i % chans.length]!;
    const t = base + i * dt;
    const contactId = `${run}-c${i}`;
    out.push({ id: `${contactId}-q`, type: 'contact.queued', at: t, channel, contactId, queue: `q${i % 20}`, reason: `r${i % 12}` } as never);
    out.push({ id: `${contactId}-a`, type: 'contact.answered', at: t + 40_000, channel, contactId } as never);
    out.push({ id: `${contactId}-x`, type: 'contact.resolved', at: t + 300_000, channel, contactId } as never);
    if (i % 10 === 0) out.push({ id: `${run}-ag${i}`, type: 'agent.status', at: t, channel, agentId: `a${i % 300}`, status: i % 20 ? 'busy' : 'available' } as never);
    if (i % 50 === 0) out.push({ id: `${run}-o${i}`, type: 'orders.placed', at: t, count: 40 } as never);
  }
  return out.sort((a, b) => a.at - b.at).slice(0, n);
}

function chunks<T>(a: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
  return out;
}

/** Retries of a batch the server answered 503 (Redis too slow on a loaded machine): it is sent again, as an integration would. */
let retried = 0;

async function httpRun(url: string, bodies: string[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body });
        const json = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
        if (res.status === 503 && attempt < 5) { retried++; continue; }
        if (res.status !== 200 || json.rejected.length) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
        accepted += json.accepted + json.duplicates;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
  return accepted;
}

/** A fresh redis-server per phase, so neither phase runs on the other's data. */
async function freshRedis() {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'pw-bench-'));
  const srv = await startEmbeddedRedis(opt['no-aof'] ? {} : { dataDir: dir });
  const admin = new Redis(srv.url);
  return {
    srv,
    /** Redis's time in the Lua scripts (EVALSHA, and EVAL on a script-cache miss), microseconds, since the last reset. */
    async scriptUsec() {
      const info = await admin.info('commandstats');
      return [...info.matchAll(/cmdstat_(?:evalsha|eval):calls=\d+,usec=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    },
    resetStats: () => admin.config('RESETSTAT'),
    async stop() { admin.disconnect(); await srv.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

interface Phase { rate: number; usecPerEvent: number }

/** Redis's ceiling for the same scripts: events validated beforehand, one pipeline per batch, raw clients. */
async function ceiling(): Promise<Phase> {
  const redis = await freshRedis();
  const conns = Array.from({ length: CONC }, () => new Redis(redis.srv.url));
  const stores = conns.map((c) => new Store(c, tenantKeys('bench-raw')));
  await stores[0]!.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  const validate = (events: object[]) => {
    const now = Date.now();
    return events.map((e) => {
      const c = checkEvent(e, { channels: new Set(DEFAULT_CHANNELS), now });
      if (!c.ok) throw new Error(c.error);
      return c.event;
    });
  };
  const run = async (batches: PeakEvent[][]) => {
    let i = 0;
    await Promise.all(stores.map(async (store) => { while (i < batches.length) await store.applyEvents(batches[i++]!); }));
  };
  await run(chunks(validate(makeEvents('warm', 20_000)), BATCH));
  const batches = chunks<PeakEvent>(validate(makeEvents('raw', TOTAL)), BATCH);
  await redis.resetStats();
  const t0 = performance.now();
  await run(batches);
  const rate = TOTAL / ((performance.now() - t0) / 1000);
  const usecPerEvent = (await redis.scriptUsec()) / TOTAL;
  for (const c of conns) c.disconnect();
  await redis.stop();
  return { rate, usecPerEvent };
}

async function http(round: number): Promise<Phase> {
  const redis = await freshRedis();
  const prof = opt['cpu-prof'];
  const server = await startServer({
    env: { REDIS_URL: redis.srv.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_TENANT: 'bench-http' },
    nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${join(prof, `http-${round}`)}`] : [],
  });
  await httpRun(server.url, chunks(makeEvents('warm', 20_000), BATCH).map((b) => JSON.stringify(b)));
  const bodies = chunks(makeEvents('http', TOTAL), BATCH).map((b) => JSON.stringify(b));
  await redis.resetStats();
  const t0 = performance.now();
  const accepted = await httpRun(server.url, bodies);
  const rate = accepted / ((performance.now() - t0) / 1000);
  const usecPerEvent = (await redis.scriptUsec()) / accepted;
  await server.stop();
  await redis.stop();
  return { rate, usecPerEvent };
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`Redis ${opt['no-aof'] ? 'without persistence' : `AOF everysec in ${process.env.BENCH_DIR ?? tmpdir()}`}; ` +
    `${int(TOTAL)} events per phase, batches of ${BATCH}, ${CONC} in flight; ${ROUNDS} rounds of ceiling, HTTP`);
  const raw: Phase[] = [];
  const api: Phase[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const c = await ceiling();
    raw.push(c);
    console.log(`round ${r} ceiling: ${int(c.rate)} events/s (Redis ${c.usecPerEvent.toFixed(1)} µs/event in the scripts)`);
    const h = await http(r);
    api.push(h);
    console.log(`round ${r} HTTP:    ${int(h.rate)} events/s (Redis ${h.usecPerEvent.toFixed(1)} µs/event in the scripts)`);
  }
  const ceil = spread(raw.map((p) => p.rate));
  const httpRate = spread(api.map((p) => p.rate));
  const share = spread(api.map((p, i) => p.rate / raw[i]!.rate));
  const us = (n: number) => n.toFixed(1);
  console.log(`\nRedis ceiling: ${showSpread(ceil, int)} events/s; scripts ${showSpread(spread(raw.map((p) => p.usecPerEvent)), us)} µs/event`);
  console.log(`HTTP API:      ${showSpread(httpRate, int)} events/s; scripts ${showSpread(spread(api.map((p) => p.usecPerEvent)), us)} µs/event`);
  console.log(`HTTP / ceiling: ${(httpRate.median / ceil.median * 100).toFixed(0)} % of the medians; per round ${showSpread(share, (n) => `${(n * 100).toFixed(0)} %`)}`);
  if (retried) console.log(`batches sent again after a 503: ${retried}`);
  console.log(`target: ≥ 50,000 events/s through HTTP (median) — ${httpRate.median >= 50_000 ? 'met' : 'not met'}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
