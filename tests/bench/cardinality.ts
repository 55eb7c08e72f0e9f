/**
 * Cardinality benchmark (not a test): a careless integration that sends a new `queue` per contact. Alternates two
 * phases, `--rounds` times each (A, B, A, B, …): **20 queues** (A) and **10,000 distinct queues** (B), the same
 * number of contacts posted over HTTP to a real server process on a fresh redis-server (no persistence), then:
 * the pushed snapshot (`GET /api/v1/snapshot`), the drill-down one (`?queues=1`, with its size) and a one-event
 * ingest (`POST /api/v1/events` of one contact.queued), `--samples` times each, sequentially, after a warm-up.
 * Prints every phase, then per phase kind the median and range of the phases' medians.
 *   npm run bench:cardinality [-- --rounds 3 --contacts 10000 --samples 40]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { type Spread, int, machine, showSpread, spread, startServer } from './harness';

const { values: opt } = parseArgs({ options: {
  rounds: { type: 'string', default: '3' }, contacts: { type: 'string', default: '10000' }, samples: { type: 'string', default: '40' },
} });
const ROUNDS = Number(opt.rounds);
const CONTACTS = Number(opt.contacts);
const SAMPLES = Number(opt.samples);
const KEY = 'bench-card-ingest-key-0123';
const VIEWER = 'bench-card-viewer-token-01';
const PHASES = [{ name: 'A: 20 queues', queues: 20 }, { name: `B: ${int(CONTACTS)} queues`, queues: CONTACTS }] as const;

interface Phase {
  snapshot: number;
  drillDown: number;
  drillDownBytes: number;
  queuesShown: number;
  ingest: number;
  postSeconds: number;
  /** Batches answered 503 (Redis too slow), or whose connection failed, and sent again. */
  retried: number;
}

/** Contacts of the last 50 minutes on every channel, each queued, answered 30 s later, two thirds resolved. */
function contacts(queues: number, now: number, tag: string) {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const channel = DEFAULT_CHANNELS[i % DEFAULT_CHANNELS.length]!;
    const at = now - 50 * 60_000 + Math.floor((i / CONTACTS) * 45 * 60_000);
    const contactId = `${tag}-c${i}`;
    const queue = queues >= CONTACTS ? `contact-${i}` : `q${i % queues}`;
    events.push({ id: `${contactId}-q`, type: 'contact.queued', at, channel, contactId, queue, reason: `r${i % 12}` });
    events.push({ id: `${contactId}-a`, type: 'contact.answered', at: at + 30_000, channel, contactId });
    if (i % 3) events.push({ id: `${contactId}-x`, type: 'contact.resolved', at: at + 90_000, channel, contactId });
  }
  return events;
}

/** Median time (ms) of `fn` over SAMPLES sequential calls, after 5 unmeasured ones. */
async function timed(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return spread(times).median;
}

async function phase(queues: number, round: number): Promise<Phase> {
  const redis = await startEmbeddedRedis();
  const server = await startServer({ env: {
    REDIS_URL: redis.url, PEAKWATCH_INGEST_KEYS: KEY, PEAKWATCH_VIEWER_TOKEN: VIEWER, PEAKWATCH_TENANT: `card-${round}-${queues}`,
    PEAKWATCH_RATE_API: '100000', PEAKWATCH_RATE_INGEST: '100000',
  } });
  try {
    let retried = 0;
    const post = async (body: unknown): Promise<void> => {
      const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .catch((err: unknown) => ({ status: 503, json: async () => ({ accepted: 0, rejected: [], err }) }));
      const reply = await res.json() as { accepted: number; rejected: unknown[] };
      if (res.status === 503) {
        retried++;
        await new Promise((ok) => setTimeout(ok, 500));
        return post(body);
      }
      if (res.status !== 200 || reply.rejected.length) throw new Error(`ingest ${res.status}: ${JSON.stringify(reply).slice(0, 300)}`);
    };
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${VIEWER}` } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return res.text();
    };
    const now = Date.now();
    const events = contacts(queues, now, `r${round}`);
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += 1000) await post(events.slice(i, i + 1000));
    const postSeconds = (performance.now() - t0) / 1000;

    const snapshot = await timed(() => get('/api/v1/snapshot'));
    let body = '';
    const drillDown = await timed(async () => { body = await get('/api/v1/snapshot?queues=1'); });
    const parsed = JSON.parse(body) as { channels: Record<string, { queues?: Record<string, unknown> }> };
    const queuesShown = Object.values(parsed.channels).reduce((a, c) => a + Object.keys(c.queues ?? {}).length, 0);
    const ingest = await timed((i) => post([{
      id: `one-${round}-${i}`, type: 'contact.queued', at: Date.now(), channel: 'chat', contactId: `one-${round}-${i}`,
      queue: queues >= CONTACTS ? `one-${i}` : 'q1',
    }]));
    return { snapshot, drillDown, drillDownBytes: Buffer.byteLength(body), queuesShown, ingest, postSeconds, retried };
  } finally {
    await server.stop();
    await redis.stop();
  }
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`${int(CONTACTS)} contacts per phase (${int(CONTACTS * 8 / 3)} events), ${ROUNDS} rounds, ${SAMPLES} samples per figure; default limits (200 queues per channel)\n`);
  const results: Phase[][] = PHASES.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, p] of PHASES.entries()) {
      const res = await phase(p.queues, r);
      results[k]!.push(res);
      console.log(`round ${r + 1} ${p.name}: snapshot ${res.snapshot.toFixed(1)} ms, ?queues=1 ${res.drillDown.toFixed(1)} ms (${int(res.drillDownBytes / 1024)} KiB, ${res.queuesShown} queues), `
        + `one-event ingest ${res.ingest.toFixed(1)} ms; posting took ${res.postSeconds.toFixed(1)} s (${res.retried} batches answered 503 or cut, sent again)`);
    }
  }
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const show = (label: string, s: Spread, fmt = ms) => console.log(`  ${label.padEnd(22)} ${showSpread(s, fmt)}`);
  console.log(`\nmedian (range) of the phases' medians; machine after the run: ${machine()}`);
  PHASES.forEach((p, k) => {
    const rs = results[k]!;
    console.log(p.name);
    show('snapshot', spread(rs.map((x) => x.snapshot)));
    show('?queues=1', spread(rs.map((x) => x.drillDown)));
    show('?queues=1 size', spread(rs.map((x) => x.drillDownBytes)), (n) => `${int(n / 1024)} KiB`);
    show('one-event ingest', spread(rs.map((x) => x.ingest)));
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
