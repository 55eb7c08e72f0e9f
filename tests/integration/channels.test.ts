import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connect, uniqueTenant } from '../helpers/redis';
import { LEAD_TOKENS, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';

/** `GET/PUT /api/v1/channels`, the channel state in the snapshot and the readiness minutes, on a real Redis, with a hand-moved clock. */

const TZ = 'Europe/Berlin';
/** Epoch ms of a Berlin wall-clock time; 2026-11-30 is a Monday. */
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toMillis();
const MON_0900 = berlin('2026-11-30T09:00');

let redis: Redis;
const servers: TestServer[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => { for (const s of servers) await s.close(); redis.disconnect(); });

async function server(now = MON_0900, tenant?: string): Promise<TestServer> {
  const s = await startTestServer(redis, { now, timeZone: TZ, channels: ['chat', 'voice', 'email'], tenant });
  servers.push(s);
  // The minutes are recorded by the test's own evaluations, at times it chooses: no background ones.
  await s.application.evaluator.stop();
  return s;
}

async function api(s: TestServer, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const agent = (s: TestServer, agentId: string, status: string, channel = 'chat') =>
  s.post([{ id: eid(), type: 'agent.status', at: s.clock.now(), channel, agentId, status }]);
const chatState = async (s: TestServer) => {
  const c = (await s.snapshot()).channels.chat!;
  return { state: c.state, closedReason: c.closedReason, reopensAt: c.reopensAt, inHours: c.inHours };
};

describe('channels API', () => {
  it('viewers read, cannot write; a lead closes and reopens with the token\'s name but cannot set hours; an admin sets hours', async () => {
    const s = await server();
    const got = await api(s, 'GET', '/channels', TOKENS.viewer);
    expect(got).toEqual({ status: 200, body: Object.fromEntries(['chat', 'voice', 'email'].map((ch) => [ch, { hours: null, closed: false, closedReason: null, closedBy: null, closedAt: null }])) });
    expect((await api(s, 'PUT', '/channels', TOKENS.viewer, { voice: { closed: true, closedReason: 'x' } })).status).toBe(403);

    const leadHours = await api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { voice: { hours: null } });
    expect(leadHours.status).toBe(403);
    expect(leadHours.body.error).toMatch(/^hours: only an admin sets opening hours/);

    const forged = await api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { voice: { closed: true, closedReason: 'carrier outage', closedBy: 'CEO' } });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatch(/^voice\.closedBy: is recorded from your token/);

    const closed = await api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { voice: { closed: true, closedReason: 'carrier outage, calls moved to chat' } });
    expect(closed.status).toBe(200);
    expect(closed.body.voice).toEqual({ hours: null, closed: true, closedReason: 'carrier outage, calls moved to chat', closedBy: 'sam', closedAt: MON_0900 });
    expect(closed.body.chat.closed).toBe(false);

    const hours = { mon: [['08:00', '20:00']], tue: [['08:00', '20:00']] };
    const admin = await api(s, 'PUT', '/channels', TOKENS.admin, { voice: { hours } });
    // Setting hours leaves the lead's close as it was.
    expect(admin.body.voice).toMatchObject({ hours, closed: true, closedBy: 'sam' });

    const reopened = await api(s, 'PUT', '/channels', LEAD_TOKENS.ana, { voice: { closed: false } });
    expect(reopened.body.voice).toEqual({ hours, closed: false, closedReason: null, closedBy: null, closedAt: null });
    expect((await api(s, 'GET', '/channels', TOKENS.viewer)).body.voice.hours).toEqual(hours);
  });

  it('answers 400 naming the field for bad hours, a close without a reason and an unknown channel', async () => {
    const s = await server();
    const bad = async (body: unknown) => (await api(s, 'PUT', '/channels', TOKENS.admin, body)).body;
    expect(await bad({ chat: { hours: { mon: [['09:00', '25:00']] } } })).toMatchObject({ error: expect.stringMatching(/^chat\.hours\.mon\.0\.1: must be a time/) });
    expect((await bad({ chat: { hours: { mon: [['09:00', '12:00'], ['11:00', '13:00']] } } })).error).toBe('chat.hours.mon.1: overlaps 09:00-12:00');
    expect((await bad({ chat: { hours: { monday: [] } } })).error).toMatch(/monday/);
    expect((await bad({ chat: { closed: true } })).error).toMatch(/^chat\.closedReason: is required to close a channel/);
    expect((await bad({ fax: { closed: false } })).error).toBe('fax: not a configured channel (configured: chat, voice, email)');
  });
});

