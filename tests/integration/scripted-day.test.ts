import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Snapshot } from '../../shared/snapshot';
import { connect } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';

/**
 * A small scripted day, every figure computed by hand (UTC, now = 12:00:30; 15m = 11:46-12:00:59,
 * 60m = 11:01-12:00:59, today = since 00:00). Chat T = 120 s, S = 5 s; voice T = 20 s; email: no short abandon.
 */
const D = '2026-11-27T';
const Y = '2026-11-26T';
const NOW = Date.parse(`${D}12:00:30Z`);

const DAY = [
  // chat
  ev.queued('c1', `${D}11:50:00Z`, 'chat', { queue: 'de', reason: 'wismo' }), ev.answered('c1', `${D}11:51:00Z`), ev.resolved('c1', `${D}11:55:00Z`),
  ev.queued('c2', `${D}11:52:00Z`, 'chat', { queue: 'de', reason: 'refund' }), ev.answered('c2', `${D}11:55:00Z`),
  ev.queued('c3', `${D}11:53:00Z`, 'chat', { queue: 'fr', reason: 'wismo' }), ev.abandoned('c3', `${D}11:53:05Z`),
  ev.queued('c4', `${D}11:54:00Z`, 'chat', { queue: 'fr' }), ev.abandoned('c4', `${D}11:56:00Z`),
  ev.queued('c5', `${D}11:58:00Z`, 'chat', { queue: 'de', reason: 'wismo' }),
  ev.queued('c6', `${D}11:30:00Z`, 'chat', { reason: 'refund' }), ev.answered('c6', `${D}11:32:00Z`), ev.resolved('c6', `${D}11:40:00Z`),
  ev.queued('c7', `${D}09:00:00Z`), ev.answered('c7', `${D}09:00:30Z`), ev.resolved('c7', `${D}10:00:00Z`),
  ev.queued('c8', `${Y}23:59:00Z`), ev.answered('c8', `${D}00:00:30Z`),
  // voice
  ev.queued('v1', `${D}11:59:00Z`, 'voice'), ev.answered('v1', `${D}11:59:20Z`, 'voice'),
  ev.queued('v2', `${D}11:59:10Z`, 'voice'), ev.abandoned('v2', `${D}11:59:40Z`, 'voice'),
  // email
  ev.queued('m1', `${Y}10:00:00Z`, 'email'),
  ev.queued('m2', `${D}11:00:00Z`, 'email'), ev.answered('m2', `${D}11:05:00Z`, 'email'),
  ev.queued('m3', `${D}11:10:00Z`, 'email'), ev.abandoned('m3', `${D}11:10:02Z`, 'email'),
  // social: the reasons of the 60 minutes before
  ev.queued('s1', `${D}10:30:00Z`, 'social', { reason: 'refund' }),
  ev.queued('s2', `${D}10:40:00Z`, 'social', { reason: 'refund' }),
  ev.queued('s3', `${D}10:45:00Z`, 'social', { reason: 'wismo' }),
  // CSAT and orders
  ev.csat(5, `${D}11:57:00Z`), ev.csat(4, `${D}11:57:10Z`), ev.csat(2, `${D}11:57:20Z`), ev.csat(1, `${D}11:20:00Z`, 'voice'),
  ev.orders(100, `${D}11:50:00Z`), ev.orders(100, `${D}11:20:00Z`), ev.orders(800, `${D}08:00:00Z`),
  // agents: the latest `at` stands whatever the arrival order
  ev.agent('a1', 'busy', `${D}11:30:00Z`), ev.agent('a1', 'available', `${D}11:00:00Z`),
  ev.agent('a2', 'available', `${D}11:00:00Z`, 'voice'),
  ev.agent('a3', 'away', `${D}11:10:00Z`), ev.agent('a3', 'offline', `${D}11:05:00Z`),
];

/** The day has no CES or NPS responses (tests/integration/surveys.test.ts has them). */
const NO_SURVEYS = { ces: null, cesMean: null, cesResponses: 0, nps: null, npsResponses: 0 };

let redis: Redis;
let srv: TestServer;
let snap: Snapshot;

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  const res = await srv.post(DAY);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ accepted: DAY.length, duplicates: 0, rejected: [] });
  snap = await srv.snapshot('?queues=1');
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

/** The scripted day's contacts carry no customerId: no repeat figures (tests/integration/repeats.test.ts has those). */
const NO_REPEATS = { repeats: 0, customerArrivals: 0, repeatRate: null };

