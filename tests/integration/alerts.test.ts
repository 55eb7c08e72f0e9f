import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { io as connectSocket } from 'socket.io-client';
import { verifySignature } from '../../server/notify/webhook';
import type { AlertEvent } from '../../shared/socket';
import { connect } from '../helpers/redis';
import { LEAD_TOKENS, TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { startReceiver } from '../helpers/receiver';
import { defaultTargets } from '../../shared/targets';
import { DEFAULT_CHANNELS } from '../../shared/channels';

const SECRET = 'webhook-secret-123';
let redis: Redis;
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(() => { redis = connect(); });
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  redis.disconnect();
});

const fast = { intervalMs: 200, leaseMs: 1500, backoff: { baseMs: 100, maxMs: 400, maxAttempts: 20 } };

async function server(opts: Partial<Parameters<typeof startTestServer>[1]> = {}) {
  const s = await startTestServer(redis, { now: Date.now(), alerting: fast, ...opts });
  cleanup.push(() => s.close());
  return s;
}

async function api(s: TestServer, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A rule that fires when more than `threshold` chat contacts wait, at once (for: 0). */
const waitingRule = (threshold: number, extra: object = {}) => ({
  id: 'chat-queue', metric: 'waiting', channel: 'chat', op: '>', threshold, for: 0, clearFor: 0, severity: 'critical', routes: ['hook'], ...extra,
});

async function configure(s: TestServer, url: string, rule: object) {
  expect((await api(s, 'PUT', '/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url, secret: SECRET }])).status).toBe(200);
  const r = await api(s, 'PUT', '/rules', TOKENS.admin, [rule]);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Two instances on one tenant, a webhook receiver, and a rule that fires when more than one chat contact waits. */
async function twoInstances() {
  const hook = await startReceiver();
  cleanup.push(() => hook.close());
  const a = await server();
  const b = await server({ tenant: a.store.keys.prefix.match(/\{(.+)\}/)![1] });
  await configure(a, hook.url, waitingRule(1));
  return { hook, a, b };
}

const queue = (s: TestServer, n: number) => {
  s.clock.set(Date.now());
  return s.post(Array.from({ length: n }, () => ({ id: eid(), type: 'contact.queued', at: Date.now() - 1000, channel: 'chat', contactId: eid('c') })));
};

describe('alerts end to end', () => {
  it('a breach posted through the event API reaches a webhook, signed, with what breached and by how much', async () => {
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    const s = await server();
    await configure(s, hook.url, waitingRule(2));
    await queue(s, 3);
    await hook.waitFor((g) => g.some((r) => r.json.status === 'firing'));
    const firing = hook.got.find((r) => r.json.status === 'firing')!;
    const ts = firing.headers['x-peakwatch-timestamp'] as string;
    expect(verifySignature(SECRET, ts, firing.body, firing.headers['x-peakwatch-signature'] as string, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature('wrong-secret-000', ts, firing.body, firing.headers['x-peakwatch-signature'] as string, Math.floor(Date.now() / 1000))).toBe(false);
    expect(firing.json.alert).toMatchObject({ rule: 'chat-queue', channel: 'chat', metric: 'waiting', value: 3, threshold: 2, op: '>' });
    const alerts = await api(s, 'GET', '/alerts', TOKENS.viewer);
    expect(alerts.body.active.map((a: { id: string; state: string }) => [a.id, a.state])).toEqual([['chat-queue:chat', 'firing']]);
    expect(alerts.body.history.some((t: { to?: string }) => t.to === 'firing')).toBe(true);
    expect((await s.snapshot()).alerts.map((a) => a.id)).toEqual(['chat-queue:chat']);
  });

  it('two instances on one Redis deliver a breach exactly once', async () => {
    const { hook, a, b } = await twoInstances();
    await queue(b, 2);
    await hook.waitFor((g) => g.some((r) => r.json.status === 'firing'));
    await new Promise((ok) => setTimeout(ok, 1500)); // time for a duplicate to show up, if there were one
    expect(hook.got.filter((r) => r.json.kind === 'firing')).toHaveLength(1);
    expect([a.application.evaluator.isLeader(), b.application.evaluator.isLeader()].filter(Boolean)).toHaveLength(1);
  });

  it("Socket.IO's Redis adapter carries alert events to every instance's sockets, each once; snapshot updates stay on their instance", async () => {
    const { hook, a, b } = await twoInstances();
    const got = new Map<string, AlertEvent[]>([['a', []], ['b', []]]);
    for (const [name, s] of [['a', a], ['b', b]] as const) {
      const socket = connectSocket(s.url, { auth: { token: TOKENS.lead, view: 'leads' }, transports: ['websocket'], forceNew: true });
      cleanup.push(() => { socket.disconnect(); });
      socket.on('alert', (e) => got.get(name)!.push(e));
      await new Promise((ok) => socket.once('snapshot', ok));
    }
    await queue(b, 2);
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((ok) => setTimeout(ok, 50));
      expect(pred()).toBe(true);
    };
    await until(() => [...got.values()].every((evs) => evs.some((e) => e.kind === 'fired')));
    // A lead acks on B; whichever instance leads, both instances' sockets hear it.
    expect((await api(b, 'POST', '/alerts/chat-queue:chat/ack', TOKENS.lead, { note: 'on it' })).status).toBe(200);
    await until(() => [...got.values()].every((evs) => evs.some((e) => e.kind === 'acked')));
    await new Promise((ok) => setTimeout(ok, 500)); // time for a duplicate to show up, if there were one
    for (const evs of got.values()) {
      expect(evs.map((e) => `${e.kind} ${e.alert.id}`)).toEqual(['fired chat-queue:chat', 'acked chat-queue:chat']);
    }
    // What went through the adapter's stream (under the tenant's hash tag): the two alert events, and neither
    // the updates nor the snapshot each socket got on connecting.
    const entries = await redis.xrange(a.store.keys.socketStream, '-', '+');
    const sent = entries.map(([, f]) => {
      const field = (k: string) => f[f.indexOf(k) + 1]!;
      return field('type') === '3' ? (JSON.parse(field('data')) as { packet: { data: [string] } }).packet.data[0] : `type ${field('type')}`;
    });
    expect(sent).toEqual(['alert', 'alert']);
  });

  it('a lead whose connection drops gets the alert events it missed when it comes back, through the other instance (connection state recovery)', async () => {
    const { hook, a, b } = await twoInstances();
    const first = connectSocket(a.url, { auth: { token: TOKENS.lead, view: 'leads' }, transports: ['websocket'], forceNew: true, reconnection: false });
    cleanup.push(() => { first.disconnect(); });
    const fired = new Promise<AlertEvent>((ok) => first.on('alert', ok));
    await new Promise((ok) => first.once('snapshot', ok));
    await queue(a, 2);
    expect((await fired).kind).toBe('fired');
    // The phone drops off (the transport closes, as on a network blip); socket.io-client would come back
    // with its session id and the offset of the last broadcast it got, here through the other instance.
    const { _pid: pid, _lastOffset: offset } = first as unknown as { _pid: string; _lastOffset: string };
    expect(pid).toBeTruthy();
    first.io.engine.close();
    await new Promise((ok) => setTimeout(ok, 200)); // the server sees the drop and keeps the session
    expect((await api(a, 'POST', '/alerts/chat-queue:chat/ack', TOKENS.lead, { note: 'while you were away' })).status).toBe(200);
    /** A client holding the dropped one's session, as socket.io-client does between its reconnect attempts. */
    const resume = () => {
      const socket = connectSocket(b.url, { auth: { token: TOKENS.lead, view: 'leads' }, transports: ['websocket'], forceNew: true, reconnection: false, autoConnect: false });
      Object.assign(socket, { _pid: pid, _lastOffset: offset });
      cleanup.push(() => { socket.disconnect(); });
      return socket;
    };
    const back = resume();
    const missed: AlertEvent[] = [];
    back.on('alert', (e) => missed.push(e));
    back.connect();
    const snapshot = await new Promise<{ alerts: { id: string }[] }>((ok) => back.once('snapshot', ok));
    expect(back.recovered).toBe(true);
    expect(snapshot.alerts.map((x) => x.id)).toEqual(['chat-queue:chat']);
    expect(missed.map((e) => [e.kind, e.alert.id, e.alert.ackNote])).toEqual([['acked', 'chat-queue:chat', 'while you were away']]);
    // A session is used once: the same id again starts afresh.
    const again = resume();
    again.connect();
    await new Promise((ok) => again.once('snapshot', ok));
    expect(again.recovered).toBe(false);
  });

  it('a stopped evaluator gives up the lock and writes nothing more, even when stopped in the middle of a round', async () => {
    const s = await server();
    await s.application.evaluator.stop(); // the first round (lock, snapshot) started with the server: still in flight
    const keys = s.store.keys;
    const after = async () => ({ leader: await redis.get(keys.leader), alerts: await redis.hgetall(keys.alerts), log: await redis.xlen(keys.alertLog) });
    const stopped = await after();
    expect(stopped.leader).toBeNull(); // another instance may lead at once
    expect(s.application.evaluator.isLeader()).toBe(false);
    await new Promise((ok) => setTimeout(ok, 2 * fast.intervalMs + 100)); // rounds would have come
    expect(await after()).toEqual(stopped);
  });

  it('when the leader dies, another instance takes over within the lease and delivers', async () => {
    const { hook, a, b } = await twoInstances();
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((ok) => setTimeout(ok, 50));
      expect(pred()).toBe(true);
    };
    await until(() => a.application.evaluator.isLeader() !== b.application.evaluator.isLeader());
    const [leader, other] = a.application.evaluator.isLeader() ? [a, b] : [b, a];
    await leader.application.evaluator.stop({ resign: false }); // as if it crashed: the lock runs out
    await until(() => other.application.evaluator.isLeader()); // within the 5 s `until` allows (lease: 1.5 s)
    await queue(other, 2);
    await hook.waitFor((g) => g.some((r) => r.json.status === 'firing'));
  });

  it('a receiver that is down gets the notification once it is back, and its health shows the failures', async () => {
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    hook.failNext(3);
    const s = await server();
    await configure(s, hook.url, waitingRule(0));
    await queue(s, 1);
    await hook.waitFor((g) => g.some((r) => r.json.status === 'firing'));
    expect(hook.got.filter((r) => r.json.kind === 'firing')).toHaveLength(1);
    const health = await api(s, 'GET', '/receivers/health', TOKENS.lead);
    expect(health.body.receivers[0]).toMatchObject({ receiver: 'hook', failuresInRow: 0 });
    expect(health.body.receivers[0].lastError).toMatch(/503/);
    expect(health.body.deadLetters).toEqual([]);
  });

  it('repeats while firing and unacked; an ack with a note stops the repeats; the views hear of it', async () => {
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    const s = await server();
    await configure(s, hook.url, waitingRule(0, { repeat: 1 }));
    const socket = connectSocket(s.url, { auth: { token: TOKENS.viewer, view: 'leads' }, transports: ['websocket'], forceNew: true });
    cleanup.push(() => { socket.disconnect(); });
    const events: AlertEvent[] = [];
    socket.on('alert', (e) => events.push(e));
    await new Promise((ok) => socket.once('snapshot', ok));
    await queue(s, 1);
    // The alert clock is the test clock: move it on so that repeats fall due.
    const ticker = setInterval(() => s.clock.advance(600), 100);
    cleanup.push(() => clearInterval(ticker));
    await hook.waitFor((g) => g.filter((r) => r.json.kind === 'repeat').length >= 2);
    expect(events.some((e) => e.kind === 'fired')).toBe(true);
    expect((await api(s, 'POST', '/alerts/chat-queue:chat/ack', TOKENS.viewer, { note: 'on it' })).status).toBe(403);
    const acked = await api(s, 'POST', '/alerts/chat-queue:chat/ack', LEAD_TOKENS.sam, { note: 'on it' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ ackedBy: 'sam', ackNote: 'on it' });
    await new Promise((ok) => setTimeout(ok, 600)); // an evaluation in flight may still send one
    const after = hook.got.filter((r) => r.json.kind === 'repeat').length;
    await new Promise((ok) => setTimeout(ok, 2000)); // ~3 repeat periods of the test clock
    expect(hook.got.filter((r) => r.json.kind === 'repeat').length).toBe(after);
    expect(events.some((e) => e.kind === 'acked' && e.alert.ackNote === 'on it')).toBe(true);
    const active = (await api(s, 'GET', '/alerts', TOKENS.viewer)).body.active;
    expect(active[0]).toMatchObject({ id: 'chat-queue:chat', ackedBy: 'sam', ackNote: 'on it' });
    clearInterval(ticker);
  });

  it('a silence needs a reason and a lead; a bad rule is a 400 naming the field', async () => {
    const s = await server();
    expect((await api(s, 'POST', '/silences', TOKENS.lead, { alertId: 'x', minutes: 10 })).body.error).toMatch(/^reason:/);
    expect((await api(s, 'POST', '/silences', TOKENS.viewer, { alertId: 'x', minutes: 10, reason: 'r' })).status).toBe(403);
    const bad = await api(s, 'PUT', '/rules', TOKENS.admin, [{ id: 'r1', metric: 'serviceLevel', channel: 'chat', op: '<', threshold: 0.8 }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('rules[0].window: is required for serviceLevel');
    const route = await api(s, 'PUT', '/rules', TOKENS.admin, [waitingRule(1, { routes: ['nobody'] })]);
    expect(route.body.error).toBe('rules[0].routes: no receiver named "nobody"');
    expect((await api(s, 'PUT', '/rules', TOKENS.lead, [])).status).toBe(403);
  });

  it('receivers: secrets are never returned, and a secret left out is kept', async () => {
    const s = await server();
    await api(s, 'PUT', '/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', secret: SECRET }]);
    const got = await api(s, 'GET', '/receivers', TOKENS.admin);
    expect(JSON.stringify(got.body)).not.toContain(SECRET);
    expect(got.body[0]).toMatchObject({ name: 'hook', hasSecret: true });
    await api(s, 'PUT', '/receivers', TOKENS.admin, [{ name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/y' }]);
    expect((await s.built.receivers())[0]).toMatchObject({ url: 'http://127.0.0.1:9/y', secret: SECRET });
    expect((await api(s, 'GET', '/receivers', TOKENS.lead)).status).toBe(403);
  });

  it('the default rules exist from the first start', async () => {
    const s = await server();
    const rules = await api(s, 'GET', '/rules', TOKENS.viewer);
    const ids = rules.body.map((r: { id: string }) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    expect(rules.body.find((r: { metric: string; channel: string }) => r.metric === 'serviceLevel' && r.channel === 'chat')).toMatchObject({ op: '<', threshold: 'target', window: '15m', routes: ['*'] });
  });
});

const nps = (score: number, channel = 'chat') => ({ id: eid('n'), type: 'survey.submitted', kind: 'nps', at: Date.now() - 1000, channel, score });

describe('alerts on surveys', () => {
  it('a rule on NPS fires at a webhook with the score, and reads as a score', async () => {
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    const s = await server({ running: true });
    await configure(s, hook.url, { id: 'chat-nps', metric: 'nps', channel: 'chat', window: '15m', op: '<', threshold: 0, for: 0, clearFor: 0, routes: ['hook'] });
    await s.post([nps(2), nps(6), nps(10), nps(8)]); // 1 promoter, 2 detractors of 4: −25
    await hook.waitFor((g) => g.some((r) => r.json.status === 'firing'));
    const firing = hook.got.find((r) => r.json.status === 'firing')!;
    expect(firing.json.alert).toMatchObject({ rule: 'chat-nps', channel: 'chat', metric: 'nps', value: -25, threshold: 0, op: '<' });
    expect(firing.json.summary).toBe('chat: NPS (15 min) -25, below 0 by 25 pts');
  });

  it('CES and NPS targets are optional: set, followed by a rule, and cleared', async () => {
    const s = await server({ running: true });
    const base = defaultTargets([...DEFAULT_CHANNELS]);
    expect((await api(s, 'GET', '/targets', TOKENS.viewer)).body).not.toHaveProperty('nps');
    const bad = await api(s, 'PUT', '/targets', TOKENS.admin, { ...base, nps: 120 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^nps: /);
    const set = await api(s, 'PUT', '/targets', TOKENS.admin, { ...base, ces: 0.7, nps: 20 });
    expect(set.body).toMatchObject({ ces: 0.7, nps: 20 });
    expect((await s.snapshot()).targets).toMatchObject({ ces: 0.7, nps: 20 });
    const rule = { id: 'nps-target', metric: 'nps', channel: 'total', window: '60m', op: '<', threshold: 'target', for: 0, clearFor: 0 };
    expect((await api(s, 'PUT', '/rules', TOKENS.admin, [rule])).status).toBe(200);
    expect((await api(s, 'PUT', '/rules', TOKENS.admin, [{ ...rule, channel: 'chat' }])).body.error).toMatch(/across channels/);
    await s.post([nps(0, 'voice'), nps(10, 'chat')]); // 0 across channels: below the target of 20
    await expect.poll(async () => (await s.snapshot()).alerts.map((a) => [a.id, a.value, a.threshold]), { timeout: 5_000 })
      .toEqual([['nps-target:total', 0, 20]]);
    const cleared = await api(s, 'PUT', '/targets', TOKENS.admin, base);
    expect(cleared.body).not.toHaveProperty('nps');
    expect(cleared.body).not.toHaveProperty('ces');
  });
});