describe('channel state in the snapshot', () => {
  it('follows the hours in the configured time zone, with the next opening', async () => {
    const s = await server(berlin('2026-11-30T07:30'));
    await agent(s, 'a1', 'available');
    await api(s, 'PUT', '/channels', TOKENS.admin, { chat: { hours: { mon: [['08:00', '12:00'], ['13:00', '24:00']], tue: [['00:00', '02:00']] } } });
    expect(await chatState(s)).toEqual({ state: 'closed', closedReason: null, reopensAt: berlin('2026-11-30T08:00'), inHours: false });
    s.clock.set(berlin('2026-11-30T08:00'));
    expect((await chatState(s)).state).toBe('open');
    s.clock.set(berlin('2026-11-30T12:15'));
    expect(await chatState(s)).toMatchObject({ state: 'closed', reopensAt: berlin('2026-11-30T13:00') });
    s.clock.set(berlin('2026-12-01T01:59')); // through midnight: Monday's 24:00 meets Tuesday's 00:00
    expect((await chatState(s)).state).toBe('open');
    s.clock.set(berlin('2026-12-01T02:00'));
    expect(await chatState(s)).toMatchObject({ state: 'closed', reopensAt: berlin('2026-12-07T08:00') });
  });

  it('goes unstaffed as agents go away one by one, open when one comes back; a lead\'s close shows its reason', async () => {
    const s = await server();
    expect((await chatState(s)).state).toBe('unstaffed'); // nobody logged in yet
    await agent(s, 'a1', 'available');
    await agent(s, 'a2', 'busy');
    expect((await chatState(s)).state).toBe('open');
    s.clock.advance(1_000);
    await agent(s, 'a1', 'away');
    expect((await chatState(s)).state).toBe('open'); // a2 is still busy with a contact
    s.clock.advance(1_000);
    await agent(s, 'a2', 'offline');
    expect((await chatState(s)).state).toBe('unstaffed');
    s.clock.advance(1_000);
    await agent(s, 'a1', 'available');
    expect((await chatState(s)).state).toBe('open');
    await api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { chat: { closed: true, closedReason: 'system migration' } });
    expect(await chatState(s)).toEqual({ state: 'closed', closedReason: 'system migration', reopensAt: null, inHours: true });
    await api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { chat: { closed: false } });
    expect((await chatState(s)).state).toBe('open');
  });
});

describe('minutes closed or unstaffed today', () => {
  it('counts each minute inside the hours once, by its state, and keeps them across a restart', async () => {
    const tenant = uniqueTenant();
    const s = await server(berlin('2026-11-30T07:55'), tenant);
    await api(s, 'PUT', '/channels', TOKENS.admin, { chat: { hours: { mon: [['08:00', '09:00']] } } });
    // A scripted morning: state changes at the start of a minute, evaluations at :10 and :50 of each minute.
    const script: Record<string, () => Promise<unknown>> = {
      '08:10': () => agent(s, 'a1', 'available'), // 07:55-08:10: unstaffed, but only 08:00-08:09 in the hours (10 min)
      '08:20': () => api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { chat: { closed: true, closedReason: 'outage' } }),
      '08:35': () => api(s, 'PUT', '/channels', LEAD_TOKENS.sam, { chat: { closed: false } }), // closed 15 min
      '08:40': () => agent(s, 'a1', 'offline'),
      '08:43': () => agent(s, 'a1', 'busy'), // unstaffed 3 min
      '08:58': () => agent(s, 'a1', 'away'), // unstaffed 2 min in the hours, then closed by the hours: not counted
    };
    const evaluate = async () => s.application.evaluator.evaluate(await s.built.snapshot());
    for (let t = berlin('2026-11-30T07:55'); t < berlin('2026-11-30T09:10'); t += 60_000) {
      s.clock.set(t);
      await script[DateTime.fromMillis(t, { zone: TZ }).toFormat('HH:mm')]?.();
      for (const sec of [10, 50]) {
        s.clock.set(t + sec * 1000);
        await evaluate();
      }
    }
    const readiness = await api(s, 'GET', '/readiness', TOKENS.viewer);
    expect(readiness.body.channels.chat.availability).toEqual({ state: 'closed', closedMinutes: 15, unstaffedMinutes: 15 });
    // voice and email are open 24×7 and nobody was ever logged in: unstaffed every minute evaluated.
    expect(readiness.body.channels.voice.availability).toEqual({ state: 'unstaffed', closedMinutes: 0, unstaffedMinutes: 75 });

    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const again = await server(berlin('2026-11-30T09:30'), tenant);
    expect((await api(again, 'GET', '/readiness', TOKENS.viewer)).body.channels.chat.availability).toMatchObject({ closedMinutes: 15, unstaffedMinutes: 15 });
    // The next day starts from zero.
    again.clock.set(berlin('2026-12-01T00:05'));
    expect((await api(again, 'GET', '/readiness', TOKENS.viewer)).body.channels.chat.availability).toMatchObject({ closedMinutes: 0, unstaffedMinutes: 0 });
  }, 60_000);

  it('is recorded by the leading instance only: a second instance on the same tenant adds no minute of its own', async () => {
    const tenant = uniqueTenant();
    const opts = { timeZone: TZ, channels: ['chat'], tenant, alerting: { intervalMs: 100, leaseMs: 1_500 } };
    const a = await startTestServer(redis, { ...opts, now: berlin('2026-11-30T10:00:30') });
    servers.push(a);
    await expect.poll(() => a.application.evaluator.isLeader(), { timeout: 5_000 }).toBe(true);
    // The second instance's clock reads another minute: any minute it recorded would show as a second one.
    const b = await startTestServer(redis, { ...opts, now: berlin('2026-11-30T10:05:30') });
    servers.push(b);
    await new Promise((ok) => setTimeout(ok, 1_000)); // ten evaluation rounds of each
    expect(b.application.evaluator.isLeader()).toBe(false);
    const readiness = await api(a, 'GET', '/readiness', TOKENS.viewer);
    expect(readiness.body.channels.chat.availability).toEqual({ state: 'unstaffed', closedMinutes: 0, unstaffedMinutes: 1 });
  });
});
