import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store/store';
import { connect, uniqueTenant } from '../helpers/redis';
import { tenantKeys } from '../../server/store/keys';
import { defaultTargets } from '../../shared/targets';
import { CHANNELS, figures, figuresOf, freshStore, parsed } from '../helpers/retract';

/**
 * Retraction withdraws exactly what an event did: the figures after retracting equal those of a fresh tenant
 * that received only the other events, for every kind of event.
 */
const NOW = Date.parse('2026-11-27T12:00:30Z');
const ago = (s: number) => NOW - s * 1000;
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

let n = 0;
const e = (r: Record<string, unknown>) => ({ id: `r-${++n}`, ...r });
const contact = (type: string, contactId: string, agoS: number, x: Record<string, unknown> = {}) =>
  e({ type: `contact.${type}`, at: ago(agoS), channel: 'chat', contactId, ...x });

/** A small day touching every figure: waiting, open, answered in and out of target, abandoned, resolved, reasons, queues, orders, surveys, agents. */
const DAY = parsed([
  contact('queued', 'w1', 600, { queue: 'de', reason: 'wismo' }), contact('answered', 'w1', 560),
  contact('queued', 'w2', 500, { queue: 'de' }), contact('abandoned', 'w2', 400),
  contact('queued', 'w3', 300, { queue: 'de', reason: 'refund' }), contact('queued', 'w3', 200, { queue: 'fr', reason: 'payment' }),
  contact('queued', 'w4', 900, { queue: 'fr' }), contact('answered', 'w4', 500), contact('resolved', 'w4', 100),
  contact('queued', 'w5', 60), contact('resolved', 'w5', 30),
  contact('queued', 'w6', 3_000, { queue: 'de' }), contact('answered', 'w6', 2_950), contact('abandoned', 'w6', 2_900),
  contact('queued', 'w7', 120, { channel: 'voice', queue: 'de' }),
  e({ type: 'orders.placed', at: ago(100), count: 10_000_000 }), e({ type: 'orders.placed', at: ago(100), count: 40 }),
  e({ type: 'csat.submitted', at: ago(50), channel: 'chat', score: 5, queue: 'de' }), e({ type: 'csat.submitted', at: ago(40), channel: 'chat', score: 2 }),
  e({ type: 'agent.status', at: ago(600), channel: 'chat', agentId: 'a1', status: 'available' }),
  e({ type: 'agent.status', at: ago(60), channel: 'chat', agentId: 'a1', status: 'busy' }),
  e({ type: 'agent.status', at: ago(30), channel: 'voice', agentId: 'a2', status: 'away' }),
  e({ type: 'agent.status', at: ago(30), channel: 'chat', agentId: 'a3', status: 'available' }),
  e({ type: 'agent.status', at: ago(30), channel: 'chat', agentId: 'a3', status: 'busy' }),
  e({ type: 'survey.submitted', at: ago(45), channel: 'chat', kind: 'ces', score: 5, queue: 'de' }),
  e({ type: 'survey.submitted', at: ago(45), channel: 'chat', kind: 'nps', score: 6, queue: 'fr' }),
  e({ type: 'survey.submitted', at: ago(35), channel: 'voice', kind: 'nps', score: 10 }),
  e({ type: 'survey.submitted', at: ago(35), channel: 'chat', kind: 'csat', score: 4 }),
], NOW);

describe('retracting one event leaves the figures of the other events alone', () => {
  it.each(DAY.map((ev, i) => [`${ev.type} #${i}`, i]))('%s', async (_label, i) => {
    const store = await freshStore(redis, NOW);
    expect((await store.applyEvents(DAY)).every(Boolean)).toBe(true);
    const target = DAY[i as number]!;
    const res = await store.retractEvents([target.id]);
    expect(res.withdrawn).toBe(1);
    expect(res.events).toEqual([{ id: target.id, state: 'retracted', event: expect.objectContaining({ type: target.type, at: target.at }) }]);
    const rest = DAY.filter((x) => x !== target);
    expect(await figures(store, NOW)).toEqual(await figuresOf(redis, rest, NOW));
    // The contact's own state too: exactly what its other events make of it.
    const cid = target.type.startsWith('contact.') ? (target as { contactId: string }).contactId : null;
    if (cid !== null) {
      const fresh = await freshStore(redis, NOW);
      await fresh.applyEvents(rest);
      expect(await redis.hgetall(store.keys.contact(cid))).toEqual(await redis.hgetall(fresh.keys.contact(cid)));
    }
  });
});

