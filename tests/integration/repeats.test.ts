import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { REPEAT_WINDOW_H } from '../../shared/metrics';
import type { PeakEvent } from '../../shared/events';
import { computeSnapshot } from '../../server/metrics/snapshot';
import { Store } from '../../server/store/store';
import type { Rule } from '../../shared/alerts';
import { ruleValues } from '../../server/alerts/rule-value';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { connect } from '../helpers/redis';
import { CHANNELS, parsed } from '../helpers/retract';
import { repeatCounters, repeatStore } from '../helpers/repeats';
import { defaultTargets } from '../../shared/targets';

const NOW = Date.parse('2026-11-27T12:00:30Z');
const H = 3_600_000;
let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

let n = 0;
const queued = (contactId: string, at: number, customerId?: string, channel = 'chat', extra: Record<string, unknown> = {}) =>
  ({ id: `q-${n++}`, type: 'contact.queued', at, channel, contactId, ...(customerId ? { customerId } : {}), ...extra });

/** Per channel, the today window's repeats and customer arrivals. */
async function today(store: Store) {
  const targets = defaultTargets(CHANNELS);
  const s = await computeSnapshot({ store, channels: CHANNELS, timeZone: 'UTC', clock: () => NOW, targets: async () => targets }, { queues: true });
  const per = Object.fromEntries(Object.entries(s.channels)
    .filter(([, c]) => c.windows.today.customerArrivals > 0)
    .map(([ch, c]) => [ch, { repeats: c.windows.today.repeats, customerArrivals: c.windows.today.customerArrivals, repeatRate: c.windows.today.repeatRate }]));
  return { channels: per, totals: s.totals.windows.today, snapshot: s };
}

async function apply(store: Store, raws: Record<string, unknown>[]): Promise<PeakEvent[]> {
  const events = parsed(raws, NOW);
  await store.applyEvents(events);
  return events;
}

