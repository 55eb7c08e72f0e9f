import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { type TestServer, startTestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { connect } from '../helpers/redis';

/**
 * When the server last applied an event, kept in Redis by the ingest scripts and read with the snapshot: the
 * server's clock at application (not the event's `at`), overall and per channel, shared by every instance.
 */
const T0 = Date.UTC(2026, 10, 27, 14, 0, 0);
const MIN = 60_000;

let redis: Redis;
const open: TestServer[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => {
  for (const s of open) await s.close();
  redis.disconnect();
});

async function server(opts: Partial<Parameters<typeof startTestServer>[1]> = {}): Promise<TestServer> {
  const s = await startTestServer(redis, { now: T0, ...opts });
  open.push(s);
  return s;
}

const tenantOf = (s: TestServer) => s.store.keys.prefix.match(/\{(.+)\}/)![1]!;
const queued = (channel: string, at: number) => ({ id: eid('le'), type: 'contact.queued', at, channel, contactId: eid('c') });
const orders = (at: number) => ({ id: eid('le'), type: 'orders.placed', at, count: 5 });
const csat = (channel: string, at: number) => ({ id: eid('le'), type: 'csat.submitted', at, channel, score: 4 });
const agent = (channel: string, at: number) => ({ id: eid('le'), type: 'agent.status', at, channel, agentId: eid('a'), status: 'available' });

/** Posts `events` at server time `now`; every one must be applied (or, with `duplicates`, none). */
async function post(s: TestServer, now: number, events: object[], duplicates = false) {
  s.clock.set(now);
  const res = await s.post(events);
  expect(res.body).toMatchObject(duplicates ? { accepted: 0, duplicates: events.length } : { accepted: events.length, rejected: [] });
}

const lastEvents = async (s: TestServer) => {
  const snap = await s.snapshot();
  return { all: snap.lastEventAt, ...Object.fromEntries(Object.entries(snap.channels).map(([ch, c]) => [ch, c.lastEventAt])) };
};

describe('last event', () => {
  it('a fresh server has none, at the top or on any channel, and is watched since it started', async () => {
    const s = await server();
    const snap = await s.snapshot();
    expect(snap.lastEventAt).toBeNull();
    expect(Object.values(snap.channels).map((c) => c.lastEventAt)).toEqual([null, null, null, null, null]);
    expect(snap.watchingSince).toBe(T0);
    expect(snap.silenceAfterSeconds).toBe(600);
  });

  it("is the server's clock when a batch was applied, per channel; orders count at the top only; duplicates not at all", async () => {
    const s = await server();
    // Events from minutes before: what counts is when the server applied them.
    await post(s, T0 + 10 * MIN, [queued('chat', T0 + 2 * MIN), agent('voice', T0 + 3 * MIN)]);
    expect(await lastEvents(s)).toEqual({ all: T0 + 10 * MIN, chat: T0 + 10 * MIN, voice: T0 + 10 * MIN, email: null, messaging: null, social: null });
    // Prometheus can watch it too; a channel that never had an event has no sample.
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^peakwatch_last_event_timestamp_seconds\\{channel="total"\\} ${(T0 + 10 * MIN) / 1000}$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^peakwatch_last_event_timestamp_seconds\\{channel="chat"\\} ${(T0 + 10 * MIN) / 1000}$`, 'm'));
    expect(metrics).not.toMatch(/^peakwatch_last_event_timestamp_seconds\{channel="email"\}/m);

    await post(s, T0 + 12 * MIN, [orders(T0 + 11 * MIN)]);
    expect(await lastEvents(s)).toMatchObject({ all: T0 + 12 * MIN, chat: T0 + 10 * MIN, voice: T0 + 10 * MIN, email: null });

    await post(s, T0 + 15 * MIN, [csat('email', T0 + 14 * MIN)]);
    expect(await lastEvents(s)).toMatchObject({ all: T0 + 15 * MIN, chat: T0 + 10 * MIN, email: T0 + 15 * MIN });

    // A re-sent event applies nothing: it says nothing about the feed being alive now.
    const again = queued('chat', T0 + 16 * MIN);
    await post(s, T0 + 17 * MIN, [again]);
    await post(s, T0 + 20 * MIN, [again], true);
    expect(await lastEvents(s)).toMatchObject({ all: T0 + 17 * MIN, chat: T0 + 17 * MIN });
  });

  it('is shared by every instance on the tenant and never moves back for an instance whose clock is behind', async () => {
    const a = await server();
    const b = await server({ tenant: tenantOf(a), now: T0 + 5 * MIN });
    await post(a, T0 + 10 * MIN, [queued('chat', T0 + 9 * MIN)]);
    expect((await b.snapshot()).lastEventAt).toBe(T0 + 10 * MIN);
    // b's clock is 2 minutes behind a's: its batch moves voice (never seen) but not the top or chat back.
    await post(b, T0 + 8 * MIN, [queued('chat', T0 + 7 * MIN), queued('voice', T0 + 7 * MIN)]);
    expect(await lastEvents(a)).toMatchObject({ all: T0 + 10 * MIN, chat: T0 + 10 * MIN, voice: T0 + 8 * MIN });
    // The tenant is watched since its first server started, not since the second did.
    expect((await b.snapshot()).watchingSince).toBe(T0);
  });

  it('the silence threshold reaches the snapshot and the default no-events rule', async () => {
    const s = await server({ silenceAfterSeconds: 120 });
    expect((await s.snapshot()).silenceAfterSeconds).toBe(120);
    expect((await s.built.rules()).find((r) => r.id === 'no-events')).toMatchObject({ metric: 'eventSilence', channel: 'total', op: '>', threshold: 2 });
  });

  it('a fresh install that never receives an event fires no-events once the threshold has passed since it started', async () => {
    const s = await server();
    const evaluate = async (now: number) => {
      s.clock.set(now);
      await s.application.evaluator.evaluate(await s.built.snapshot());
      return (await s.built.alerts.activeAlerts()).filter((a) => a.ruleId === 'no-events').map((a) => [a.state, a.value]);
    };
    expect(await evaluate(T0 + 9 * MIN)).toEqual([]);
    expect(await evaluate(T0 + 11 * MIN)).toEqual([['firing', 11]]);
    // The first event ends the silence.
    await post(s, T0 + 12 * MIN, [queued('chat', T0 + 12 * MIN)]);
    expect(await evaluate(T0 + 12 * MIN + 1_000)).toEqual([]);
  });
});