describe('what retraction means for a contact and an agent', () => {
  it('an answer retracted puts the contact back in the queue; a queued event retracted empties it', async () => {
    const store = await freshStore(redis, NOW);
    const [q, a] = parsed([contact('queued', 'b1', 300, { queue: 'de' }), contact('answered', 'b1', 200)], NOW);
    await store.applyEvents([q!, a!]);
    expect((await figures(store, NOW)).channels.chat!.waiting).toBe(0);
    await store.retractEvents([a!.id]);
    const s = await figures(store, NOW);
    expect(s.channels.chat!.waiting).toBe(1);
    expect(s.channels.chat!.windows['15m'].answered).toBe(0);
    await store.retractEvents([q!.id]);
    expect(await redis.exists(store.keys.contact('b1'))).toBe(0);
    expect(await figures(store, NOW)).toEqual(await figuresOf(redis, [], NOW));
  });

  it('a contact folded into (other) and retracted: the figures of the other events, the fold re-decided as ingest does', async () => {
    const limited = () => new Store(redis, tenantKeys(uniqueTenant('rf')), () => NOW, { maxQueues: 1 });
    const events = parsed([
      contact('queued', 'f1', 300, { queue: 'de' }), contact('queued', 'f2', 290, { queue: 'fr' }),
      contact('answered', 'f2', 200, { queue: 'fr' }), contact('queued', 'f3', 280, { queue: 'fr' }),
    ], NOW);
    const store = limited();
    await store.setTargets(defaultTargets(CHANNELS));
    await store.applyEvents(events);
    const before = await figures(store, NOW);
    expect(Object.keys(before.channels.chat!.queues ?? {}).sort()).toEqual(['(other)', 'de']);
    // f1's only event and f2's answer withdrawn: f2 waits again. A name stays registered for the retention (as a
    // name of any delivered event does), so f2 and f3 keep the fold they were given: the channel's figures are
    // those of the other events, and the two stay together in one queue.
    await store.retractEvents([events[0]!.id, events[2]!.id]);
    const fresh = limited();
    await fresh.setTargets(defaultTargets(CHANNELS));
    await fresh.applyEvents([events[1]!, events[3]!]);
    const withoutQueues = (s: Awaited<ReturnType<typeof figures>>) =>
      Object.fromEntries(Object.entries(s.channels).map(([ch, f]) => [ch, { ...f, queues: undefined }]));
    const after = await figures(store, NOW);
    expect(withoutQueues(after)).toEqual(withoutQueues(await figures(fresh, NOW)));
    expect(after.channels.chat!.waiting).toBe(2);
    expect(Object.entries(after.channels.chat!.queues ?? {}).filter(([, q]) => q.waiting > 0).map(([name, q]) => [name, q.waiting])).toEqual([['(other)', 2]]);
  });

  it('the standing status of an agent retracted restores the one before it', async () => {
    const store = await freshStore(redis, NOW);
    const [s1, s2] = parsed([
      e({ type: 'agent.status', at: ago(600), channel: 'chat', agentId: 'x1', status: 'available' }),
      e({ type: 'agent.status', at: ago(60), channel: 'voice', agentId: 'x1', status: 'busy' }),
    ], NOW);
    await store.applyEvents([s1!, s2!]);
    await store.retractEvents([s2!.id]);
    const s = await figures(store, NOW);
    expect(s.channels.chat!.agents.available).toBe(1);
    expect(s.channels.voice!.agents.busy).toBe(0);
  });

  it('an order of 10,000,000 retracted leaves the day as it was', async () => {
    const store = await freshStore(redis, NOW);
    const [big] = parsed([e({ type: 'orders.placed', at: ago(60), count: 10_000_000 })], NOW);
    await store.applyEvents([big!]);
    expect((await figures(store, NOW)).totals.windows.today.orders).toBe(10_000_000);
    expect(await store.retractEvents([big!.id])).toMatchObject({ withdrawn: 1 });
    expect((await figures(store, NOW)).totals.windows.today.orders).toBe(0);
  });
});

