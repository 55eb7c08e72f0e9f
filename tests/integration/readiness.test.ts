import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';

/**
 * A scripted Friday, every figure computed by hand (UTC; now = 14:00:30, so 60m = 13:01-14:00:59 and the
 * running interval is 14:00-14:15, index 56 of 96).
 *
 * Dates are Black Friday 2027 (and the Friday before): minute buckets expire 8 days after their own end in real
 * time, so the scripted days must lie ahead of the wall clock.
 *
 * Last week's buckets are written the honest way: the test clock is set back to that Friday afternoon and
 * the events go through the ingest API (which refuses events older than 7 days against its clock), then the
 * clock returns to today.
 */
const D = '2027-11-26T';
const LW = '2027-11-19T';
const NOW = Date.parse(`${D}14:00:30Z`);
const at = (iso: string) => Date.parse(iso);
const secondsAfter = (base: string, s: number) => new Date(at(base) + s * 1000).toISOString();
const index = (hhmm: string) => (at(`${D}${hhmm}:00Z`) - at(`${D}00:00:00Z`)) / 900_000;

/** Chat arrivals last week per interval: 13:00 20, 13:15 46, 13:30 none, 13:45 23, 14:00 8, 14:15 15. */
const LAST_WEEK: Record<string, number> = { '13:00': 20, '13:15': 46, '13:45': 23, '14:00': 8, '14:15': 15 };

/** Last week's chats, one every 15 s from the start of their interval, each answered and resolved (none left open). */
function lastWeek() {
  return Object.entries(LAST_WEEK).flatMap(([hhmm, n]) => Array.from({ length: n }, (_, k) => {
    const q = secondsAfter(`${LW}${hhmm}:00Z`, k * 15);
    const id = `lw-${hhmm}-${k}`;
    return [ev.queued(id, q), ev.answered(id, secondsAfter(q, 10)), ev.resolved(id, secondsAfter(q, 100))];
  }).flat());
}

function today() {
  const out = [];
  // Chat: 90 arrivals in the last 60 minutes, one every 40 s from 13:01:00 (per interval 21, 23, 22, 23, then 1
  // so far). The first 30 answered after 10 s and resolved 360 s later (AHT 360 s); the next 10 abandoned after 60 s.
  for (let i = 0; i < 90; i++) {
    const q = secondsAfter(`${D}13:01:00Z`, i * 40);
    out.push(ev.queued(`c${i}`, q));
    if (i < 30) out.push(ev.answered(`c${i}`, secondsAfter(q, 10)), ev.resolved(`c${i}`, secondsAfter(q, 370)));
    else if (i < 40) out.push(ev.abandoned(`c${i}`, secondsAfter(q, 60)));
  }
  // Voice: the reference load, 200 calls in the hour (one every 17 s from 13:01:00; per interval 50, 53, 53, 44)
  // with AHT 180 s (20 answered after 5 s, resolved 185 s after queueing).
  for (let i = 0; i < 200; i++) {
    const q = secondsAfter(`${D}13:01:00Z`, i * 17);
    out.push(ev.queued(`v${i}`, q, 'voice'));
    if (i < 20) out.push(ev.answered(`v${i}`, secondsAfter(q, 5), 'voice'), ev.resolved(`v${i}`, secondsAfter(q, 185), 'voice'));
  }
  // Email: 40 arrived this morning (08:00-08:39), all answered at 09:30; 30 of them resolved at 13:30 (AHT 4 h);
  // 10 more arrive in the last hour. Open: 10 + 10 = 20.
  for (let i = 0; i < 40; i++) {
    out.push(ev.queued(`m${i}`, secondsAfter(`${D}08:00:00Z`, i * 60), 'email'), ev.answered(`m${i}`, `${D}09:30:00Z`, 'email'));
    if (i < 30) out.push(ev.resolved(`m${i}`, `${D}13:30:00Z`, 'email'));
  }
  for (let i = 0; i < 10; i++) out.push(ev.queued(`n${i}`, secondsAfter(`${D}13:10:00Z`, i * 60), 'email'));
  // Agents: voice 4 free + 10 on calls (14 staffed); chat 2 free + 1 at full concurrency.
  for (let i = 0; i < 14; i++) out.push(ev.agent(`va${i}`, i < 4 ? 'available' : 'busy', `${D}12:00:00Z`, 'voice'));
  for (let i = 0; i < 3; i++) out.push(ev.agent(`ca${i}`, i < 2 ? 'available' : 'busy', `${D}12:00:00Z`, 'chat'));
  return out;
}

/** Voice forecast for today (CSV, HH:MM local): 13:00 50, 13:15 53, 13:30 60, 13:45 0, 14:15 50. */
const VOICE_CSV = 'channel,interval_start,arrivals\nvoice,13:00,50\nvoice,13:15,53\nvoice,13:30,60\nvoice,13:45,0\nvoice,14:15,50\n';