describe('repeat contacts', () => {
  it('the window boundary: a contact exactly the window after the last one is a repeat, a millisecond later it is not', async () => {
    const store = repeatStore(redis, NOW, 2 * H);
    await apply(store, [
      queued('a1', NOW - 6 * H, 'ann'), queued('a2', NOW - 4 * H, 'ann'), // exactly 2 h: repeat
      queued('b1', NOW - 6 * H, 'bob'), queued('b2', NOW - 4 * H + 1, 'bob'), // 2 h + 1 ms: not
    ]);
    expect((await today(store)).channels).toEqual({ chat: { repeats: 1, customerArrivals: 4, repeatRate: 0.25 } });
  });

  it('the default window is 168 hours, on the edge of the oldest event time accepted', async () => {
    expect(REPEAT_WINDOW_H.default).toBe(168);
    const store = new Store(redis, repeatStore(redis, NOW, H).keys, () => NOW);
    await apply(store, [queued('d1', NOW - 168 * H, 'dee'), queued('d2', NOW - 60_000, 'dee')]);
    const counters = await repeatCounters(redis, store);
    expect(Object.entries(counters).filter(([k]) => k.endsWith('chat|rpt'))).toEqual([[`${Math.floor((NOW - 60_000) / 60_000)}|chat|rpt`, 1]]);
    // The customer's key lives the window plus the oldest event time accepted after its latest contact, then goes.
    const keys = await redis.keys(`${store.keys.prefix}cz:*`);
    expect(keys).toHaveLength(1);
    for (const key of keys) expect(Math.abs(await redis.pttl(key) - (NOW - 60_000 + 168 * H + 7 * 24 * H - NOW))).toBeLessThan(5_000);
  });

  it('a customer across channels: the repeat counts in the channel (and queue) of the contact that came back', async () => {
    const store = repeatStore(redis, NOW, 24 * H);
    await apply(store, [
      queued('x1', NOW - 3 * H, 'cy', 'email'),
      queued('x2', NOW - 2 * H, 'cy', 'chat', { queue: 'de' }),
      queued('x3', NOW - H, 'cy', 'voice'),
      queued('x4', NOW - H, undefined, 'voice'), // no customer: not in the rate at all
    ]);
    const t = await today(store);
    expect(t.channels).toEqual({
      email: { repeats: 0, customerArrivals: 1, repeatRate: 0 },
      chat: { repeats: 1, customerArrivals: 1, repeatRate: 1 },
      voice: { repeats: 1, customerArrivals: 1, repeatRate: 1 },
    });
    expect(t.snapshot.channels.chat!.queues!.de!.windows.today).toMatchObject({ repeats: 1, customerArrivals: 1, repeatRate: 1 });
    expect(t.totals).toMatchObject({ repeats: 2, customerArrivals: 3, repeatRate: 2 / 3 });
  });

  it('a contact arriving late makes a later one a repeat, and its own earlier contact does not become one', async () => {
    const store = repeatStore(redis, NOW, 24 * H);
    await apply(store, [queued('l2', NOW - H, 'dan', 'voice')]);
    expect((await today(store)).channels).toEqual({ voice: { repeats: 0, customerArrivals: 1, repeatRate: 0 } });
    await apply(store, [queued('l1', NOW - 5 * H, 'dan', 'chat')]);
    expect((await today(store)).channels).toEqual({
      chat: { repeats: 0, customerArrivals: 1, repeatRate: 0 },
      voice: { repeats: 1, customerArrivals: 1, repeatRate: 1 },
    });
  });

  it('contacts queued at the same moment: the one with the smaller contact id comes first, whatever the order received', async () => {
    for (const order of [['t-a', 't-b'], ['t-b', 't-a']]) {
      const store = repeatStore(redis, NOW, H);
      for (const cid of order) await apply(store, [queued(cid, NOW - H, 'eve', cid === 't-a' ? 'chat' : 'voice')]);
      expect((await today(store)).channels).toEqual({
        chat: { repeats: 0, customerArrivals: 1, repeatRate: 0 },
        voice: { repeats: 1, customerArrivals: 1, repeatRate: 1 },
      });
    }
  });

  it('a corrected queued time (an earlier contact.queued of the same contact) moves it in its customer\'s order', async () => {
    const store = repeatStore(redis, NOW, 2 * H);
    await apply(store, [queued('m1', NOW - 3 * H, 'fay'), queued('m2', NOW - 30 * 60_000, 'fay')]);
    expect((await today(store)).channels.chat).toMatchObject({ repeats: 0, customerArrivals: 2 });
    await apply(store, [queued('m2', NOW - 2 * H, 'fay')]); // m2 was in the queue earlier than first said: within 2 h of m1
    expect((await today(store)).channels.chat).toMatchObject({ repeats: 1, customerArrivals: 2 });
  });

  it('a re-delivered event changes nothing; retracting the earlier contact undoes the repeat it made, and retracting again nothing more', async () => {
    const store = repeatStore(redis, NOW, 24 * H);
    const [first, second] = await apply(store, [queued('r1', NOW - 5 * H, 'gus'), queued('r2', NOW - H, 'gus', 'voice')]);
    await store.applyEvents([first!, second!]);
    expect((await today(store)).channels).toEqual({
      chat: { repeats: 0, customerArrivals: 1, repeatRate: 0 },
      voice: { repeats: 1, customerArrivals: 1, repeatRate: 1 },
    });
    // What an event was, as the admin finds it, names the contact and never its customer.
    expect((await store.findEvents([second!.id]))[0]!.event).toEqual({ type: 'contact.queued', at: NOW - H, channel: 'voice', contactId: 'r2' });
    expect((await store.retractEvents([first!.id])).withdrawn).toBe(1);
    expect((await today(store)).channels).toEqual({ voice: { repeats: 0, customerArrivals: 1, repeatRate: 0 } });
    await store.retractEvents([first!.id]);
    await store.applyEvents([first!]); // re-delivered after its retraction: stays out
    expect((await today(store)).channels).toEqual({ voice: { repeats: 0, customerArrivals: 1, repeatRate: 0 } });
    expect(await repeatCounters(redis, store)).toEqual({
      [`${Math.floor((NOW - H) / 60_000)}|voice|arc`]: 1,
    });
  });

  it('retracting the middle contact makes the next a repeat of the first when they are within the window, and not when they are not', async () => {
    const store = repeatStore(redis, NOW, 3 * H);
    const [, mid] = await apply(store, [queued('s1', NOW - 7 * H, 'hal'), queued('s2', NOW - 5 * H, 'hal'), queued('s3', NOW - 3 * H, 'hal')]);
    expect((await today(store)).channels.chat).toMatchObject({ repeats: 2, customerArrivals: 3 });
    await store.retractEvents([mid!.id]);
    expect((await today(store)).channels.chat).toMatchObject({ repeats: 0, customerArrivals: 2 });
  });
});

