/**
 * Repeat-contacts benchmark (not a test): what a customerId costs. Alternates two phases, `--rounds` times each
 * (A, B, A, B, …), each on a fresh redis-server (no persistence) through the Store, as the ingest route calls it:
 * **A** contacts without a customerId, **B** the same contacts with one (most customers once, one in seven
 * coming back within days, so ~14 % repeats). Each contact is queued, answered 30 s later and resolved 5 min
 * after, posted in batches of 1,000 events in time order. Measures Redis memory per contact (`used_memory` after
 * minus before, over the contacts) and the ingest time per event (wall time of the batches over the events).
 *   npm run bench:repeats [-- --rounds 3 --contacts 20000]
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { PeakEvent } from '../../shared/events';
import { startEmbeddedRedis } from '../../server/store/embedded';
import { tenantKeys } from '../../server/store/keys';
import { Store } from '../../server/store/store';
import { int, machine, showSpread, spread } from './harness';

const { values: opt } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, contacts: { type: 'string', default: '20000' } } });
const ROUNDS = Number(opt.rounds);
const CONTACTS = Number(opt.contacts);
const CHANNELS = ['chat', 'voice', 'email', 'messaging', 'social'] as const;
const PHASES = [{ name: 'A: no customerId', customers: false }, { name: 'B: with customerId', customers: true }] as const;

interface Phase { bytesPerContact: number; usPerEvent: number; customerKeys: number }

/** The contacts of the six days before `now` (repeats need days), the same in both phases but for customerId. */
function contacts(now: number, withCustomer: boolean): PeakEvent[] {
  const events: PeakEvent[] = [];
  const span = 6 * 86_400_000;
  let customers = 0;
  const returning: number[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const at = now - span + Math.floor((i / CONTACTS) * (span - 3_600_000));
    const channel = CHANNELS[i % CHANNELS.length]!;
    const contactId = `c${i}`;
    // One in seven comes back: a customer from ~50 contacts ago (hours earlier).
    const customer = i % 7 === 3 && i > 50 ? returning[i - 50] ?? customers++ : customers++;
    returning[i] = customer;
    const queued: PeakEvent = { id: `${contactId}-q`, type: 'contact.queued', at, channel, contactId, queue: `q${i % 20}`, reason: `r${i % 12}` };
    if (withCustomer) queued.customerId = `customer-${customer}@example.com`;
    events.push(queued,
      { id: `${contactId}-a`, type: 'contact.answered', at: at + 30_000, channel, contactId },
      { id: `${contactId}-x`, type: 'contact.resolved', at: at + 330_000, channel, contactId });
  }
  return events;
}

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

async function phase(withCustomer: boolean, round: number): Promise<Phase> {
  const server = await startEmbeddedRedis();
  const redis = new Redis(server.url);
  try {
    const now = Date.now();
    const store = new Store(redis, tenantKeys(`rp-${round}`), () => now);
    await store.customers.get(); // the secret, made once at start (as the server does)
    const events = contacts(now, withCustomer);
    const before = await usedMemory(redis);
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += 1000) await store.applyEvents(events.slice(i, i + 1000));
    const seconds = (performance.now() - t0) / 1000;
    const after = await usedMemory(redis);
    const customerKeys = (await redis.keys(`${store.keys.prefix}cz:*`)).length;
    return { bytesPerContact: (after - before) / CONTACTS, usPerEvent: (seconds * 1e6) / events.length, customerKeys };
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

async function main() {
  console.log(`machine: ${machine()}`);
  console.log(`${int(CONTACTS)} contacts per phase (${int(CONTACTS * 3)} events), ${ROUNDS} rounds\n`);
  const results: Phase[][] = PHASES.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, p] of PHASES.entries()) {
      const res = await phase(p.customers, r);
      results[k]!.push(res);
      console.log(`round ${r + 1} ${p.name}: ${int(res.bytesPerContact)} bytes per contact, ${res.usPerEvent.toFixed(1)} µs per event, ${int(res.customerKeys)} customer keys`);
    }
  }
  console.log(`\nmedian (range) over the rounds; machine after the run: ${machine()}`);
  PHASES.forEach((p, k) => {
    const rs = results[k]!;
    console.log(p.name);
    console.log(`  ${'memory per contact'.padEnd(20)} ${showSpread(spread(rs.map((x) => x.bytesPerContact)), (n) => `${int(n)} B`)}`);
    console.log(`  ${'ingest per event'.padEnd(20)} ${showSpread(spread(rs.map((x) => x.usPerEvent)), (n) => `${n.toFixed(1)} µs`)}`);
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
