import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRACT_MAX_IDS } from '../../shared/retract';
import { INGEST_KEY, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { connect } from '../helpers/redis';
import { wallClient } from '../helpers/socket-client';

/** `POST /api/v1/events/retract` and `GET /api/v1/events/<id>` over HTTP: the admin's undo. */
let redis: Redis;
let srv: TestServer;
const NOW = Date.now();

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: NOW, running: true, broadcast: { minIntervalMs: 50 } });
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

async function call(method: string, path: string, token: string | null, body?: unknown, raw = false) {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const retract = (body: unknown, token: string | null = TOKENS.admin, raw = false) => call('POST', '/events/retract', token, body, raw);

const order = (count: number) => ({ id: eid('rt'), type: 'orders.placed', at: NOW - 60_000, count });

describe('retract over HTTP', () => {
  it('withdraws an order of 10,000,000 and answers how many ids it knew; again, nothing changes', async () => {
    const big = order(10_000_000);
    const small = order(12);
    expect((await srv.post([big, small])).body).toMatchObject({ accepted: 2 });
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(10_000_012);
    expect(await retract({ ids: [big.id, 'never-sent', big.id] })).toEqual({ status: 200, body: { retracted: 1, unknown: 1 } });
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(12);
    expect(await retract({ ids: [big.id] })).toEqual({ status: 200, body: { retracted: 1, unknown: 0 } });
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(12);
    // Sent again by the integration: it stays out.
    expect((await srv.post([big])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(12);
  });

  it('finds an event by id: what it was and whether it counts', async () => {
    const q = { id: eid('rt'), type: 'contact.queued', at: NOW - 30_000, channel: 'email', contactId: 'look-1', queue: 'de' };
    await srv.post([q]);
    const enc = encodeURIComponent(q.id);
    expect(await call('GET', `/events/${enc}`, TOKENS.admin)).toEqual({
      status: 200, body: { id: q.id, state: 'applied', event: { type: 'contact.queued', at: q.at, channel: 'email', contactId: 'look-1', queue: 'de' } },
    });
    await retract({ ids: [q.id] });
    expect((await call('GET', `/events/${enc}`, TOKENS.admin)).body).toMatchObject({ state: 'retracted', event: { contactId: 'look-1' } });
    expect((await call('GET', '/events/nothing-like-it', TOKENS.admin)).body).toEqual({ id: 'nothing-like-it', state: 'unknown', event: null });
    expect((await call('GET', `/events/${'x'.repeat(129)}`, TOKENS.admin)).status).toBe(400);
  });

  it('tells the screens: a wall sees the figure drop without reloading', async () => {
    const c = order(500);
    await srv.post([c]);
    const wall = wallClient(srv.url, TOKENS.viewer);
    try {
      const orders = () => wall.state()?.totals.windows.today.orders;
      await expect.poll(orders, { timeout: 5_000 }).toBeGreaterThanOrEqual(500);
      const before = orders()!;
      await retract({ ids: [c.id] });
      await expect.poll(orders, { timeout: 5_000 }).toBe(before - 500);
    } finally {
      wall.close();
    }
  });

  it('needs the admin token: a viewer or lead is refused (403), an ingest key or none is not a token (401); nothing changes', async () => {
    const c = order(7);
    await srv.post([c]);
    const before = (await srv.snapshot()).totals.windows.today.orders;
    for (const [token, status] of [[TOKENS.viewer, 403], [TOKENS.lead, 403], [INGEST_KEY, 401], [null, 401]] as const) {
      const res = await retract({ ids: [c.id] }, token);
      expect(res.status, String(token)).toBe(status);
      expect(typeof res.body.error).toBe('string');
      expect((await call('GET', `/events/${c.id}`, token)).status).toBe(status);
    }
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(before);
  });

  it('a bad body is a 400 that says what is wrong, and nothing changes', async () => {
    const c = order(3);
    await srv.post([c]);
    const before = (await srv.snapshot()).totals.windows.today.orders;
    const bad: [unknown, RegExp, boolean?][] = [
      [{}, /ids: is required/],
      [{ ids: [] }, /ids: must name at least one event id/],
      [{ ids: c.id }, /ids: is required: an array of event ids/],
      [{ ids: [c.id, 7] }, /ids\.1: must be a string/],
      [{ ids: [''] }, /ids\.0: must not be empty/],
      [{ ids: ['x'.repeat(129)] }, /ids\.0: must be at most 128 characters/],
      [{ ids: Array.from({ length: RETRACT_MAX_IDS + 1 }, (_, i) => `id-${i}`) }, new RegExp(`at most ${RETRACT_MAX_IDS}`)],
      [{ ids: [c.id], also: 1 }, /unknown field "also"/],
      [[c.id], /body must be \{"ids"/],
      ['{"ids": [', /not valid JSON/, true],
    ];
    for (const [body, message, raw] of bad) {
      const res = await retract(body, TOKENS.admin, raw);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(before);
    expect((await call('GET', `/events/${c.id}`, TOKENS.admin)).body.state).toBe('applied');
  });
});