describe('tombstones', () => {
  it('retracting twice changes nothing the second time, and a re-delivered event stays out', async () => {
    const store = await freshStore(redis, NOW);
    const events = DAY.slice(0, 6);
    await store.applyEvents(events);
    const ids = [events[1]!.id, events[3]!.id];
    expect((await store.retractEvents(ids)).withdrawn).toBe(2);
    const once = await figures(store, NOW);
    const again = await store.retractEvents(ids);
    expect(again.withdrawn).toBe(0);
    expect(again.events.map((x) => x.state)).toEqual(['retracted', 'retracted']);
    expect(await figures(store, NOW)).toEqual(once);
    expect(await store.applyEvents(events)).toEqual(events.map(() => false));
    expect(await figures(store, NOW)).toEqual(once);
  });

  it('an id retracted before its event arrives keeps the event out; it counts as unknown', async () => {
    const store = await freshStore(redis, NOW);
    const res = await store.retractEvents(DAY.map((x) => x.id).slice(0, 4));
    expect(res.withdrawn).toBe(0);
    expect(res.events.every((x) => x.state === 'unknown' && x.event === null)).toBe(true);
    expect((await store.findEvents([DAY[0]!.id]))[0]).toEqual({ id: DAY[0]!.id, state: 'retracted', event: null });
    const applied = await store.applyEvents(DAY);
    expect(applied.slice(0, 4)).toEqual([false, false, false, false]);
    expect(await figures(store, NOW)).toEqual(await figuresOf(redis, DAY.slice(4), NOW));
  });

  it('finds what an event was and whether it counts', async () => {
    const store = await freshStore(redis, NOW);
    await store.applyEvents(DAY);
    const [w1, csat, unknown] = await store.findEvents([DAY[0]!.id, DAY[17]!.id, 'never-sent']);
    expect(w1).toEqual({ id: DAY[0]!.id, state: 'applied', event: { type: 'contact.queued', at: ago(600), channel: 'chat', contactId: 'w1', queue: 'de', reason: 'wismo' } });
    expect(csat).toEqual({ id: DAY[17]!.id, state: 'applied', event: { type: 'csat.submitted', at: ago(50), channel: 'chat', score: 5, queue: 'de' } });
    expect(unknown).toEqual({ id: 'never-sent', state: 'unknown', event: null });
    const nps = DAY.find((x) => x.type === 'survey.submitted' && x.kind === 'nps')!;
    expect((await store.findEvents([nps.id]))[0]).toEqual({ id: nps.id, state: 'applied', event: { type: 'survey.submitted', at: ago(45), channel: 'chat', kind: 'nps', score: 6, queue: 'fr' } });
    await store.retractEvents([DAY[0]!.id]);
    expect((await store.findEvents([DAY[0]!.id]))[0]).toMatchObject({ state: 'retracted', event: { type: 'contact.queued', contactId: 'w1' } });
  });
});

describe('state kept by the version before retraction', () => {
  it('an agent kept without history: its standing status is the base a retracted later one falls back to', async () => {
    const store = await freshStore(redis, NOW);
    const k = store.keys;
    await redis.hset(k.agent('old-a'), 'at', String(ago(900)), 'ch', 'chat', 'st', 'away');
    await redis.hset(k.agentCounts('chat'), 'away', '1');
    const [busy] = parsed([e({ type: 'agent.status', at: ago(60), channel: 'chat', agentId: 'old-a', status: 'busy' })], NOW);
    await store.applyEvents([busy!]);
    expect((await figures(store, NOW)).channels.chat!.agents).toMatchObject({ away: 0, busy: 1 });
    await store.retractEvents([busy!.id]);
    expect((await figures(store, NOW)).channels.chat!.agents).toMatchObject({ away: 1, busy: 0 });
  });

  it('a contact event kept as its kind only cannot be re-applied: retracting a sibling changes nothing and says unknown', async () => {
    const store = await freshStore(redis, NOW);
    const [q, a] = parsed([contact('queued', 'old-c', 300), contact('answered', 'old-c', 200)], NOW);
    await store.applyEvents([q!, a!]);
    await redis.hset(store.keys.contact('old-c'), `e:${q!.id}`, 'q'); // as the version before kept it
    const before = await figures(store, NOW);
    expect(await store.retractEvents([a!.id])).toMatchObject({ withdrawn: 0, events: [{ state: 'unknown' }] });
    expect(await figures(store, NOW)).toEqual(before);
  });
});

describe('the duplicate window bounds what can be retracted', () => {
  it('an event received longer ago than the window is unknown and stays counted', async () => {
    const store = await freshStore(redis, NOW);
    const [q] = parsed([contact('queued', 'old-1', 60)], NOW);
    await store.applyEvents([q!]);
    const later = new Store(redis, store.keys, () => NOW + 48 * 3_600_000 + 2 * 3_600_000);
    expect(await later.retractEvents([q!.id])).toMatchObject({ withdrawn: 0, events: [{ state: 'unknown' }] });
    expect(await redis.exists(store.keys.contact('old-1'))).toBe(1);
  });

  it('an agent\'s statuses older than the window fold into one that can no longer be retracted, and still stands when a later one is', async () => {
    const window = 60_000;
    let now = NOW;
    const store = new Store(redis, (await freshStore(redis, NOW)).keys, () => now, { duplicateWindowMs: window });
    const status = (agoS: number, st: string) => parsed([e({ type: 'agent.status', at: now - agoS * 1000, channel: 'chat', agentId: 'f1', status: st })], now)[0]!;
    const first = status(10, 'available');
    await store.applyEvents([first]);
    now += 3 * window; // past the window and a quarter of it: the next status folds the first
    const second = status(5, 'busy');
    await store.applyEvents([second]);
    const hash = await redis.hgetall(store.keys.agent('f1'));
    expect(hash[`e:${first.id}`]).toBeUndefined();
    expect(hash.b).toBe(`${first.at}|chat|available`);
    expect(await store.retractEvents([first.id])).toMatchObject({ withdrawn: 0, events: [{ state: 'unknown' }] });
    expect(await store.retractEvents([second.id])).toMatchObject({ withdrawn: 1 });
    const agents = (await figures(store, now)).channels.chat!.agents;
    expect(agents).toMatchObject({ available: 1, busy: 0 });
  });
});