let redis: Redis;
let srv: TestServer;

async function call(method: string, path: string, opts: { token?: string | null; body?: string; type?: string } = {}) {
  const token = opts.token === undefined ? TOKENS.viewer : opts.token;
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.type ? { 'content-type': opts.type } : {}) },
    body: opts.body,
  });
  return { status: res.status, body: await res.json() as any };
}
const putCsv = (csv: string, token = TOKENS.admin) => call('PUT', '/forecast', { token, body: csv, type: 'text/csv' });
const putJson = (rows: unknown, token = TOKENS.admin) => call('PUT', '/forecast', { token, body: JSON.stringify(rows), type: 'application/json' });

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: at(`${LW}15:00:00Z`) });
  const lw = lastWeek();
  expect((await srv.post(lw)).body).toEqual({ accepted: lw.length, duplicates: 0, rejected: [] });
  srv.clock.set(NOW);
  const day = today();
  expect((await srv.post(day)).body).toEqual({ accepted: day.length, duplicates: 0, rejected: [] });
  expect((await putCsv(VOICE_CSV)).status).toBe(200);
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

describe('GET /api/v1/readiness', () => {
  it('chat: 90 arrivals an hour at AHT 360 s over a concurrency of 3 is 3 Erlangs: 4 agents for 80 % in 120 s', async () => {
    const { status, body } = await call('GET', '/readiness');
    expect(status).toBe(200);
    expect(body).toMatchObject({ at: NOW, timeZone: 'UTC', day: '2027-11-26', intervalMinutes: 15 });
    const chat = body.channels.chat;
    // By hand: A = 90/3600 × 360/3 = 3; B(4,3) = 0.2061, C = 0.5094, SL(4) = 1 − 0.5094·e^(−1) = 0.813 ≥ 0.8 (3 agents: N ≤ A).
    expect(chat.load).toEqual({ arrivalsPerHour: 90, ahtSeconds: 360, ahtSource: '60m', concurrency: 3, erlangs: expect.closeTo(3, 12), serviceLevelTarget: 0.8, thresholdSeconds: 120 });
    expect(chat.agentsRequired).toBe(4);
    // 3 staffed for 3 Erlangs: the queue cannot keep up.
    expect(chat).toMatchObject({ agentsAvailable: 2, agentsStaffed: 3, serviceLevel: 0, asa: null, occupancy: 1 });
    // Next interval (14:15): last week's 15 chats in 15 minutes, A = 15/900 × 120 = 2; SL(3) = 1 − 0.4444·e^(−1) = 0.837.
    expect(chat.next).toEqual({ start: at(`${D}14:15:00Z`), forecast: 15 });
    expect(chat.agentsRequiredNext).toBe(3);
  });

  it('voice: the reference load (200 calls an hour, AHT 180 s) needs 14 agents; 14 staffed give 88.8 %', async () => {
    const voice = (await call('GET', '/readiness')).body.channels.voice;
    expect(voice.load).toMatchObject({ arrivalsPerHour: 200, ahtSeconds: 180, concurrency: 1, erlangs: expect.closeTo(10, 12) });
    expect(voice.agentsRequired).toBe(14);
    expect(voice.agentsAvailable).toBe(4);
    expect(voice.agentsStaffed).toBe(14);
    expect(voice.serviceLevel).toBeCloseTo(0.888, 3);
    expect(voice.occupancy).toBeCloseTo(10 / 14, 10);
    // The uploaded 50 calls for 14:15 are the same load again.
    expect(voice.agentsRequiredNext).toBe(14);
  });

  it('time to clear: email closes 30 an hour against 10 arriving, so its 20 open clear in an hour; chat and voice grow', async () => {
    const { channels } = (await call('GET', '/readiness')).body;
    expect(channels.email).toMatchObject({ open: 20, closedPerHour: 30, timeToClear: 3_600 });
    expect(channels.chat).toMatchObject({ open: 50, closedPerHour: 40, timeToClear: 'growing' });
    expect(channels.voice).toMatchObject({ open: 180, closedPerHour: 20, timeToClear: 'growing' });
    expect(channels.social).toMatchObject({ open: 0, timeToClear: null });
    // Email: A = 10/3600 × 14,400 = 40 Erlangs; with T = 24 h, e^(−86,400/14,400) makes 41 agents enough.
    expect(channels.email.load).toMatchObject({ ahtSeconds: 14_400, erlangs: expect.closeTo(40, 12) });
    expect(channels.email.agentsRequired).toBe(41);
  });

  it('a channel with no handle time measured today staffs with its default AHT', async () => {
    const social = (await call('GET', '/readiness')).body.channels.social;
    expect(social.load).toMatchObject({ arrivalsPerHour: 0, ahtSeconds: 900, ahtSource: 'default' });
    expect(social).toMatchObject({ agentsRequired: 0, serviceLevel: null, occupancy: null, forecastSource: 'none' });
  });

  it('forecast vs actual for chat, from last week\'s buckets: deviation per complete interval', async () => {
    const chat = (await call('GET', '/readiness')).body.channels.chat;
    expect(chat.forecastSource).toBe('last-week');
    expect(chat.intervals).toHaveLength(96);
    const iv = (hhmm: string) => chat.intervals[index(hhmm)];
    expect(iv('12:45')).toEqual({ start: at(`${D}12:45:00Z`), actual: 0, forecast: 0, deviation: null, complete: true });
    expect(iv('13:00')).toMatchObject({ actual: 21, forecast: 20, complete: true });
    expect(iv('13:00').deviation).toBeCloseTo(0.05, 12);
    expect(iv('13:15')).toMatchObject({ actual: 23, forecast: 46, deviation: -0.5 });
    expect(iv('13:30')).toMatchObject({ actual: 22, forecast: 0, deviation: null });   // nothing last week: no ratio
    expect(iv('13:45')).toMatchObject({ actual: 23, forecast: 23, deviation: 0 });
    expect(iv('14:00')).toEqual({ start: at(`${D}14:00:00Z`), actual: 1, forecast: 8, deviation: null, complete: false });
    expect(iv('14:15')).toMatchObject({ actual: null, forecast: 15, complete: false });
    // The day so far: 89 arrived in complete intervals against a forecast of 89.
    expect(chat.today).toEqual({ actual: 89, forecast: 89, deviation: 0 });
  });

  it('forecast vs actual for voice, from the uploaded forecast', async () => {
    const voice = (await call('GET', '/readiness')).body.channels.voice;
    expect(voice.forecastSource).toBe('uploaded');
    const iv = (hhmm: string) => voice.intervals[index(hhmm)];
    expect(iv('12:45')).toMatchObject({ actual: 0, forecast: null, deviation: null });   // not in the upload: missing
    expect(iv('13:00')).toMatchObject({ actual: 50, forecast: 50, deviation: 0 });
    expect(iv('13:15')).toMatchObject({ actual: 53, forecast: 53, deviation: 0 });
    expect(iv('13:30')).toMatchObject({ actual: 53, forecast: 60 });
    expect(iv('13:30').deviation).toBeCloseTo(-7 / 60, 12);
    expect(iv('13:45')).toMatchObject({ actual: 44, forecast: 0, deviation: null });
  });

  it('the targets table of the day', async () => {
    const { targets } = (await call('GET', '/readiness')).body;
    const find = (name: string, channel?: string) => targets.find((t: any) => t.name === name && t.channel === channel);
    // Chat: 30 answered in 10 s, 10 abandoned after 60 s: SL 30/40, abandon rate 10/40.
    expect(find('serviceLevel', 'chat')).toEqual({ name: 'serviceLevel', channel: 'chat', direction: 'min', target: 0.8, actual: 0.75, state: 'breach' });
    expect(find('abandonRate', 'chat')).toMatchObject({ actual: 0.25, state: 'breach' });
    expect(find('serviceLevel', 'voice')).toMatchObject({ actual: 1, state: 'ok' });
    expect(find('serviceLevel', 'social')).toMatchObject({ actual: null, state: 'none' });
    expect(find('contactRate')).toEqual({ name: 'contactRate', direction: 'max', target: 0.052, actual: null, state: 'none' });
    expect(find('csat')).toMatchObject({ state: 'none' });
    // The oldest open email arrived at 08:30 (the 08:00-08:29 ones are resolved): 5 h 30 min 30 s.
    expect(find('oldestOpen', 'email')).toEqual({ name: 'oldestOpen', channel: 'email', direction: 'max', target: 86_400, actual: 19_830, state: 'ok' });
  });

  it('needs a viewer token', async () => {
    expect((await call('GET', '/readiness', { token: null })).status).toBe(401);
    expect((await call('GET', '/readiness', { token: TOKENS.lead })).status).toBe(200);
  });
});

