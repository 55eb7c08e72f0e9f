/**
 * The evaluator against a real alert store, with an injected clock and hand-made snapshots: what it writes
 * (states, log, outbox) when a rule is removed or changed, when a silence runs out, while an alert clears, and
 * when a followed target moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { alertMeasure } from '../../shared/alert-text';
import { ruleSchema, type Delivery, type ReceiverConfig, type Rule } from '../../shared/alerts';
import { defaultTargets, type Targets } from '../../shared/targets';
import { Evaluator } from '../../server/alerts/evaluator';
import { AlertStore } from '../../server/store/alert-store';
import { tenantKeys } from '../../server/store/keys';
import { TOKENS, startTestServer } from '../helpers/app';
import { eid } from '../helpers/events';
import { connect, uniqueTenant } from '../helpers/redis';
import { SNAP_AT, makeSnapshot } from '../helpers/snapshot-factory';

let redis: Redis;
beforeAll(() => { redis = connect(); });
afterAll(() => redis.disconnect());

const RECEIVERS: ReceiverConfig[] = [{ name: 'hook', type: 'webhook', url: 'https://hooks.example.com/peakwatch' }];
const waiting = (threshold: number | 'target', over: object = {}): Rule => ruleSchema.parse({
  id: 'chat-queue', metric: 'waiting', channel: 'chat', op: '>', threshold, for: 0, clearFor: 120, repeat: 0, routes: ['hook'], ...over,
});
const chatWaiting = (n: number) => makeSnapshot({ channels: { chat: { waiting: n, oldestWaitingSince: n ? SNAP_AT - 60_000 : null }, voice: {}, email: {} } });

/** An evaluator on a fresh tenant whose rules, targets and clock the test sets. */
function setup(initial: Rule[]) {
  const keys = tenantKeys(uniqueTenant());
  const store = new AlertStore(redis, keys);
  const world = { rules: initial, targets: defaultTargets(['chat', 'voice', 'email']) as Targets, now: SNAP_AT };
  const evaluator = new Evaluator({
    alerts: store, snapshot: async () => chatWaiting(0), rules: async () => world.rules, targets: async () => world.targets,
    receivers: async () => RECEIVERS, logger: pino({ level: 'silent' }), clock: () => world.now,
  });
  const at = (s: number) => { world.now = SNAP_AT + s * 1000; return evaluator; };
  const sent = async () => (await redis.xrange(keys.outbox, '-', '+'))
    .map(([, f]) => JSON.parse(f[1]!) as Delivery).map((d) => `${d.notification.kind} ${d.notification.alert.id} to ${d.receiver}`);
  const log = async () => (await store.history(100)).reverse().map((e) => `${e.alertId} ${e.from}>${e.to}`);
  return { world, store, keys, at, sent, log };
}

describe('the evaluator retires alerts whose rule is gone or changed', () => {
  it('an alert of a removed rule resolves: logged, notified once, no longer active or stored', async () => {
    const t = setup([waiting(2)]);
    await t.at(0).evaluate(chatWaiting(5));
    expect((await t.store.activeAlerts()).map((a) => `${a.id} ${a.state}`)).toEqual(['chat-queue:chat firing']);
    t.world.rules = [];
    await t.at(1).evaluate(chatWaiting(5));
    await t.at(2).evaluate(chatWaiting(5));
    expect(await t.store.activeAlerts()).toEqual([]);
    expect(await redis.hlen(t.keys.alerts)).toBe(0);
    expect(await t.log()).toEqual(['chat-queue:chat inactive>pending', 'chat-queue:chat pending>firing', 'chat-queue:chat firing>resolved']);
    expect(await t.sent()).toEqual(['firing chat-queue:chat to hook', 'resolved chat-queue:chat to hook']);
  });

  it('an alert whose rule changed its threshold resolves once; the changed rule starts afresh', async () => {
    const t = setup([waiting(2)]);
    await t.at(0).evaluate(chatWaiting(5));
    t.world.rules = [waiting(10)];
    await t.at(1).evaluate(chatWaiting(5));
    await t.at(2).evaluate(chatWaiting(5));
    expect(await t.store.activeAlerts()).toEqual([]);
    expect((await t.log()).slice(2)).toEqual(['chat-queue:chat firing>resolved']);
    expect(await t.sent()).toEqual(['firing chat-queue:chat to hook', 'resolved chat-queue:chat to hook']);
    // Changed to another metric that breaches at once: the old episode resolves and the new one fires.
    t.world.rules = [waiting(2)];
    await t.at(3).evaluate(chatWaiting(5));
    t.world.rules = [ruleSchema.parse({ ...waiting(30), metric: 'oldestWaitSeconds' })];
    await t.at(4).evaluate(chatWaiting(5));
    expect((await t.log()).slice(-3)).toEqual(['chat-queue:chat firing>resolved', 'chat-queue:chat inactive>pending', 'chat-queue:chat pending>firing']);
    expect((await t.store.activeAlerts())[0]).toMatchObject({ metric: 'oldestWaitSeconds', state: 'firing', threshold: 30 });
  });

  it('a pending alert of a removed rule goes quietly: logged, never notified', async () => {
    const t = setup([waiting(2, { for: 60 })]);
    await t.at(0).evaluate(chatWaiting(5));
    t.world.rules = [];
    await t.at(1).evaluate(chatWaiting(5));
    expect(await t.log()).toEqual(['chat-queue:chat inactive>pending', 'chat-queue:chat pending>inactive']);
    expect(await t.sent()).toEqual([]);
  });
});

