import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect } from '../helpers/redis';
import { INGEST_KEY, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid, ev } from '../helpers/events';
import { tenantDump } from '../helpers/tenant-dump';

const NOW = Date.parse('2026-11-27T12:00:30Z');
let redis: Redis;
let srv: TestServer;

beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());
beforeEach(async (ctx) => {
  srv = await startTestServer(redis, { now: NOW });
  ctx.onTestFinished(() => srv.close());
});

const dump = () => tenantDump(redis, srv.store.keys);

const queued = (over: Record<string, unknown> = {}) => ({ id: eid(), type: 'contact.queued', at: NOW - 1000, channel: 'chat', contactId: eid('c'), ...over });

describe('POST /api/v1/events: what is refused, and that it changes nothing', () => {
  it('401 without a key, with a wrong key, and with a viewer token', async () => {
    const before = await dump();
    for (const auth of [null, 'Bearer nope-nope-nope-nope', `Bearer ${TOKENS.admin}`, INGEST_KEY]) {
      const r = await srv.post([queued()], { auth });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatch(/ingest key/);
    }
    expect(await dump()).toEqual(before);
  });

  it('accepts every configured ingest key (so one can be rotated)', async () => {
    expect((await srv.post([queued()], { auth: 'Bearer second-ingest-key-0123456' })).body.accepted).toBe(1);
  });

  it('400 for a body that is not JSON, naming the problem', async () => {
    const r = await srv.post('{"events": [', { raw: true });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'body is not valid JSON' });
  });

  it('400 for JSON that is not an array nor {events: [...]}', async () => {
    for (const body of [{ id: 'x' }, 'a string', 42, null, { events: 'no' }]) {
      const r = await srv.post(body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/JSON array of events/);
    }
  });

  it('413 for a body over 1 MiB, and nothing is applied', async () => {
    const big = Array.from({ length: 4000 }, () => queued({ reason: 'x'.repeat(60), queue: 'q'.repeat(60), contactId: 'c'.repeat(128) }));
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    const before = await dump();
    const r = await srv.post(big);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/larger than 1048576 bytes/);
    expect(await dump()).toEqual(before);
  });

  it('413 for more than 5,000 events, and nothing is applied', async () => {
    const many = Array.from({ length: 5001 }, () => ({ id: eid(), type: 'orders.placed', at: NOW, count: 1 }));
    const r = await srv.post(many);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/5001 events; at most 5000/);
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(0);
  });

  it('accepts {events: [...]} as well as a bare array, and 5,000 events at once', async () => {
    const many = Array.from({ length: 5000 }, () => ({ id: eid(), type: 'orders.placed', at: NOW, count: 2 }));
    expect((await srv.post({ events: many })).body).toEqual({ accepted: 5000, duplicates: 0, rejected: [] });
    expect((await srv.snapshot()).totals.windows.today.orders).toBe(10_000);
  });

  it('rejects each bad event with its index and a message naming the field, and applies the valid ones', async () => {
    const batch = [
      queued({ contactId: 'good-1' }),
      queued({ channel: 'fax' }),
      queued({ at: NOW + 6 * 60_000 }),
      queued({ at: NOW - 8 * 86_400_000 }),
      { id: eid(), type: 'contact.teleported', at: NOW, channel: 'chat', contactId: 'x' },
      queued({ contactId: undefined }),
      queued({ id: '' }),
      { id: eid(), type: 'csat.submitted', at: NOW, channel: 'chat', score: 7 },
      { id: eid(), type: 'orders.placed', at: NOW, count: -3 },
      { id: eid(), type: 'agent.status', at: NOW, channel: 'chat', agentId: 'a', status: 'sleeping' },
      queued({ at: 'yesterday' }),
      'not an event',
      queued({ contactId: 'good-2' }),
    ];
    const r = await srv.post(batch);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.duplicates).toBe(0);
    const errors = Object.fromEntries(r.body.rejected.map((x: { index: number; error: string }) => [x.index, x.error]));
    expect(Object.keys(errors).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(errors[1]).toMatch(/^channel: unknown channel "fax"/);
    expect(errors[2]).toMatch(/^at: .*future/);
    expect(errors[3]).toMatch(/^at: .*older than 7 days/);
    expect(errors[4]).toMatch(/^type: must be one of contact.queued/);
    expect(errors[5]).toMatch(/contactId/);
    expect(errors[6]).toMatch(/^id:/);
    expect(errors[7]).toMatch(/^score:/);
    expect(errors[8]).toMatch(/^count:/);
    expect(errors[9]).toMatch(/^status: must be one of available, busy, away, offline/);
    expect(errors[10]).toMatch(/^at:/);
    expect(errors[11]).toMatch(/must be a JSON object/);
    const snap = await srv.snapshot();
    expect(snap.channels.chat!.waiting).toBe(2);
    expect(snap.totals.windows.today).toMatchObject({ arrivals: 2, orders: 0, csatResponses: 0 });
  });

  it('a rejected event does not burn its id: sent again corrected, it is applied', async () => {
    const id = eid();
    expect((await srv.post([queued({ id, channel: 'fax' })])).body.rejected).toHaveLength(1);
    expect((await srv.post([queued({ id })])).body.accepted).toBe(1);
  });
});