describe('a scripted day', () => {
  it('chat over 15 minutes: arrivals, answers in target, short abandons, SL, ASA, abandon rate, AHT, CSAT', () => {
    expect(snap.channels.chat!.windows['15m']).toEqual({
      arrivals: 5, answered: 2, abandoned: 2, resolved: 1, answeredInTarget: 1, shortAbandoned: 1,
      serviceLevel: 1 / 3, asa: 120, abandonRate: 0.5, aht: 240, csat: 2 / 3, csatResponses: 3, ...NO_SURVEYS, ...NO_REPEATS,
    });
  });

  it('chat over 60 minutes counts a wait of exactly T as in target', () => {
    expect(snap.channels.chat!.windows['60m']).toEqual({
      arrivals: 6, answered: 3, abandoned: 2, resolved: 2, answeredInTarget: 2, shortAbandoned: 1,
      serviceLevel: 0.5, asa: 120, abandonRate: 0.4, aht: 360, csat: 2 / 3, csatResponses: 3, ...NO_SURVEYS, ...NO_REPEATS,
    });
  });

  it('chat today counts an answer after midnight of a contact queued before it, but not its arrival', () => {
    expect(snap.channels.chat!.windows.today).toEqual({
      arrivals: 7, answered: 5, abandoned: 2, resolved: 3, answeredInTarget: 4, shortAbandoned: 1,
      serviceLevel: 4 / 6, asa: 96, abandonRate: 2 / 7, aht: 1430, csat: 2 / 3, csatResponses: 3, ...NO_SURVEYS, ...NO_REPEATS,
    });
  });

  it('chat live gauges: waiting, oldest wait, open backlog and its ages, agents by latest status', () => {
    const c = snap.channels.chat!;
    expect(c.waiting).toBe(1);
    expect(c.oldestWaitingSince).toBe(Date.parse(`${D}11:58:00Z`));
    expect(c.open).toBe(3);
    expect(c.oldestOpenSince).toBe(Date.parse(`${Y}23:59:00Z`));
    expect(c.backlogAges).toEqual({ '<1h': 2, '1-4h': 0, '4-24h': 1, '1-3d': 0, '>3d': 0 });
    expect(c.agents).toEqual({ available: 0, busy: 1, away: 1, offline: 0 });
    expect(snap.channels.voice!.agents).toEqual({ available: 1, busy: 0, away: 0, offline: 0 });
  });

  it('voice: an answer at exactly 20 s is in target; a 30 s abandon is not short', () => {
    expect(snap.channels.voice!.windows['15m']).toMatchObject({
      arrivals: 2, answered: 1, abandoned: 1, answeredInTarget: 1, shortAbandoned: 0, serviceLevel: 0.5, asa: 20, abandonRate: 0.5,
    });
    expect(snap.channels.voice!.windows['60m'].csat).toBe(0);
  });

  it('email: no abandon is short, and an open ticket from yesterday is 1-3 days old', () => {
    const e = snap.channels.email!;
    expect(e.windows.today).toMatchObject({ arrivals: 2, answered: 1, abandoned: 1, shortAbandoned: 0, serviceLevel: 0.5, asa: 300 });
    expect(e.open).toBe(2);
    expect(e.waiting).toBe(1); // m1; m2 was answered, so it is open but not waiting
    expect(e.backlogAges['1-3d']).toBe(1);
  });

  it('channels without events are all zeros and nulls', () => {
    expect(snap.channels.messaging!.windows.today).toEqual({
      arrivals: 0, answered: 0, abandoned: 0, resolved: 0, answeredInTarget: 0, shortAbandoned: 0,
      serviceLevel: null, asa: null, abandonRate: null, aht: null, csat: null, csatResponses: 0, ...NO_SURVEYS, ...NO_REPEATS,
    });
    expect(snap.channels.messaging!.oldestWaitingSince).toBeNull();
  });

  it('totals: arrivals of all channels per order, CSAT of all responses', () => {
    expect(snap.totals.windows['15m']).toEqual({ arrivals: 7, orders: 100, contactRate: 0.07, csat: 2 / 3, csatResponses: 3, ...NO_SURVEYS, ...NO_REPEATS });
    expect(snap.totals.windows['60m']).toEqual({ arrivals: 9, orders: 200, contactRate: 9 / 200, csat: 0.5, csatResponses: 4, ...NO_SURVEYS, ...NO_REPEATS });
    expect(snap.totals.windows.today).toMatchObject({ arrivals: 14, orders: 1000, contactRate: 14 / 1000 });
  });

  it('reasons: shares of the last 60 minutes and their change against the 60 before', () => {
    expect(snap.reasons.map((r) => r.reason)).toEqual(['wismo', 'refund']);
    const [wismo, refund] = snap.reasons;
    expect(wismo).toMatchObject({ count: 3, share: 0.6, previousCount: 1 });
    expect(wismo!.previousShare).toBeCloseTo(1 / 3);
    expect(wismo!.change).toBeCloseTo(0.6 - 1 / 3);
    expect(refund).toMatchObject({ count: 2, share: 0.4, previousCount: 2 });
    expect(refund!.change).toBeCloseTo(0.4 - 2 / 3);
  });

  it('per queue figures on request, and none without it', async () => {
    const de = snap.channels.chat!.queues!.de!;
    expect(de.windows['15m']).toMatchObject({ arrivals: 3, answered: 2, answeredInTarget: 1, abandoned: 0 });
    expect(de.waiting).toBe(1);
    expect(de.open).toBe(2);
    const fr = snap.channels.chat!.queues!.fr!;
    expect(fr.windows['15m']).toMatchObject({ arrivals: 2, abandoned: 2, shortAbandoned: 1, serviceLevel: 0 });
    expect(fr.open).toBe(0);
    expect((await srv.snapshot()).channels.chat!.queues).toBeUndefined();
  });

  it('the snapshot carries the time, the targets and the field names of docs/METRICS.md', () => {
    expect(snap.at).toBe(NOW);
    expect(snap.targets.channels.chat).toMatchObject({ serviceLevel: 0.8, slThresholdSeconds: 120 });
    expect(snap.targets.contactRate).toBe(0.052);
    expect(Object.keys(snap.channels)).toEqual(['chat', 'voice', 'email', 'messaging', 'social']);
  });
});