describe('the evaluator and time', () => {
  it('a silence disappears at its `until`, from the stored alert and from the silences', async () => {
    const t = setup([waiting(2)]);
    await t.at(0).evaluate(chatWaiting(5));
    const until = SNAP_AT + 300_000;
    await t.store.setSilence('chat-queue:chat', { at: SNAP_AT, until, by: 'ana', reason: 'known outage' });
    await t.at(299).evaluate(chatWaiting(5));
    expect((await t.store.activeAlerts())[0]).toMatchObject({ silencedUntil: until, silenceReason: 'known outage' });
    await t.at(300).evaluate(chatWaiting(5));
    expect((await t.store.activeAlerts())[0]).toMatchObject({ state: 'firing', silencedUntil: null, silenceReason: null });
    expect(await redis.hexists(t.keys.silences, 'chat-queue:chat')).toBe(0);
  });

  it('a firing alert back under its threshold reads "clearing" with its peak until clearFor has passed', async () => {
    const t = setup([waiting(2)]);
    await t.at(0).evaluate(chatWaiting(5));
    await t.at(10).evaluate(chatWaiting(9));
    await t.at(20).evaluate(chatWaiting(1));
    const [alert] = await t.store.activeAlerts();
    expect(alert).toMatchObject({ state: 'firing', value: 1, peak: 9 });
    expect(alertMeasure(alert!).text).toBe('clearing · peak 9 > 2');
    await t.at(140).evaluate(chatWaiting(1));
    expect(await t.store.activeAlerts()).toEqual([]);
  });

  it('a rule following its target fires at the moved target, and a moved target is not a changed rule', async () => {
    const t = setup([ruleSchema.parse({ id: 'chat-wait', metric: 'oldestWaitSeconds', channel: 'chat', op: '>', threshold: 'target', for: 0, routes: ['hook'] })]);
    await t.at(0).evaluate(chatWaiting(1)); // waited 60 s: under the 120 s target
    expect(await t.store.activeAlerts()).toEqual([]);
    t.world.targets = { ...t.world.targets, channels: { ...t.world.targets.channels, chat: { ...t.world.targets.channels.chat!, slThresholdSeconds: 45 } } };
    await t.at(0).evaluate(chatWaiting(1));
    expect((await t.store.activeAlerts())[0]).toMatchObject({ id: 'chat-wait:chat', state: 'firing', threshold: 45, followsTarget: true });
    t.world.targets = { ...t.world.targets, channels: { ...t.world.targets.channels, chat: { ...t.world.targets.channels.chat!, slThresholdSeconds: 50 } } };
    await t.at(1).evaluate(chatWaiting(1));
    expect((await t.store.activeAlerts())[0]).toMatchObject({ state: 'firing', threshold: 50 });
    expect(await t.sent()).toEqual(['firing chat-wait:chat to hook']);
  });
});

describe('targets the rules follow, end to end', () => {
  it('after PUT /api/v1/targets the saved default rules fire at the new target, the rules untouched', async () => {
    const s = await startTestServer(redis, { now: Date.now(), alerting: { intervalMs: 200, leaseMs: 1500 } });
    try {
      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${s.url}/api/v1${path}`, {
          method, headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      const active = async () => (await api('GET', '/alerts')).body.active as { id: string; state: string; threshold: number }[];
      // Saving the rules (as an admin editing any one does) stores them: they keep following the targets.
      const rules = (await api('GET', '/rules')).body as Rule[];
      expect(rules.find((r) => r.id === 'chat-oldest-wait')?.threshold).toBe('target');
      expect((await api('PUT', '/rules', rules)).status).toBe(200);
      s.clock.set(Date.now());
      expect((await s.post([{ id: eid(), type: 'contact.queued', at: Date.now() - 60_000, channel: 'chat', contactId: eid('c') }])).body.accepted).toBe(1);
      await new Promise((ok) => setTimeout(ok, 600)); // evaluations at the 120 s target: a 60 s wait is no breach
      expect((await active()).map((a) => a.id)).not.toContain('chat-oldest-wait:chat');
      const targets = (await api('GET', '/targets')).body as Targets;
      targets.channels.chat = { ...targets.channels.chat!, slThresholdSeconds: 30 };
      expect((await api('PUT', '/targets', targets)).status).toBe(200);
      let alert: { id: string; state: string; threshold: number } | undefined;
      for (let i = 0; i < 50 && !alert; i++) {
        await new Promise((ok) => setTimeout(ok, 100));
        alert = (await active()).find((a) => a.id === 'chat-oldest-wait:chat');
      }
      expect(alert).toMatchObject({ state: 'firing', threshold: 30 });
      expect((await api('GET', '/rules')).body).toEqual(rules);
    } finally {
      await s.close();
    }
  });
});
