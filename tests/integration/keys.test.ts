import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent } from '../../shared/events';
import { defaultTargets } from '../../shared/targets';
import { BUCKET_FIELDS, ORDERS_FIELD, REASON_FIELD_PREFIX, channelField } from '../../server/store/bucket-fields';
import { hourOf, minuteOf } from '../../server/store/keys';
import { Store } from '../../server/store/store';
import { connect, testStore } from '../helpers/redis';

const NOW = Date.parse('2026-11-27T12:00:30Z');
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

it('the Lua scripts write exactly the keys the key module names, all under the tenant hash tag, all growing ones with a TTL', async () => {
  const store = testStore(redis, () => NOW);
  await store.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  const q = NOW - 120_000;
  const raw = [
    { id: 'k1', type: 'contact.queued', at: q, channel: 'chat', contactId: 'c1', queue: 'de', reason: 'wismo', customerId: 'ann' },
    { id: 'k2', type: 'contact.queued', at: q, channel: 'voice', contactId: 'c2' },
    { id: 'k3', type: 'orders.placed', at: q, count: 5 },
    { id: 'k4', type: 'csat.submitted', at: q, channel: 'chat', score: 5 },
    { id: 'k5', type: 'agent.status', at: q, channel: 'chat', agentId: 'a1', status: 'available' },
  ];
  await store.applyEvents(raw.map((r) => {
    const c = checkEvent(r, { channels: new Set(DEFAULT_CHANNELS), now: NOW });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  }));
  const k = store.keys;
  const m = minuteOf(q);
  const h = hourOf(q);
  const ann = (await store.customers.get())('ann');
  const expected = [
    k.tenant, k.thresholds, k.targets, k.customerSecret, k.customerContacts(ann),
    // Contact events are deduplicated inside their contact's hash; other kinds by a key per id.
    ...raw.filter((r) => !r.type.startsWith('contact.')).map((r) => k.seen(r.id)),
    k.contact('c1'), k.contact('c2'), k.contactEvents(hourOf(NOW)),
    k.minute(m), k.hour(h), k.queueMinute(m), k.queueHour(h),
    k.queueWaiting('chat', 'de'), k.queueOpen('chat', 'de'), k.queueWaiting('voice', ''), k.queueOpen('voice', ''), k.queueNames('chat'), k.reasonNames, k.liveQueues('chat'),
    k.agent('a1'), k.agentCounts('chat'), k.lastEvent,
  ].filter((key) => key !== k.tenant); // the routing key is never written
  const actual = await redis.keys(`${k.prefix}*`);
  expect(actual.sort()).toEqual([...expected].sort());
  expect(actual.every((key) => key.startsWith(k.prefix) && /\{t-[0-9a-f]+\}/.test(key))).toBe(true);
  // What each event did, kept for the duplicate window so that it can be retracted.
  expect(await redis.hget(k.contact('c1'), 'e:k1')).toBe(`q|${q}|chat|de|wismo|${ann}`);
  expect(await redis.hget(k.contactEvents(hourOf(NOW)), 'k1')).toBe('c1');
  expect(await redis.get(k.seen('k3'))).toBe(`o|${q}|5`);
  expect(await redis.pttl(k.contactEvents(hourOf(NOW)))).toBeGreaterThan(48 * 3_600_000);
  for (const key of [k.seen('k3'), k.minute(m), k.hour(h), k.queueMinute(m), k.queueHour(h), k.customerContacts(ann)]) {
    expect(await redis.pttl(key), key).toBeGreaterThan(0);
  }
  // Buckets live 8 days after their own end; a seen id 48 h.
  // (relative to the store's clock, here NOW: a bucket of a test's fixed day lives as long as a real one)
  const pttl = await redis.pttl(k.minute(m));
  expect(Math.abs(pttl - ((m + 1) * 60_000 + 8 * 86_400_000 - NOW))).toBeLessThan(5_000);
  // An open contact has no TTL (it lives while open; the janitor drops it after 30 days).
  expect(await redis.ttl(k.contact('c1'))).toBe(-1);
  expect(await redis.pttl(k.seen('k3'))).toBeGreaterThan(47 * 3_600_000);
  // Every bucket field is one the readers know by name (server/store/bucket-fields.ts).
  const known = new Set<string>(Object.values(BUCKET_FIELDS));
  const fieldOk = (f: string) => f === ORDERS_FIELD || f.startsWith(REASON_FIELD_PREFIX) || known.has(f.split('|').pop()!);
  for (const key of [k.minute(m), k.hour(h), k.queueMinute(m), k.queueHour(h)]) {
    const fields = Object.keys(await redis.hgetall(key));
    expect(fields.filter((f) => !fieldOk(f)), key).toEqual([]);
  }
  expect(await redis.hget(k.minute(m), ORDERS_FIELD)).toBe('5');
  expect(await redis.hget(k.hour(h), ORDERS_FIELD)).toBe('5');
  expect(await redis.hget(k.minute(m), `${REASON_FIELD_PREFIX}wismo`)).toBe('1');
  expect(await redis.hget(k.hour(h), `${REASON_FIELD_PREFIX}wismo`)).toBe('1');
  expect(await redis.hget(k.minute(m), channelField('chat', BUCKET_FIELDS.csatPositive))).toBe('1');
});

