/**
 * Connector benchmark (not a test): webhook requests per second through a real Peakwatch server (a child process on
 * a fresh redis-server per phase), each request answered only after Redis applied it. For every registered source
 * type with a dialect, in alternation `--rounds` times, plus the reference: the same events through
 * `POST /api/v1/events` one event per request. Prints every phase, then median and range per source.
 *   npm run bench:connectors [-- --rounds 3 --requests 20000 --concurrency 16 --no-aof]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dialects } from '../../scripts/sim/dialects/index';
import type { SourceRequest } from '../../scripts/sim/dialects/dialect';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { connectorTypes } from '../../server/connectors/registry';
import { GENERIC_SAMPLE_MAPPING } from '../../server/connectors/sources/generic';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import type { PeakEvent } from '../../shared/events';
import { int, machine, procStats, showSpread, spread, startServer } from './harness';

const { values: opt } = parseArgs({ options: {
  requests: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '16' },
  rounds: { type: 'string', default: '3' }, 'no-aof': { type: 'boolean', default: false },
} });
const REQUESTS = Number(opt.requests);
const CONC = Number(opt.concurrency);
const ROUNDS = Number(opt.rounds);
const KEY = 'bench-connector-ingest-key-01';
const ADMIN = 'bench-connector-admin-token-01';
const SECRET = 'bench-connector-secret-0123';
const REFERENCE = 'events API';
/** The URL the sources are told to call (Twilio signs it): the server is given it as PEAKWATCH_PUBLIC_URL. */
const PUBLIC_URL = 'https://peakwatch.bench.example';

/**
 * Live traffic at peak, in event-time order: contacts queued every 20 ms, answered 40 s later, resolved 5 min
 * later, a CSAT for every fourth, ending 10 s before now.
 */
function makeDay(run: string, contacts: number): PeakEvent[] {
  const dt = 20;
  const base = Date.now() - 10_000 - contacts * dt - 320_000;
  const out: PeakEvent[] = [];
  for (let i = 0; i < contacts; i++) {
    const x = { channel: DEFAULT_CHANNELS[i % DEFAULT_CHANNELS.length]!, contactId: `${run}-c${i}`, queue: `q${i % 20}`, reason: `r${i % 12}` };
    const t = base + i * dt;
    out.push({ id: `${x.contactId}-q`, type: 'contact.queued', at: t, ...x });
    out.push({ id: `${x.contactId}-a`, type: 'contact.answered', at: t + 40_000, ...x });
    out.push({ id: `${x.contactId}-x`, type: 'contact.resolved', at: t + 300_000, ...x });
    if (i % 4 === 0) out.push({ id: `${x.contactId}-s`, type: 'csat.submitted', at: t + 310_000, channel: x.channel, contactId: x.contactId, score: 1 + (i % 5) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Sends every request, `CONC` in flight; each must be answered 200. */
async function send(url: string, requests: readonly SourceRequest[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const res = await fetch(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${r.path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
}

/** The requests of one phase: a source's dialect, or the reference (one Peakwatch event per request). */
function requestsOf(source: string, run: string): SourceRequest[] {
  const day = makeDay(run, Math.ceil(REQUESTS / 3));
  if (source === REFERENCE) {
    return day.map((e) => ({ path: '/api/v1/events', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify([e]) }));
  }
  const config = configOf(source);
  return dialects.get(config.type)!.encode(day, config, { publicUrl: PUBLIC_URL, now: Date.now() }).requests;
}

const configOf = (type: string): ConnectorConfig => ({
  name: `bench-${type}`, type, secret: SECRET, ...(type === 'generic' ? { mapping: GENERIC_SAMPLE_MAPPING } : {}),
} as ConnectorConfig);

async function phase(source: string, round: number): Promise<{ rate: number; requests: number; cpuUs: number }> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'pw-bench-'));
  const redis = await startEmbeddedRedis(opt['no-aof'] ? {} : { dataDir: dir });
  const server = await startServer({
    env: {
      REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_ADMIN_TOKEN: ADMIN, PEAKWATCH_TENANT: 'bench-connectors',
      PEAKWATCH_RATE_INGEST: '100000', PEAKWATCH_RATE_API: '100000', PEAKWATCH_PUBLIC_URL: PUBLIC_URL,
    },
  });
  try {
    const types = [...dialects.keys()].filter((t) => connectorTypes.has(t));
    const put = await fetch(`${server.url}/api/v1/connectors`, {
      method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(types.map(configOf)),
    });
    if (put.status !== 200) throw new Error(`PUT /api/v1/connectors: ${put.status} ${await put.text()}`);
    await send(server.url, requestsOf(source, `warm-${round}`).slice(0, 2_000));
    const requests = requestsOf(source, `run-${round}`).slice(0, REQUESTS);
    const cpu0 = procStats(server.proc.pid!).cpuSeconds;
    const t0 = performance.now();
    await send(server.url, requests);
    const rate = requests.length / ((performance.now() - t0) / 1000);
    return { rate, requests: requests.length, cpuUs: ((procStats(server.proc.pid!).cpuSeconds - cpu0) / requests.length) * 1e6 };
  } finally {
    await server.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const sources = [...[...dialects.keys()].filter((t) => connectorTypes.has(t)), REFERENCE];
  console.log(`machine: ${machine()}`);
  console.log(`Redis ${opt['no-aof'] ? 'without persistence' : `AOF everysec in ${process.env.BENCH_DIR ?? tmpdir()}`}; ` +
    `up to ${int(REQUESTS)} requests per phase, ${CONC} in flight; ${ROUNDS} rounds of ${sources.join(', ')}`);
  const rates = new Map<string, number[]>(sources.map((s) => [s, []]));
  const cpus = new Map<string, number[]>(sources.map((s) => [s, []]));
  for (let r = 1; r <= ROUNDS; r++) {
    for (const s of sources) {
      const p = await phase(s, r);
      rates.get(s)!.push(p.rate);
      cpus.get(s)!.push(p.cpuUs);
      console.log(`round ${r} ${s.padEnd(18)} ${int(p.rate)} requests/s (${int(p.requests)} requests), server CPU ${int(p.cpuUs)} µs per request`);
    }
  }
  console.log('');
  for (const s of sources) {
    const sp = spread(rates.get(s)!);
    console.log(`${s.padEnd(18)} ${showSpread(sp, int)} requests/s${s === REFERENCE ? '' : ` — target ≥ 2,000: ${sp.median >= 2_000 ? 'met' : 'not met'}`}; ` +
      `server CPU ${showSpread(spread(cpus.get(s)!), int)} µs per request`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
