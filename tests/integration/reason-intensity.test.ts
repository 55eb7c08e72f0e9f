import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_NAME } from '../../shared/cardinality';
import type { Snapshot } from '../../shared/snapshot';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';
import { connect } from '../helpers/redis';

/**
 * Contact intensity by reason: contacts with the reason / orders, for 60m and today (UTC, now = 12:00:30:
 * 60m = 11:01-12:00:59; today = the hour roll-ups of 00:00-11:59 and the minute buckets of 12:00).
 */
const D = '2026-11-27T';
const Y = '2026-11-26T';
const NOW = Date.parse(`${D}12:00:30Z`);

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

const reasonOf = (snap: Snapshot, name: string) => snap.reasons.find((r) => r.reason === name);

async function retract(srv: TestServer, ids: string[]) {
  const res = await fetch(`${srv.url}/api/v1/events/retract`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}` }, body: JSON.stringify({ ids }),
  });
  return { status: res.status, body: await res.json() };
}

describe('reason intensity in the snapshot', () => {
  let srv: TestServer;
  let snap: Snapshot;
  beforeAll(async () => {
    srv = await startTestServer(redis, { now: NOW });
    const day = [
      // wismo: 6 today (3 of them before 11:00, read from hour roll-ups), 3 in the last 60 minutes
      ev.queued('w1', `${D}08:10:00Z`, 'chat', { reason: 'wismo' }),
      ev.queued('w2', `${D}09:20:00Z`, 'voice', { reason: 'wismo' }),
      ev.queued('w3', `${D}10:30:00Z`, 'email', { reason: 'wismo' }),
      ev.queued('w4', `${D}11:15:00Z`, 'chat', { reason: 'wismo' }),
      ev.queued('w5', `${D}11:40:00Z`, 'chat', { reason: 'wismo' }),
      ev.queued('w6', `${D}12:00:10Z`, 'chat', { reason: 'wismo' }),
      // refund: 2 today, 1 in the last 60 minutes; one yesterday counts in neither
      ev.queued('r1', `${D}09:05:00Z`, 'chat', { reason: 'refund' }),
      ev.queued('r2', `${D}11:50:00Z`, 'social', { reason: 'refund' }),
      ev.queued('r0', `${Y}23:30:00Z`, 'chat', { reason: 'refund' }),
      // a contact without a reason counts in the contact rate, in no reason
      ev.queued('n1', `${D}11:45:00Z`),
      // orders: 1,750 today, 250 in the last 60 minutes; yesterday's count in neither
      ev.orders(1_000, `${D}08:00:00Z`), ev.orders(500, `${D}10:00:00Z`), ev.orders(200, `${D}11:30:00Z`), ev.orders(50, `${D}12:00:05Z`),
      ev.orders(9_999, `${Y}23:00:00Z`),
    ];
    expect((await srv.post(day)).body).toMatchObject({ accepted: day.length });
    snap = await srv.snapshot();
  });
  afterAll(() => srv.close());

  it('gives each reason its count today and its contacts per order in 60m and today, exactly', () => {
    expect(snap.reasons.map((r) => [r.reason, r.count, r.todayCount, r.intensity])).toEqual([
      ['wismo', 3, 6, { '60m': 3 / 250, today: 6 / 1_750 }],
      ['refund', 1, 2, { '60m': 1 / 250, today: 2 / 1_750 }],
    ]);
    // The same orders as the windows' contact rate.
    expect([snap.totals.windows['60m'].orders, snap.totals.windows.today.orders]).toEqual([250, 1_750]);
  });

  it('today reads the reasons of whole hours from the hour roll-ups, where the contacts also count', async () => {
    const hour = await redis.hgetall(srv.store.keys.hour(Math.floor(Date.parse(`${D}09:00:00Z`) / 3_600_000)));
    expect([hour['r|wismo'], hour['r|refund'], hour.orders]).toEqual(['1', '1', undefined]);
  });

  it('follows the clock: an hour later the 60 minutes hold no order and no reason, today keeps them', async () => {
    srv.clock.set(NOW + 3_600_000);
    await srv.post([ev.queued('w7', `${D}13:00:20Z`, 'chat', { reason: 'wismo' })]);
    const later = await srv.snapshot();
    srv.clock.set(NOW);
    expect(later.reasons.map((r) => [r.reason, r.count, r.todayCount, r.intensity])).toEqual([
      ['wismo', 1, 7, { '60m': null, today: 7 / 1_750 }],
    ]);
  });
});

describe('reason intensity without orders, beyond the reason limit, and after a retraction', () => {
  it('is null in a window without orders, while the counts stand', async () => {
    const srv = await startTestServer(redis, { now: NOW });
    await srv.post([ev.queued('a', `${D}09:00:00Z`, 'chat', { reason: 'wismo' }), ev.queued('b', `${D}11:30:00Z`, 'chat', { reason: 'wismo' })]);
    let wismo = reasonOf(await srv.snapshot(), 'wismo');
    expect(wismo).toMatchObject({ count: 1, todayCount: 2, intensity: { '60m': null, today: null } });
    // Orders placed at 09:00 only: today has them, the last 60 minutes do not.
    await srv.post([ev.orders(40, `${D}09:00:00Z`)]);
    wismo = reasonOf(await srv.snapshot(), 'wismo');
    expect(wismo).toMatchObject({ count: 1, todayCount: 2, intensity: { '60m': null, today: 2 / 40 } });
    await srv.close();
  });

  it('a reason folded into (other) by PEAKWATCH_MAX_REASONS gets its intensity under (other)', async () => {
    const srv = await startTestServer(redis, { now: NOW, maxNames: { reasons: 2 } });
    await srv.post([
      ev.queued('a', `${D}11:10:00Z`, 'chat', { reason: 'wismo' }),
      ev.queued('b', `${D}11:11:00Z`, 'chat', { reason: 'refund' }),
      ev.queued('c', `${D}11:12:00Z`, 'chat', { reason: 'damaged' }),
      ev.queued('d', `${D}09:12:00Z`, 'voice', { reason: 'late' }),
      ev.orders(100, `${D}11:05:00Z`), ev.orders(300, `${D}09:00:00Z`),
    ]);
    const snap = await srv.snapshot();
    expect(snap.cardinality!.reasons.folded).toBe(2);
    expect(reasonOf(snap, OTHER_NAME)).toMatchObject({ count: 1, todayCount: 2, intensity: { '60m': 1 / 100, today: 2 / 400 } });
    expect(reasonOf(snap, 'wismo')).toMatchObject({ count: 1, todayCount: 1, intensity: { '60m': 1 / 100, today: 1 / 400 } });
    expect(reasonOf(snap, 'damaged')).toBeUndefined();
    await srv.close();
  });

  it('a retracted contact leaves its reason in both windows, minute buckets and hour roll-ups alike', async () => {
    const srv = await startTestServer(redis, { now: NOW });
    const early = ev.queued('x1', `${D}09:30:00Z`, 'chat', { reason: 'damaged' });
    const recent = ev.queued('x2', `${D}11:30:00Z`, 'chat', { reason: 'damaged' });
    await srv.post([early, recent, ev.queued('x3', `${D}11:20:00Z`, 'chat', { reason: 'damaged' }), ev.orders(100, `${D}11:05:00Z`), ev.orders(100, `${D}09:00:00Z`)]);
    expect(reasonOf(await srv.snapshot(), 'damaged')).toMatchObject({ count: 2, todayCount: 3, intensity: { '60m': 2 / 100, today: 3 / 200 } });
    expect(await retract(srv, [recent.id])).toEqual({ status: 200, body: { retracted: 1, unknown: 0 } });
    expect(reasonOf(await srv.snapshot(), 'damaged')).toMatchObject({ count: 1, todayCount: 2, intensity: { '60m': 1 / 100, today: 2 / 200 } });
    expect(await retract(srv, [early.id])).toEqual({ status: 200, body: { retracted: 1, unknown: 0 } });
    expect(reasonOf(await srv.snapshot(), 'damaged')).toMatchObject({ count: 1, todayCount: 1, intensity: { '60m': 1 / 100, today: 1 / 200 } });
    const hour = await redis.hgetall(srv.store.keys.hour(Math.floor(Date.parse(`${D}09:00:00Z`) / 3_600_000)));
    expect(Number(hour['r|damaged'] ?? 0)).toBe(0);
    await srv.close();
  });
});

describe('GET /api/v1/series of a reason', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(redis, { now: NOW });
    await srv.post([
      ev.queued('s1', `${D}09:10:00Z`, 'chat', { reason: 'wismo' }), ev.queued('s2', `${D}09:40:00Z`, 'voice', { reason: 'wismo' }),
      ev.queued('s3', `${D}11:05:00Z`, 'chat', { reason: 'wismo' }), ev.queued('s4', `${D}11:20:00Z`, 'email', { reason: 'wismo' }),
      ev.queued('s5', `${D}11:50:00Z`, 'chat', { reason: 'wismo' }), ev.queued('s6', `${D}11:06:00Z`, 'chat', { reason: 'refund' }),
      ev.orders(200, `${D}09:00:00Z`), ev.orders(100, `${D}11:05:00Z`), ev.orders(100, `${D}11:35:00Z`),
    ]);
  });
  afterAll(() => srv.close());

  async function series(q: Record<string, string | number>) {
    const res = await fetch(`${srv.url}/api/v1/series?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}` },
    });
    return { status: res.status, body: await res.json() };
  }
  const values = (r: { body: { points: { v: number | null }[] } }) => r.body.points.map((p) => p.v);
  const from = Date.parse(`${D}11:00:00Z`);
  const to = Date.parse(`${D}12:00:00Z`);

  it('per 30 minutes from minute buckets: the reason\'s contacts per order of each interval', async () => {
    const r = await series({ metric: 'reasonIntensity', reason: 'wismo', from, to, step: 1800 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ metric: 'reasonIntensity', channel: 'total', reason: 'wismo', step: 1800 });
    expect(values(r)).toEqual([2 / 100, 1 / 100]);
    expect(values(await series({ metric: 'reasonIntensity', reason: 'refund', channel: 'total', from, to, step: 1800 }))).toEqual([1 / 100, 0]);
  });

  it('per hour from the hour roll-ups, null in an hour without orders', async () => {
    const r = await series({ metric: 'reasonIntensity', reason: 'wismo', from: Date.parse(`${D}09:00:00Z`), to, step: 3600 });
    expect(values(r)).toEqual([2 / 200, null, 3 / 200]);
    // Per minute, only the minutes with orders have a value: 09:00 (no wismo in it), 11:05 (one), 11:35 (none).
    const m = await series({ metric: 'reasonIntensity', reason: 'wismo', from: Date.parse(`${D}09:00:00Z`), to, step: 60 });
    expect(values(m)).toHaveLength(180);
    expect(values(m).filter((v) => v !== null)).toEqual([0, 1 / 100, 0]);
  });

  it('a reason never seen is 0 per order, and the contact rate is unchanged by reasons', async () => {
    expect(values(await series({ metric: 'reasonIntensity', reason: 'nothing-like-it', from, to, step: 3600 }))).toEqual([0]);
    expect(values(await series({ metric: 'contactRate', channel: 'total', from, to, step: 3600 }))).toEqual([4 / 200]);
  });

  it('a missing or malformed reason, or a channel, is a 400 naming the parameter', async () => {
    const err = async (q: Record<string, string | number>) => (await series({ from, to, step: 300, ...q })).body.error as string;
    expect(await err({ metric: 'reasonIntensity' })).toMatch(/^reason: is required for reasonIntensity/);
    expect(await err({ metric: 'reasonIntensity', reason: 'a|b' })).toMatch(/^reason: must not contain "\|"/);
    expect(await err({ metric: 'reasonIntensity', reason: 'x'.repeat(65) })).toMatch(/^reason: /);
    expect(await err({ metric: 'reasonIntensity', reason: 'wismo', channel: 'chat' })).toMatch(/^channel: must be "total" or left out for reasonIntensity/);
    expect(await err({ metric: 'arrivals', reason: 'wismo', channel: 'chat' })).toMatch(/^reason: applies only to metric reasonIntensity/);
    expect(await err({ metric: 'arrivals' })).toMatch(/^channel: is required/);
  });
});

describe('the spike rule on intensity, evaluated by the server', () => {
  it('fires when a reason\'s contacts per order doubled while its share stayed the same (injected clock)', async () => {
    const srv = await startTestServer(redis, { now: NOW, alerting: { intervalMs: 100, leaseMs: 1_500 } });
    // Orders halved, contacts the same: per order both reasons doubled (1 % → 2 %), each still half the reasons.
    const events: object[] = [ev.orders(2_000, `${D}10:05:00Z`), ev.orders(1_000, `${D}11:05:00Z`)];
    for (let i = 0; i < 20; i++) {
      for (const [hour, r] of [['10', 'wismo'], ['10', 'refund'], ['11', 'wismo'], ['11', 'refund']] as const) {
        events.push(ev.queued(`${hour}-${r}-${i}`, `${D}${hour}:${String(10 + i).padStart(2, '0')}:00Z`, 'chat', { reason: r }));
      }
    }
    expect((await srv.post(events)).body).toMatchObject({ accepted: events.length });
    const rule = { metric: 'reasonSpike', channel: 'total', op: '>', threshold: 1.5, clear: 1.2, for: 60, clearFor: 60 };
    const put = await fetch(`${srv.url}/api/v1/rules`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}` },
      body: JSON.stringify([{ id: 'spike-share', ...rule }, { id: 'spike-per-order', basis: 'intensity', ...rule }]),
    });
    expect(put.status).toBe(200);
    const alerts = async () => {
      const res = await fetch(`${srv.url}/api/v1/alerts`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
      return ((await res.json()) as { active: { ruleId: string; state: string; value: number; description: string }[] }).active;
    };
    const wismo = reasonOf(await srv.snapshot(), 'wismo')!;
    expect([wismo.share, wismo.previousShare, wismo.intensity['60m'], wismo.previousIntensity]).toEqual([0.5, 0.5, 20 / 1_000, 20 / 2_000]);
    // Pending at once (the breach must hold 60 s); the share rule sees a ratio of 1 and stays quiet.
    await expect.poll(alerts, { timeout: 5_000 }).toEqual([expect.objectContaining({ ruleId: 'spike-per-order', state: 'pending', value: 2 })]);
    srv.clock.set(NOW + 61_000);
    await expect.poll(alerts, { timeout: 5_000 }).toEqual([
      expect.objectContaining({ ruleId: 'spike-per-order', state: 'firing', value: 2, description: 'Reason spike per order > 1.5× across channels' }),
    ]);
    await srv.close();
  });
});