describe('GET /api/v1/forecast', () => {
  it('returns today\'s forecast: uploaded, else last week\'s actuals, else missing', async () => {
    const { status, body } = await call('GET', '/forecast');
    expect(status).toBe(200);
    expect(body).toMatchObject({ day: '2027-11-26', timeZone: 'UTC', intervalMinutes: 15 });
    expect(body.channels.chat.source).toBe('last-week');
    expect(body.channels.chat.uploadedAt).toBeNull();
    expect(body.channels.chat.intervals[index('13:15')]).toEqual({ start: at(`${D}13:15:00Z`), forecast: 46 });
    expect(body.channels.voice).toMatchObject({ source: 'uploaded', uploadedAt: NOW });
    expect(body.channels.voice.intervals[index('13:30')].forecast).toBe(60);
    expect(body.channels.email.source).toBe('none');
  });

  it('a bad day is a 400 naming the parameter', async () => {
    const r = await call('GET', '/forecast?day=2027-13-01');
    expect(r).toEqual({ status: 400, body: { error: 'day: must be a date YYYY-MM-DD', details: [{ field: 'day', message: 'must be a date YYYY-MM-DD' }] } });
  });
});

describe('PUT /api/v1/forecast', () => {
  it('stores a JSON forecast for another day, kept until 8 days after that day', async () => {
    const r = await putJson([
      { channel: 'messaging', intervalStart: '2027-11-27T09:00:00Z', arrivals: 7 },
      { channel: 'messaging', intervalStart: '2027-11-27T09:15:00Z', arrivals: 9 },
    ]);
    expect(r).toEqual({ status: 200, body: { rows: 2, stored: { '2027-11-27': { messaging: 2 } } } });
    const day = (await call('GET', '/forecast?day=2027-11-27')).body;
    expect(day.channels.messaging.source).toBe('uploaded');
    expect(day.channels.messaging.intervals.filter((i: any) => i.forecast !== null)).toEqual([
      { start: at('2027-11-27T09:00:00Z'), forecast: 7 }, { start: at('2027-11-27T09:15:00Z'), forecast: 9 },
    ]);
    expect(await redis.pexpiretime(srv.store.keys.forecast('2027-11-27'))).toBe(at('2027-11-28T00:00:00Z') + 8 * 86_400_000);
  });

  it('a new upload replaces that channel\'s forecast of that day, and leaves other channels and days alone', async () => {
    await putCsv('channel,interval_start,arrivals\nmessaging,10:00,4\nmessaging,10:15,5\n');
    await putCsv('channel,interval_start,arrivals\nmessaging,11:00,6\n');
    const { channels } = (await call('GET', '/forecast')).body;
    expect(channels.messaging.intervals.filter((i: any) => i.forecast !== null)).toEqual([{ start: at(`${D}11:00:00Z`), forecast: 6 }]);
    expect(channels.voice.source).toBe('uploaded');
    expect(channels.voice.intervals[index('13:30')].forecast).toBe(60);
    const tomorrow = (await call('GET', '/forecast?day=2027-11-27')).body;
    expect(tomorrow.channels.messaging.intervals.filter((i: any) => i.forecast !== null)).toHaveLength(2);
  });

  it('a bad CSV row is a 400 naming the row and column, and nothing of the upload is stored', async () => {
    const rows = ['channel,interval_start,arrivals', 'email,09:00,1', 'email,09:15,1', 'email,09:30,1', 'email,09:45,1', 'email,10:00,1', 'email,10:15,lots'];
    const r = await putCsv(rows.join('\n'));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'row 7, column arrivals: must be a whole number ≥ 0', details: [{ row: 7, column: 'arrivals', message: 'must be a whole number ≥ 0' }] });
    expect((await call('GET', '/forecast')).body.channels.email.source).toBe('none');
  });

  it('an unknown channel, an unaligned time or a bad JSON row is a 400 naming the row and column', async () => {
    expect((await putCsv('channel,interval_start,arrivals\nfax,09:00,1')).body.error)
      .toBe('row 2, column channel: unknown channel "fax" (configured: chat, voice, email, messaging, social)');
    expect((await putCsv('channel,interval_start,arrivals\nchat,09:05,1')).body.error)
      .toMatch(/^row 2, column interval_start: must start a 15-minute interval/);
    const json = await putJson([{ channel: 'chat', intervalStart: '09:00', arrivals: 1 }, { channel: 'chat', intervalStart: '09:15', arrivals: -2 }]);
    expect(json).toMatchObject({ status: 400, body: { error: 'row 2, column arrivals: must be a whole number ≥ 0' } });
    expect((await putJson({ channel: 'chat' })).body.error).toBe('body must be a JSON array of {channel, intervalStart, arrivals}');
  });

  it('needs an admin token and a CSV or JSON body', async () => {
    expect((await putCsv(VOICE_CSV, TOKENS.lead)).status).toBe(403);
    expect((await call('PUT', '/forecast', { token: null, body: VOICE_CSV, type: 'text/csv' })).status).toBe(401);
    const r = await call('PUT', '/forecast', { token: TOKENS.admin, body: VOICE_CSV, type: 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.body.error).toMatch(/^Content-Type must be text\/csv/);
  });
});