describe('windows at their edges', () => {
  it('15m starts at the first second of the 15th minute back, 60m likewise', async () => {
    const s = await startTestServer(redis, { now: NOW });
    const r = await s.post([
      { id: `edge-a-${NOW}`, type: 'contact.queued', at: Date.parse(`${D}11:46:00.000Z`), channel: 'chat', contactId: 'in15' },
      { id: `edge-b-${NOW}`, type: 'contact.queued', at: Date.parse(`${D}11:45:59.999Z`), channel: 'chat', contactId: 'out15' },
      { id: `edge-c-${NOW}`, type: 'contact.queued', at: Date.parse(`${D}11:01:00.000Z`), channel: 'chat', contactId: 'in60' },
      { id: `edge-d-${NOW}`, type: 'contact.queued', at: Date.parse(`${D}11:00:59.999Z`), channel: 'chat', contactId: 'out60' },
    ]);
    expect(r.body.accepted).toBe(4);
    const w = (await s.snapshot()).channels.chat!.windows;
    expect([w['15m'].arrivals, w['60m'].arrivals, w.today.arrivals]).toEqual([1, 3, 4]);
    // A minute later the oldest of the 15m window has slid out.
    s.clock.advance(60_000);
    const later = (await s.snapshot()).channels.chat!.windows;
    expect([later['15m'].arrivals, later['60m'].arrivals]).toEqual([0, 2]);
    await s.close();
  });
});

describe('today in a time zone', () => {
  it('starts at local midnight in Europe/Berlin, and resets when the clock passes it', async () => {
    // 23:30 Berlin (UTC+1) on the 26th = 22:30Z.
    const s = await startTestServer(redis, { now: Date.parse(`${Y}22:30:00Z`), timeZone: 'Europe/Berlin' });
    await s.post([ev.queued('b1', `${Y}22:00:00Z`), ev.queued('b2', `${Y}22:20:00Z`)]);
    let snap1 = await s.snapshot();
    expect(snap1.todayStart).toBe(Date.parse(`${Y}00:00:00+01:00`));
    expect(snap1.channels.chat!.windows.today.arrivals).toBe(2);
    s.clock.set(Date.parse(`${Y}23:10:00Z`)); // 00:10 on the 27th in Berlin
    await s.post([ev.queued('b3', `${Y}23:05:00Z`)]);
    snap1 = await s.snapshot();
    expect(snap1.todayStart).toBe(Date.parse(`${D}00:00:00+01:00`));
    expect(snap1.channels.chat!.windows.today.arrivals).toBe(1);
    expect(snap1.channels.chat!.windows['60m'].arrivals).toBe(2); // b2 and b3; b1 slid out
    await s.close();
  });

  it('in a half-hour zone (Asia/Kolkata) today joins minutes, hours and minutes without gap or overlap', async () => {
    // 01:30 IST on the 28th = 20:00:30Z on the 27th; IST midnight = 18:30Z.
    const s = await startTestServer(redis, { now: Date.parse(`${D}20:00:30Z`), timeZone: 'Asia/Kolkata' });
    await s.post([
      ev.queued('k0', `${D}18:29:59Z`), ev.queued('k1', `${D}18:30:00Z`), ev.queued('k2', `${D}18:59:59Z`),
      ev.queued('k3', `${D}19:00:00Z`), ev.queued('k4', `${D}19:59:59Z`), ev.queued('k5', `${D}20:00:10Z`),
    ]);
    const snap2 = await s.snapshot();
    expect(snap2.channels.chat!.windows.today.arrivals).toBe(5);
    await s.close();
  });
});