describe('customer ids stay private', () => {
  let srv: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(redis, { now: NOW });
    other = await startTestServer(redis, { now: NOW, tenant: srv.store.keys.prefix.match(/\{(.+)\}/)![1] });
  });
  afterAll(async () => { await srv.close(); await other.close(); });

  it('no Redis key or value of the tenant holds a raw customerId; two instances on one Redis hash a customer alike', async () => {
    const ids = ['ann.smith@example.com', 'cust-000123456', '+4915112345678'];
    const raws = ids.flatMap((c, i) => [queued(`p${i}a`, NOW - 3 * H, c), queued(`p${i}b`, NOW - H, c, 'voice')]);
    // Half through each instance: the repeats link up only if both hash alike.
    expect((await srv.post(raws.filter((_, i) => i % 2 === 0))).body).toMatchObject({ accepted: 3 });
    expect((await other.post(raws.filter((_, i) => i % 2 === 1))).body).toMatchObject({ accepted: 3 });
    expect((await srv.snapshot()).channels.voice!.windows.today).toMatchObject({ repeats: 3, customerArrivals: 3 });
    const keys = await redis.keys(`${srv.store.keys.prefix}*`);
    expect(keys.some((k) => k.includes(':cz:'))).toBe(true);
    const dump: string[] = [...keys];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') dump.push((await redis.get(key))!);
      else if (type === 'hash') dump.push(...Object.entries(await redis.hgetall(key)).flat());
      else if (type === 'zset') dump.push(...await redis.zrange(key, 0, -1));
      else if (type === 'set') dump.push(...await redis.smembers(key));
      else if (type === 'list') dump.push(...await redis.lrange(key, 0, -1));
      else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    const text = dump.join('\n').toLowerCase();
    for (const id of ids) {
      expect(text).not.toContain(id.toLowerCase());
      expect(text).not.toContain(Buffer.from(id).toString('base64'));
      expect(text).not.toContain(Buffer.from(id).toString('hex'));
    }
  });

  it('the repeat rate is a series, a Prometheus gauge and an alert metric, from the same counters', async () => {
    const from = NOW - 4 * H;
    const series = await fetch(`${srv.url}/api/v1/series?metric=repeatRate&channel=voice&from=${from}&to=${NOW - 60_000}&step=3600`,
      { headers: { authorization: `Bearer ${TOKENS.viewer}` } }).then((r) => r.json());
    expect(series.points.map((p: { v: number | null }) => p.v)).toEqual([null, null, null, 1]); // the voice contacts came back at NOW − 1 h
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/^peakwatch_repeat_rate\{channel="voice",window="today"\} 1$/m);
    expect(metrics).toMatch(/^peakwatch_repeat_rate\{channel="chat",window="today"\} 0$/m);
    const snap = await srv.snapshot();
    const rule = { id: 'rr', metric: 'repeatRate', window: 'today', op: '>', threshold: 0.3 } as const;
    expect(ruleValues({ ...rule, channel: 'voice' } as Rule, snap, NOW)).toEqual([{ channel: 'voice', value: 1 }]);
    expect(ruleValues({ ...rule, channel: 'total' } as Rule, snap, NOW)).toEqual([{ channel: 'total', value: 0.5 }]);
  });

  it('a bad customerId is rejected with a clear error naming it; the other events of the batch are applied', async () => {
    const res = await srv.post([
      queued('bad1', NOW - H, 'x'.repeat(129)),
      queued('bad2', NOW - H, 'evil\u202Ename'),
      { ...queued('bad3', NOW - H), customerId: 42 },
      { ...queued('bad4', NOW - H), customerId: '' },
      queued('good', NOW - H, 'fine'),
    ]);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { error: string }) => r.error)).toEqual([
      'customerId: must be at most 128 characters',
      'customerId: must not contain control characters or bidirectional controls (e.g. U+202E)',
      expect.stringMatching(/^customerId: must be a string/),
      'customerId: must not be empty',
    ]);
  });
});