describe('idempotency and order', () => {
  it('a duplicate id, in the same batch or a later one, changes nothing', async () => {
    const e = queued({ contactId: 'dup' });
    const o = { id: eid(), type: 'orders.placed', at: NOW, count: 10 };
    expect((await srv.post([e, o, e, o])).body).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    const before = await srv.snapshot();
    expect((await srv.post([e, o])).body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    const after = await srv.snapshot();
    // Every figure the same; the alerts are the evaluator's, which runs on its own clock beside the test.
    expect({ ...after, alerts: [] }).toEqual({ ...before, alerts: [] });
    expect(after.totals.windows.today.orders).toBe(10);
    expect(after.channels.chat!.windows.today.arrivals).toBe(1);
  });

  it('events of one contact in reverse order give the same figures as in order', async () => {
    const one = [ev.queued('o1', '2026-11-27T11:50:00Z'), ev.answered('o1', '2026-11-27T11:53:00Z'), ev.resolved('o1', '2026-11-27T11:58:00Z')];
    const two = [ev.resolved('o1', '2026-11-27T11:58:00Z'), ev.answered('o1', '2026-11-27T11:53:00Z'), ev.queued('o1', '2026-11-27T11:50:00Z')];
    await srv.post(one);
    const other = await startTestServer(redis, { now: NOW });
    for (const e of two) await other.post([e]); // one request each: answered before queued, resolved before answered
    const [a, b] = [await srv.snapshot('?queues=1'), await other.snapshot('?queues=1')];
    expect(b.channels).toEqual(a.channels);
    expect(a.channels.chat!.windows['15m']).toMatchObject({ arrivals: 1, answered: 1, answeredInTarget: 0, asa: 180, resolved: 1, aht: 300 });
    expect(a.channels.chat!.open).toBe(0);
    await other.close();
  });

  it('an answer that arrives before its queued event leaves nothing waiting', async () => {
    await srv.post([ev.answered('late', '2026-11-27T11:55:00Z')]);
    let c = (await srv.snapshot()).channels.chat!;
    expect([c.waiting, c.windows['15m'].answered]).toEqual([0, 0]);
    await srv.post([ev.queued('late', '2026-11-27T11:54:00Z')]);
    c = (await srv.snapshot()).channels.chat!;
    expect([c.waiting, c.open, c.windows['15m'].answered, c.windows['15m'].asa]).toEqual([0, 1, 1, 60]);
  });

  it("an agent's status with the latest time stands, whatever the order they arrive in", async () => {
    await srv.post([ev.agent('ag', 'busy', '2026-11-27T11:30:00Z')]);
    await srv.post([ev.agent('ag', 'offline', '2026-11-27T11:00:00Z')]);
    expect((await srv.snapshot()).channels.chat!.agents).toEqual({ available: 0, busy: 1, away: 0, offline: 0 });
    await srv.post([ev.agent('ag', 'available', '2026-11-27T11:45:00Z', 'voice')]);
    const snap = await srv.snapshot();
    expect(snap.channels.chat!.agents.busy).toBe(0);
    expect(snap.channels.voice!.agents.available).toBe(1);
  });

  it('ISO-8601 times with an offset are the same instant as epoch ms', async () => {
    await srv.post([{ id: eid(), type: 'contact.queued', at: '2026-11-27T12:55:00+01:00', channel: 'chat', contactId: 'iso' }]);
    expect((await srv.snapshot()).channels.chat!.oldestWaitingSince).toBe(Date.parse('2026-11-27T11:55:00Z'));
  });
});

describe('targets', () => {
  it('an admin can change a target; a bad value is a 400 naming the field; a viewer may only read', async () => {
    const put = (body: unknown, token: string) => fetch(`${srv.url}/api/v1/targets`, {
      method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const current = await (await fetch(`${srv.url}/api/v1/targets`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json();
    expect((await put(current, TOKENS.viewer)).status).toBe(403);
    const bad = await put({ ...current, csat: 2 }, TOKENS.admin);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^csat:/);
    const extra = await put({ ...current, isAdmin: true }, TOKENS.admin);
    expect(extra.status).toBe(400);
    const next = { ...current, channels: { chat: { ...current.channels.chat, slThresholdSeconds: 30 } } };
    expect((await put(next, TOKENS.admin)).status).toBe(200);
    // The new threshold applies to waits known from now on.
    await srv.post([ev.queued('t1', '2026-11-27T11:55:00Z'), ev.answered('t1', '2026-11-27T11:55:40Z')]);
    const snap = await srv.snapshot();
    expect(snap.targets.channels.chat!.slThresholdSeconds).toBe(30);
    expect(snap.targets.channels.voice!.slThresholdSeconds).toBe(20);
    expect(snap.channels.chat!.windows['15m'].answeredInTarget).toBe(0);
  });
});

describe('whoami', () => {
  it('tells each token its role, so a page knows what it may offer', async () => {
    for (const [role, token] of Object.entries(TOKENS)) {
      const r = await fetch(`${srv.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
      expect(await r.json()).toEqual({ role, name: role });
    }
    expect((await fetch(`${srv.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${INGEST_KEY}` } })).status).toBe(401);
  });
});

describe('ops endpoints', () => {
  it('healthz, readyz and a Prometheus exposition with ingest counts and live figures', async () => {
    await srv.post([queued(), queued({ channel: 'fax' })]);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${srv.url}/readyz`)).json()).toEqual({ ok: true });
    const text = await (await fetch(`${srv.url}/metrics`)).text();
    expect(text).toMatch(/^peakwatch_ingest_events_total\{result="accepted"\} 1$/m);
    expect(text).toMatch(/^peakwatch_ingest_events_total\{result="rejected"\} 1$/m);
    expect(text).toMatch(/^peakwatch_waiting\{channel="chat"\} 1$/m);
    expect(text).toMatch(/^peakwatch_ingest_batch_seconds_count 1$/m);
  });

  it('answers with security headers: a CSP allowing only its own scripts, no framing, no x-powered-by', async () => {
    const r = await fetch(`${srv.url}/healthz`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('errors are JSON without stack traces, and unknown routes are 404', async () => {
    const r = await fetch(`${srv.url}/api/v1/nope`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'no route GET /api/v1/nope' });
    const s = await fetch(`${srv.url}/api/v1/snapshot`);
    expect(s.status).toBe(401);
    expect(JSON.stringify(await s.json())).not.toMatch(/at .*\.ts/);
  });
});
