/**
 * Ingest benchmark (not a test): POSTs batches of 1,000 events over HTTP to a real Peakwatch server (a child
 * process, so load generator and server don't share an event loop) and prints events/s; then measures Redis's
 * own ceiling for the same Lua scripts with a raw pipelined loop from this process, and prints the ratio.
 *   npm run bench:ingest [-- --events 200000 --concurrency 6]
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { checkEvent, type PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { freePort, startEmbeddedRedis } from '../../server/store/embedded';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';

const { values: opt } = parseArgs({ options: { events: { type: 'string', default: '200000' }, concurrency: { type: 'string', default: '6' }, batch: { type: 'string', default: '1000' }, 'no-aof': { type: 'boolean', default: false } } });
const TOTAL = Number(opt.events);
const CONC = Number(opt.concurrency);
const BATCH = Number(opt.batch);
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

async function httpRun(url: string, bodies: string[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body });
      const json = (await res.json()) as { accepted: number; rejected: unknown[] };
      if (res.status !== 200 || json.rejected.length) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
      accepted += json.accepted;
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
  return accepted;
}

/** A fresh redis-server per phase, so neither phase runs on the other's data. */
async function freshRedis() {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'pw-bench-'));
  const srv = await startEmbeddedRedis(opt['no-aof'] ? {} : { dataDir: dir });
  return { srv, async stop() { await srv.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Redis's ceiling for the same scripts: events validated beforehand, one pipeline per batch, raw clients. */
async function ceiling(): Promise<number> {
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
  const t0 = performance.now();
  await run(batches);
  const rate = TOTAL / ((performance.now() - t0) / 1000);
  for (const c of conns) c.disconnect();
  await redis.stop();
  return rate;
}

async function http(): Promise<number> {
  const redis = await freshRedis();
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.srv.url, PEAKWATCH_INGEST_KEYS: KEY, LOG_LEVEL: 'warn', PEAKWATCH_TENANT: 'bench-http' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    server.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    server.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await httpRun(url, chunks(makeEvents('warm', 20_000), BATCH).map((b) => JSON.stringify(b)));
  const bodies = chunks(makeEvents('http', TOTAL), BATCH).map((b) => JSON.stringify(b));
  const t0 = performance.now();
  const accepted = await httpRun(url, bodies);
  const rate = accepted / ((performance.now() - t0) / 1000);
  server.kill('SIGTERM');
  await new Promise((ok) => server.once('exit', ok));
  await redis.stop();
  return rate;
}

async function main() {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
    `Redis ${opt['no-aof'] ? '(no persistence)' : `(AOF everysec in ${process.env.BENCH_DIR ?? tmpdir()})`}; ${TOTAL.toLocaleString('en')} events, batches of ${BATCH}, ${CONC} in flight`);
  const rawRate = await ceiling();
  console.log(`Redis ceiling (same Lua scripts, raw pipelined clients): ${Math.round(rawRate).toLocaleString('en')} events/s`);
  const httpRate = await http();
  console.log(`HTTP API: ${Math.round(httpRate).toLocaleString('en')} events/s`);
  console.log(`ratio HTTP / ceiling: ${((httpRate / rawRate) * 100).toFixed(0)} %   target: ≥ 50,000 events/s and ≥ 60 %`);
}

main().catch((err) => { console.error(err); process.exit(1); });
