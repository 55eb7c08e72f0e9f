import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import type { PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { computeSnapshot } from '../../server/metrics/snapshot';
import type { Store } from '../../server/store/store';
import { connect, testStore } from '../helpers/redis';

/**
 * A snapshot's cost must not grow with the events: count the Redis commands it runs (MONITOR sees every
 * command, pipelined or not), after a full day on 5 channels × 20 queues, and again after more events.
 */
const NOW = Date.parse('2026-11-27T18:00:30Z');
const MIDNIGHT = Date.parse('2026-11-27T00:00:00Z');
const channels = [...DEFAULT_CHANNELS];
const targets = defaultTargets(channels);
const QUEUES = Array.from({ length: 20 }, (_, i) => `q${i}`);

let redis: Redis;
let monitor: Redis;
let store: Store;
let seen: string[][] = [];

/** One contact per channel per minute since midnight (queues in turn), each queued, answered, resolved. */
function day(round: number): PeakEvent[] {
  const out: PeakEvent[] = [];
  for (let t = MIDNIGHT, n = 0; t < NOW - 120_000; t += 60_000, n++) {
    channels.forEach((channel, c) => {
      const contactId = `r${round}-${channel}-${n}`;
      const queue = QUEUES[(n + c) % QUEUES.length]!;
      const reason = `reason-${n % 12}`;
      out.push(
        { id: `${contactId}-q`, type: 'contact.queued', at: t, channel, contactId, queue, reason },
        { id: `${contactId}-a`, type: 'contact.answered', at: t + 30_000, channel, contactId },
      );
      if (n % 3) out.push({ id: `${contactId}-x`, type: 'contact.resolved', at: t + 90_000, channel, contactId });
    });
    out.push({ id: `r${round}-o-${n}`, type: 'orders.placed', at: t, count: 50 });
  }
  return out;
}

async function ingest(events: PeakEvent[]) {
  for (let i = 0; i < events.length; i += 1000) await store.applyEvents(events.slice(i, i + 1000));
}

/** Commands on this tenant's keys while `fn` runs. */
async function count(fn: () => Promise<unknown>): Promise<{ total: number; byCommand: Record<string, number> }> {
  const settle = () => new Promise((ok) => setTimeout(ok, 150)); // MONITOR lines trail the replies
  await settle();
  seen = [];
  await fn();
  await settle();
  const mine = seen.filter((args) => args.slice(1).some((a) => a.startsWith(store.keys.prefix)));
  const byCommand: Record<string, number> = {};
  for (const a of mine) byCommand[a[0]!.toLowerCase()] = (byCommand[a[0]!.toLowerCase()] ?? 0) + 1;
  return { total: mine.length, byCommand };
}

const snapshot = (queues: boolean) => computeSnapshot({ store, channels, timeZone: 'UTC', clock: () => NOW, targets: async () => targets }, { queues });

beforeAll(async () => {
  redis = connect();
  store = testStore(redis, () => NOW);
  await store.setTargets(targets);
  await ingest(day(1));
  monitor = await connect().monitor();
  monitor.on('monitor', (_time: string, args: string[]) => { seen.push(args); });
}, 120_000);
afterAll(() => { monitor?.disconnect(); redis.disconnect(); });

describe('snapshot cost', () => {
  // Live sets are per queue with open contacts (plus queue "" for contacts without one): 9 reads each, by one
  // script that also lists them (1 per channel); per channel the agents (1) and its queue registry's fill (2);
  // the reasons' registry and the folds (3), the script call itself (1).
  const liveBound = channels.length * 4 + 4 + channels.length * (QUEUES.length + 1) * 9;

  it('a full day is read from at most 120 minute buckets, 24 hour roll-ups and a fixed number per queue', async () => {
    const snap = await snapshot(false);
    expect(snap.channels.chat!.windows.today.arrivals).toBe(1079); // the day really is there
    const c = await count(() => snapshot(false));
    expect(c.byCommand.hgetall).toBeLessThanOrEqual(120 + 24 + channels.length);
    expect(c.total).toBeLessThanOrEqual(120 + 24 + liveBound);
    expect(c.byCommand.evalsha).toBe(1); // the live sets' reader, nothing else
  });

  it('with queues it adds only the queue buckets of the windows', async () => {
    const snap = await snapshot(true);
    expect(Object.keys(snap.channels.chat!.queues!)).toHaveLength(20);
    const c = await count(() => snapshot(true));
    expect(c.total).toBeLessThanOrEqual(120 + 24 + liveBound + 60 + 24);
  });

  it('twice the events cost exactly the same number of reads', async () => {
    const before = [await count(() => snapshot(false)), await count(() => snapshot(true))];
    await ingest(day(2));
    expect((await snapshot(false)).channels.chat!.windows.today.arrivals).toBe(2 * 1079);
    const after = [await count(() => snapshot(false)), await count(() => snapshot(true))];
    expect(after.map((c) => c.total)).toEqual(before.map((c) => c.total));
  }, 120_000);
});