it('a closed contact keeps its state for the 48 h duplicate window; one reopened loses its TTL; one open for 30 days is dropped by the janitor', async () => {
  const store = testStore(redis, () => NOW);
  await store.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  const ev = (id: string, type: string, at: number, contactId: string) => {
    const c = checkEvent({ id, type, at, channel: 'chat', contactId, queue: 'de' }, { channels: new Set(DEFAULT_CHANNELS), now: NOW });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  };
  const k = store.keys;
  await store.applyEvents([ev('j1', 'contact.queued', NOW - 60_000, 'closed'), ev('j2', 'contact.resolved', NOW - 1000, 'closed')]);
  const closedTtl = await redis.ttl(k.contact('closed'));
  expect(closedTtl).toBeGreaterThan(48 * 3_600 - 10); // the duplicate window
  expect(closedTtl).toBeLessThanOrEqual(48 * 3_600);
  await store.applyEvents([ev('j3', 'contact.answered', NOW - 30_000, 'late')]); // answered before queued: not open yet
  expect(await redis.ttl(k.contact('late'))).toBeGreaterThan(0);
  await store.applyEvents([ev('j4', 'contact.queued', NOW - 60_000, 'late'), ev('j5', 'contact.queued', NOW - 60_000, 'stale')]);
  expect(await redis.ttl(k.contact('late'))).toBe(-1); // answered but not resolved: open, so no TTL
  // 31 days on, an event in the same queue runs the janitor.
  const later = NOW + 31 * 86_400_000;
  const store2 = new (store.constructor as typeof import('../../server/store/store').Store)(redis, k, () => later);
  const c = checkEvent({ id: 'j6', type: 'contact.queued', at: later - 1000, channel: 'chat', contactId: 'fresh', queue: 'de' }, { channels: new Set(DEFAULT_CHANNELS), now: later });
  if (!c.ok) throw new Error(c.error);
  await store2.applyEvents([c.event]);
  expect(await redis.exists(k.contact('stale'), k.contact('late'))).toBe(0);
  expect(await redis.zrange(k.queueOpen('chat', 'de'), 0, -1)).toEqual(['fresh']);
  expect(await redis.zrange(k.queueWaiting('chat', 'de'), 0, -1)).toEqual(['fresh']);
});

it('a shorter duplicate window (PEAKWATCH_DUPLICATE_WINDOW_S) bounds what is kept: once it has passed, the closed contact and the id keys are gone and a re-sent event counts again', async () => {
  const base = testStore(redis, Date.now);
  const store = new Store(redis, base.keys, Date.now, { duplicateWindowMs: 1_000 });
  await store.setTargets(defaultTargets([...DEFAULT_CHANNELS]));
  const now = Date.now();
  const ev = (raw: Record<string, unknown>) => {
    const c = checkEvent(raw, { channels: new Set(DEFAULT_CHANNELS), now });
    if (!c.ok) throw new Error(c.error);
    return c.event;
  };
  const events = [
    ev({ id: 'w1', type: 'contact.queued', at: now - 60_000, channel: 'chat', contactId: 'gone', queue: 'de' }),
    ev({ id: 'w2', type: 'contact.resolved', at: now - 1_000, channel: 'chat', contactId: 'gone', queue: 'de' }),
    ev({ id: 'w3', type: 'orders.placed', at: now - 1_000, count: 4 }),
  ];
  expect(await store.applyEvents(events)).toEqual([true, true, true]);
  expect(await store.applyEvents(events)).toEqual([false, false, false]); // inside the window: duplicates
  const k = store.keys;
  expect(await redis.pttl(k.contact('gone'))).toBeLessThanOrEqual(1_000);
  expect(await redis.pttl(k.seen('w3'))).toBeLessThanOrEqual(1_000);
  await new Promise((r) => setTimeout(r, 1_300)); // Redis expires keys on its own clock
  expect(await redis.exists(k.contact('gone'), k.seen('w3'))).toBe(0);
  expect(await store.applyEvents([events[2]!])).toEqual([true]); // the contract: after the window an id counts again
});
