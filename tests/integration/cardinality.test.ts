import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { OTHER_NAME } from '../../shared/cardinality';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import type { PeakEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { computeSnapshot } from '../../server/metrics/snapshot';
import { tenantKeys } from '../../server/store/keys';
import { BUCKET_RETENTION_MS, Store } from '../../server/store/store';
import { connect, uniqueTenant } from '../helpers/redis';

/**
 * Bounded cardinality: beyond the queue limit of a channel (or the reason limit of the tenant) an event is
 * applied with its name folded into "(other)", consistently for every event of a contact; channel totals stay
 * exact; names unused for the retention are forgotten; the snapshot reads only the queues active in its windows.
 */
const NOW = Date.parse('2026-11-27T12:00:30Z');
const channels = [...DEFAULT_CHANNELS];
const targets = defaultTargets(channels);
const MIN = 60_000;

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

let seq = 0;
type Kind = 'queued' | 'answered' | 'abandoned' | 'resolved';
/** One contact event (the queue and reason only when given). */
function contact(kind: Kind, contactId: string, at: number, names: { queue?: string; reason?: string } = {}, channel = 'chat'): PeakEvent {
  return { id: `c-${++seq}`, type: `contact.${kind}`, at, channel, contactId, ...names } as PeakEvent;
}

async function newStore(limits: { maxQueues?: number; maxReasons?: number }, clock: () => number = () => NOW) {
  const store = new Store(redis, tenantKeys(uniqueTenant('card')), clock, limits);
  await store.setTargets(targets);
  return store;
}

const snapshotOf = (store: Store, now = NOW) =>
  computeSnapshot({ store, channels, timeZone: 'UTC', clock: () => now, targets: async () => targets }, { queues: true });

/** Each of `queues` gets one contact queued, answered a minute later and resolved a minute after that. */
const served = (queues: string[], at: number, channel = 'chat') => queues.flatMap((queue, i) => [
  contact('queued', `${channel}-${queue}-${i}-${at}`, at, { queue }, channel),
  contact('answered', `${channel}-${queue}-${i}-${at}`, at + MIN, {}, channel),
  contact('resolved', `${channel}-${queue}-${i}-${at}`, at + 2 * MIN, {}, channel),
]);

describe('the fold at the limit', () => {
  it('the limit-th queue of a channel is kept, the next folds into (other); the channel total stays exact', async () => {
    const store = await newStore({ maxQueues: 3 });
    await store.applyEvents(served(['q1', 'q2', 'q3'], NOW - 10 * MIN));
    let snap = await snapshotOf(store);
    expect(Object.keys(snap.channels.chat!.queues!).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(snap.cardinality!.queues.chat).toEqual({ names: 3, limit: 3, folded: 0, lastFoldedAt: null });

    await store.applyEvents([...served(['q4', 'q5'], NOW - 5 * MIN), ...served(['q1'], NOW - 5 * MIN)]);
    snap = await snapshotOf(store);
    const chat = snap.channels.chat!;
    expect(Object.keys(chat.queues!).sort()).toEqual([OTHER_NAME, 'q1', 'q2', 'q3']);
    expect(chat.queues![OTHER_NAME]!.windows['60m']).toMatchObject({ arrivals: 2, answered: 2 });
    expect(chat.queues!.q1!.windows['60m']).toMatchObject({ arrivals: 2, answered: 2 });
    expect(chat.windows['60m']).toMatchObject({ arrivals: 6, answered: 6 });
    expect(snap.cardinality!.queues.chat).toEqual({ names: 3, limit: 3, folded: 2, lastFoldedAt: NOW });
    // Each channel has its own limit.
    expect(snap.cardinality!.queues.voice).toEqual({ names: 0, limit: 3, folded: 0, lastFoldedAt: null });
  });

  it('within one batch, names beyond the limit fold in the order they come', async () => {
    const store = await newStore({ maxQueues: 2 });
    await store.applyEvents(served(['a', 'b', 'c', 'd'], NOW - 3 * MIN, 'voice'));
    const voice = (await snapshotOf(store)).channels.voice!;
    expect(Object.keys(voice.queues!).sort()).toEqual([OTHER_NAME, 'a', 'b']);
    expect(voice.queues![OTHER_NAME]!.windows.today.arrivals).toBe(2);
    expect(voice.windows.today.arrivals).toBe(4);
  });

  it('the limit-th reason of the tenant is kept, the next fold into (other), counted', async () => {
    const store = await newStore({ maxReasons: 2 });
    const events = ['wismo', 'refund', 'payment', 'damaged'].map((reason, i) =>
      contact('queued', `r-${i}`, NOW - 3 * MIN, { reason }, i % 2 ? 'chat' : 'email'));
    await store.applyEvents(events);
    const snap = await snapshotOf(store);
    expect(Object.fromEntries(snap.reasons.map((r) => [r.reason, r.count]))).toEqual({ wismo: 1, refund: 1, [OTHER_NAME]: 2 });
    expect(snap.cardinality!.reasons).toEqual({ names: 2, limit: 2, folded: 2, lastFoldedAt: NOW });
    expect(snap.totals.windows['60m'].arrivals).toBe(4);
  });

  it('a CSAT response of a queue beyond the limit counts under (other)', async () => {
    const store = await newStore({ maxQueues: 1 });
    await store.applyEvents([
      { id: 'cs1', type: 'csat.submitted', at: NOW - MIN, channel: 'chat', score: 5, queue: 'de' },
      { id: 'cs2', type: 'csat.submitted', at: NOW - MIN, channel: 'chat', score: 2, queue: 'fr' },
    ]);
    const snap = await snapshotOf(store);
    expect(snap.channels.chat!.queues![OTHER_NAME]!.windows.today).toMatchObject({ csatResponses: 1, csat: 0 });
    expect(snap.channels.chat!.queues!.de!.windows.today).toMatchObject({ csatResponses: 1, csat: 1 });
    expect(snap.channels.chat!.windows.today.csatResponses).toBe(2);
    expect(snap.cardinality!.queues.chat!.folded).toBe(1);
  });
});

/** Every order of a list. */
const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) =>
  permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));

