import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { LEAD_TOKENS, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { ev } from '../helpers/events';

const D = '2026-11-27T';
const NOW = Date.parse(`${D}12:00:30Z`);
let redis: Redis;
let srv: TestServer;

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW });
  await srv.post([
    ev.queued('a', `${D}11:01:00Z`), ev.answered('a', `${D}11:02:00Z`),            // waits 60 s: in target
    ev.queued('b', `${D}11:06:00Z`), ev.answered('b', `${D}11:20:00Z`),            // waits 14 min
    ev.queued('c', `${D}11:12:00Z`), ev.abandoned('c', `${D}11:13:00Z`),
    ev.queued('d', `${D}11:50:00Z`),                                                 // still waiting
    ev.queued('e', `${D}09:30:00Z`, 'voice'), ev.answered('e', `${D}09:30:10Z`, 'voice'),
    ev.orders(100, `${D}11:05:00Z`), ev.orders(300, `${D}09:10:00Z`),
    ev.csat(5, `${D}11:07:00Z`), ev.csat(1, `${D}11:08:00Z`),
  ]);
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

async function series(q: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${srv.url}/api/v1/series?${qs}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
  return { status: res.status, body: await res.json() };
}
const from = Date.parse(`${D}11:00:00Z`);
const to = Date.parse(`${D}12:00:00Z`);

describe('GET /api/v1/series', () => {
  it('arrivals and answered per 5 minutes, from the same buckets as the snapshot', async () => {
    const arr = await series({ metric: 'arrivals', channel: 'chat', from, to, step: 300 });
    expect(arr.status).toBe(200);
    expect(arr.body.points).toHaveLength(12);
    expect(arr.body.points[0]).toEqual({ t: from, v: 1 });
    expect(arr.body.points.map((p: { v: number }) => p.v)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    const ans = await series({ metric: 'answered', channel: 'chat', from, to, step: 300 });
    expect(ans.body.points.map((p: { v: number }) => p.v)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('service level per 15 minutes, null where nothing left the queue', async () => {
    const sl = await series({ metric: 'serviceLevel', channel: 'chat', from, to, step: 900 });
    expect(sl.body.points.map((p: { v: number | null }) => p.v)).toEqual([0.5, 0, null, null]); // a in target + c abandoned; b out of target
  });

  it('waiting over time is derived back from the live count', async () => {
    const w = await series({ metric: 'waiting', channel: 'chat', from, to, step: 600 });
    // At the end of each 10 min: 11:10 b waits (a was answered) → 1; 11:20 b still (its answer at 11:20:00 falls in
    // the next interval; c came and went) → 1; then nobody until d at 11:50 → 1.
    expect(w.body.points.map((p: { v: number }) => p.v)).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('totals across channels: contact rate and CSAT; hour steps read hour roll-ups', async () => {
    const cr = await series({ metric: 'contactRate', channel: 'total', from: Date.parse(`${D}09:00:00Z`), to, step: 3600 });
    expect(cr.body.points.map((p: { v: number | null }) => p.v)).toEqual([1 / 300, null, 4 / 100]);
    const cs = await series({ metric: 'csat', channel: 'chat', from, to, step: 3600 });
    expect(cs.body.points).toEqual([{ t: from, v: 0.5 }]);
  });

  it('a bad query is a 400 naming the parameter', async () => {
    expect((await series({ metric: 'happiness', channel: 'chat', from, to, step: 300 })).body.error).toMatch(/^metric: must be one of/);
    expect((await series({ metric: 'arrivals', channel: 'fax', from, to, step: 300 })).body.error).toMatch(/^channel: unknown channel "fax"/);
    expect((await series({ metric: 'arrivals', channel: 'chat', from, to, step: 90 })).body.error).toMatch(/^step: must be a multiple of 60/);
    expect((await series({ metric: 'arrivals', channel: 'chat', from: to, to: from, step: 300 })).body.error).toMatch(/^to: must be after from/);
    expect((await series({ metric: 'arrivals', channel: 'chat', from: 0, to, step: 60 })).status).toBe(400);
    const r = await fetch(`${srv.url}/api/v1/series?metric=arrivals&channel=chat&from=${from}&to=${to}&step=300`);
    expect(r.status).toBe(401);
  });
});

describe('incident annotations', () => {
  it('a lead adds one, every view sees it in the snapshot, a viewer cannot add, and it can be removed', async () => {
    const post = (body: unknown, token: string) => fetch(`${srv.url}/api/v1/annotations`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const start = Date.parse(`${D}11:05:00Z`);
    expect((await post({ text: 'carrier X delay', start }, TOKENS.viewer)).status).toBe(403);
    const bad = await post({ text: '', start }, TOKENS.lead);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^text:/);
    expect((await (await post({ text: 'x', start, end: start - 1 }, TOKENS.lead)).json()).error).toMatch(/^end: must not be before start/);
    const made = await post({ text: 'carrier X delay from 11:05', start, channel: 'chat' }, LEAD_TOKENS.sam);
    expect(made.status).toBe(201);
    const a = await made.json();
    expect(a).toMatchObject({ text: 'carrier X delay from 11:05', start, end: null, channel: 'chat', by: 'sam' });
    expect((await srv.snapshot()).annotations.map((x) => x.id)).toEqual([a.id]);
    const list = await (await fetch(`${srv.url}/api/v1/annotations?from=${start}&to=${NOW}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json();
    expect(list).toHaveLength(1);
    const del = await fetch(`${srv.url}/api/v1/annotations/${a.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.lead}` } });
    expect(del.status).toBe(204);
    expect((await srv.snapshot()).annotations).toEqual([]);
  });
});
