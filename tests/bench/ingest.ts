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

const { values: opt } = parseArgs({ options: { events: { type: 'string', default: '200000' }, concurrency: { type: 'string', default: '6' }, batch: { type: 'string', default: '1000' } } });
const TOTAL = Number(opt.events);
const CONC = Number(opt.concurrency);
const BATCH = Number(opt.batch);
const KEY = 'bench-ingest-key-0123456789';

/** A realistic mix: each contact queued, answered and resolved; agents and orders now and then. */
function makeEvents(run: string, n: number): object[] {
  const now = Date.now();
  const out: object[] = [];
  const chans = DEFAULT_CHANNELS;
  for (let i = 0; out.length < n; i++) {
    const channel = chans[i % 2 === 0 ? 0 : i % chans.length]!;
    const t = now - 3_600_000 + (i % 3_500) * 1000;
    const contactId = `${run}-c${i}`;
    const base = { channel, contactId, queue: `q${i % 20}`, reason: `r${i % 12}` };
    out.push({ id: `${contactId}-q`, type: 'contact.queued', at: t, ...base });
    out.push({ id: `${contactId}-a`, type: 'contact.answered', at: t + 40_000, channel, contactId });
    out.push({ id: `${contactId}-x`, type: 'contact.resolved', at: t + 300_000 > now ? now : t + 300_000, channel, contactId });
    if (i % 10 === 0) out.push({ id: `${run}-ag${i}`, type: 'agent.status', at: t, channel, agentId: `a${i % 300}`, status: i % 20 ? 'busy' : 'available' });
    if (i % 50 === 0) out.push({ id: `${run}-o${i}`, type: 'orders.placed', at: t, count: 40 });
  }
  return out.slice(0, n);
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

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-bench-'));
  const redisSrv = await startEmbeddedRedis({ dataDir });
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisSrv.url, PEAKWATCH_INGEST_KEYS: KEY, LOG_LEVEL: 'warn', PEAKWATCH_TENANT: 'bench-http' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    server.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('Peakwatch is running')) ok(); });
    server.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, Redis (AOF everysec)`);

  // Warm-up, then the measured HTTP run.
  await httpRun(url, chunks(makeEvents('warm', 20_000), BATCH).map((b) => JSON.stringify(b)));
  const bodies = chunks(makeEvents('http', TOTAL), BATCH).map((b) => JSON.stringify(b));
  let t0 = performance.now();
  const accepted = await httpRun(url, bodies);
  const httpSecs = (performance.now() - t0) / 1000;
  const httpRate = accepted / httpSecs;
  console.log(`HTTP API: ${accepted} events in ${httpSecs.toFixed(2)} s = ${Math.round(httpRate).toLocaleString('en')} events/s (batches of ${BATCH}, ${CONC} in flight)`);
  server.kill('SIGTERM');

  // Redis's ceiling for the same scripts: events already validated, one pipeline per 1,000, from a raw client.
  const redis = new Redis(redisSrv.url);
  const store = new Store(redis, tenantKeys('bench-raw'));
  await store.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  const now = Date.now();
  const valid = makeEvents('raw', TOTAL).map((e) => {
    const c = checkEvent(e, { channels: new Set(DEFAULT_CHANNELS), now });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  });
  const batches = chunks<PeakEvent>(valid, BATCH);
  t0 = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (i < batches.length) await store.applyEvents(batches[i++]!);
  }));
  const rawSecs = (performance.now() - t0) / 1000;
  const rawRate = TOTAL / rawSecs;
  console.log(`Redis ceiling (same Lua scripts, raw pipelined client): ${Math.round(rawRate).toLocaleString('en')} events/s`);
  console.log(`ratio HTTP / ceiling: ${((httpRate / rawRate) * 100).toFixed(0)} %   target: ≥ 50,000 events/s and ≥ 60 %`);
  redis.disconnect();
  await redisSrv.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => { console.error(err); process.exit(1); });