describe('one contact, one queue', () => {
  const q = NOW - 20 * MIN;
  // The queue on some events only, the reason on one: the contact's names are known from whichever comes first.
  const events = [
    contact('queued', 'late', q, { queue: 'zz' }),
    contact('answered', 'late', q + 2 * MIN, { queue: 'zz', reason: 'refund' }),
    contact('resolved', 'late', q + 9 * MIN),
  ];

  it('a contact beyond the limit lands in (other) with every event, in any arrival order', async () => {
    for (const order of permutations(events)) {
      const store = await newStore({ maxQueues: 2, maxReasons: 1 });
      await store.applyEvents([...served(['a', 'b'], NOW - 30 * MIN), contact('queued', 'r', q, { reason: 'wismo' })]);
      for (const e of order) await store.applyEvents([e]);
      const snap = await snapshotOf(store);
      const other = snap.channels.chat!.queues![OTHER_NAME]!.windows.today;
      expect(other, order.map((e) => e.type).join(' ')).toMatchObject({ arrivals: 1, answered: 1, resolved: 1, answeredInTarget: 1 });
      expect(snap.channels.chat!.queues!.zz).toBeUndefined();
      expect(snap.channels.chat!.windows.today).toMatchObject({ arrivals: 4, answered: 3, resolved: 3 });
      expect(snap.reasons.find((r) => r.reason === OTHER_NAME)?.count).toBe(1);
      expect(snap.cardinality!.queues.chat!.folded).toBe(1);
      expect(snap.cardinality!.reasons.folded).toBe(1);
    }
  });

  it('a contact admitted before the registry filled keeps its queue for its later events', async () => {
    for (const order of permutations(events.slice(1))) {
      const store = await newStore({ maxQueues: 2 });
      await store.applyEvents([events[0]!, ...served(['a'], NOW - 30 * MIN)]); // full now
      await store.applyEvents(served(['c'], NOW - 25 * MIN));
      for (const e of order) await store.applyEvents([e]);
      const chat = (await snapshotOf(store)).channels.chat!;
      expect(chat.queues!.zz!.windows.today).toMatchObject({ arrivals: 1, answered: 1, resolved: 1 });
      expect(chat.queues![OTHER_NAME]!.windows.today).toMatchObject({ arrivals: 1, answered: 1, resolved: 1 });
    }
  });

  it('a folded contact waiting shows in the live figures of (other) and of its channel', async () => {
    const store = await newStore({ maxQueues: 1 });
    await store.applyEvents([...served(['a'], NOW - 30 * MIN), contact('queued', 'w', NOW - 4 * MIN, { queue: 'b' })]);
    const chat = (await snapshotOf(store)).channels.chat!;
    expect(chat.queues![OTHER_NAME]).toMatchObject({ waiting: 1, open: 1, oldestWaitingSince: NOW - 4 * MIN });
    expect(chat).toMatchObject({ waiting: 1, open: 1 });
  });
});

describe('forgetting and reading only what is active', () => {
  it('a name unused for the bucket retention is forgotten and its place taken by a new one', async () => {
    let now = NOW;
    const store = await newStore({ maxQueues: 1 }, () => now);
    await store.applyEvents(served(['old'], now - 10 * MIN));
    await store.applyEvents(served(['new'], now - 5 * MIN));
    const registry = async () => (await redis.zrange(store.keys.queueNames('chat'), 0, -1)).sort();
    expect(await registry()).toEqual([OTHER_NAME, 'old']);

    now += BUCKET_RETENTION_MS - 9 * MIN; // "old" last used (resolved) a minute less than the retention ago: still held
    await store.applyEvents(served(['newer'], now - 3 * MIN));
    expect((await snapshotOf(store, now)).cardinality!.queues.chat).toMatchObject({ names: 1, folded: 2 });

    now += 2 * MIN; // and now past it
    await store.applyEvents(served(['newest'], now - 3 * MIN));
    expect(await registry()).toEqual([OTHER_NAME, 'newest']);
    const snap = await snapshotOf(store, now);
    expect(Object.keys(snap.channels.chat!.queues!).sort()).toEqual([OTHER_NAME, 'newest']);
    expect(snap.cardinality!.queues.chat).toMatchObject({ names: 1, folded: 2 });
  });

  it('with 10,000 queues seen, the snapshot reads the live sets only of queues with open contacts, and lists those active in its windows', async () => {
    const store = await newStore({ maxQueues: 20_000 });
    const twoDaysAgo = NOW - 2 * 86_400_000;
    const names = Array.from({ length: 10_000 }, (_, i) => `q${i}`);
    const old = served(names, twoDaysAgo);
    for (let i = 0; i < old.length; i += 2000) await store.applyEvents(old.slice(i, i + 2000));
    // One of the old queues still has a contact waiting since then; five queues are used today.
    await store.applyEvents([contact('queued', 'still-waiting', twoDaysAgo, { queue: 'q7' }), ...served(['t1', 't2', 't3', 't4', 't5'], NOW - 3 * MIN)]);

    const readLive = vi.spyOn(store, 'readLive');
    const snap = await snapshotOf(store);
    // Live sets are read for queue "" of each channel and the one queue with an open contact: not for the 10,000.
    const liveRead = async () => (await readLive.mock.results.at(-1)!.value as Map<string, unknown>[]).map((m) => [...m.keys()]);
    expect(await liveRead()).toEqual([['', 'q7'], [''], [''], [''], ['']]);
    const chat = snap.channels.chat!;
    expect(Object.keys(chat.queues!).sort()).toEqual(['q7', 't1', 't2', 't3', 't4', 't5']);
    expect(chat).toMatchObject({ waiting: 1, oldestWaitingSince: twoDaysAgo });
    expect(chat.queues!.q7).toMatchObject({ waiting: 1, open: 1 });
    expect(snap.cardinality!.queues.chat).toMatchObject({ names: 10_005, folded: 0 });

    // Once that contact is answered, its queue is no longer read.
    await store.applyEvents([contact('abandoned', 'still-waiting', twoDaysAgo + MIN)]);
    expect(await redis.smembers(store.keys.liveQueues('chat'))).toEqual([]);
    expect(Object.keys((await snapshotOf(store)).channels.chat!.queues!).sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(await liveRead()).toEqual([[''], [''], [''], [''], ['']]);
    readLive.mockRestore();
  }, 60_000);

  it("an older version's queue set is carried over once: its queues with open contacts are read again", async () => {
    const store = await newStore({});
    await store.applyEvents([contact('queued', 'before-upgrade', NOW - 5 * MIN, { queue: 'x' })]);
    // As an older version left it: no live-queues, a set of every queue name.
    await redis.del(store.keys.liveQueues('chat'));
    await redis.sadd(store.keys.legacyQueues('chat'), 'x', 'closed-long-ago');
    expect((await snapshotOf(store)).channels.chat!.waiting).toBe(0);
    await store.migrateLegacyQueues(channels);
    await store.migrateLegacyQueues(channels);
    expect(await redis.smembers(store.keys.liveQueues('chat'))).toEqual(['x']);
    expect(await redis.exists(store.keys.legacyQueues('chat'))).toBe(0);
    expect((await snapshotOf(store)).channels.chat!.queues!.x).toMatchObject({ waiting: 1, open: 1 });
  });
});
